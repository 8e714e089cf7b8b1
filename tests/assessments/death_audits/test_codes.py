"""The shipped death audit codes: both languages, and every WASH factor linked to a delivery-room indicator."""

import pytest

from assessments.death_audits.codes import AuditCodesError, current_audit_codes, parse_audit_codes
from tests.conftest import ROOT


@pytest.fixture
def shipped(monkeypatch):
    monkeypatch.setenv("WASHFIT_DEATH_AUDIT_CODES", str(ROOT / "death_audit_codes.yaml"))
    return current_audit_codes()


def test_the_shipped_codes_hold_the_lists_the_district_form_needs(shipped):
    assert set(shipped.case_types) == {"maternal_death", "neonatal_death", "stillbirth", "near_miss"}
    assert set(shipped.places) == {"facility", "referral", "home", "transit"}
    assert shipped.window_months == 24
    assert {"referral_delay", "staff_skills", "community"} <= set(shipped.factors)
    assert shipped.factors["no_running_water"].label.id == "tidak ada air mengalir di ruang bersalin"


def test_every_wash_factor_points_at_indicators_of_the_seed_set(shipped, seed_set):
    for code in shipped.wash_factors:
        linked = shipped.factors[code].indicators
        assert linked and all(i in seed_set for i in linked), code


def test_the_delivery_room_factors_point_at_delivery_room_indicators(shipped, seed_set):
    # Sterile instruments have no delivery-room indicator of their own: EC8 is facility-wide.
    for code in set(shipped.wash_factors) - {"instruments_not_sterile"}:
        assert any("maternal" in seed_set.indicator(i).flags for i in shipped.factors[code].indicators), code


def test_factors_of_an_indicator_reads_the_mapping_backwards(shipped):
    assert shipped.factors_of("W13") == {"no_running_water"}
    assert shipped.factors_of("W1") == frozenset()


def test_the_window_can_be_set_from_the_environment(shipped, monkeypatch):
    monkeypatch.setenv("WASHFIT_AUDIT_WINDOW_MONTHS", "12")
    assert current_audit_codes().window_months == 12
    monkeypatch.setenv("WASHFIT_AUDIT_WINDOW_MONTHS", "soon")
    with pytest.raises(AuditCodesError, match="whole number"):
        current_audit_codes()


def test_a_label_missing_a_language_is_refused_naming_its_place():
    ok = {"a": {"id": "a", "en": "a"}}
    data = {"window_months": 24, "case_types": {"x": {"id": "x"}}, "places": ok, "cause_groups": ok,
            "avoidable_factors": {"f": {"label": ok["a"]}}}
    with pytest.raises(AuditCodesError, match=r"case_types\.x"):
        parse_audit_codes(data, "codes.yaml")
