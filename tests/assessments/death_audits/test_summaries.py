"""Aggregates per facility and year, the one suppression rule, and the evidence window."""

import datetime as dt

import pytest

from assessments.death_audits.codes import current_audit_codes
from assessments.death_audits.summaries import facility_year_aggregates, named_factors, shown_count
from assessments.models import DeathAudit


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "< 3"), (2, "< 3"), (3, "3"), (67, "67")])
def test_shown_count_suppresses_one_and_two(count, shown):
    assert shown_count(count) == shown


def _case(facility, year, month, case_type="neonatal_death", factors=""):
    return DeathAudit(facility_id=facility.id, year=year, month=month, case_type=case_type, place="facility",
                      cause_group="infection", factors=factors)


def test_aggregates_count_case_types_and_wash_factors_per_facility_and_year(session, district):
    f1 = district["f1"]
    session.add_all([_case(f1, 2025, 1, factors="no_running_water referral_delay"),
                     _case(f1, 2025, 2, "maternal_death", "no_running_water no_hand_hygiene"),
                     _case(f1, 2025, 3, "near_miss", "staff_skills"), _case(f1, 2024, 5)])
    session.commit()
    aggregates = facility_year_aggregates(session, current_audit_codes())
    assert [(a.facility_code, a.year) for a in aggregates] == [("F1", 2025), ("F1", 2024)]
    latest = aggregates[0]
    assert (latest.cases, latest.deaths, latest.wash_cases) == (3, 2, 2)
    assert latest.by_case_type == {"neonatal_death": 1, "maternal_death": 1, "near_miss": 1}
    assert latest.by_factor == {"no_running_water": 2, "referral_delay": 1, "no_hand_hygiene": 1, "staff_skills": 1}


def test_named_factors_keep_only_wash_factors_within_the_window(session, district):
    f1, f2 = district["f1"], district["f2"]
    session.add_all([_case(f1, 2026, 11, factors="no_running_water referral_delay"),
                     _case(f2, 2025, 1, factors="no_hand_hygiene"),  # 23 months before: inside
                     _case(f2, 2024, 12, factors="unclean_environment")])  # 24 months before: just outside
    session.commit()
    found = named_factors(session, current_audit_codes(), dt.date(2026, 12, 1))
    assert found == {f1.id: {"no_running_water"}, f2.id: {"no_hand_hygiene"}}
