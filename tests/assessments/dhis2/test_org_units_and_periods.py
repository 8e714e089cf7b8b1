"""What a facility's DHIS2 org unit and a round's DHIS2 period may be, and that setting them is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput
from assessments.facilities import FacilityDetails, check_org_unit, facility_fields, save_facility
from assessments.models import AuditEntry
from assessments.rounds import check_period, dhis2_period, set_round_period


@pytest.mark.parametrize(("given", "stored"), [
    ("DiszpKrYNg8", "DiszpKrYNg8"),  # a DHIS2 uid
    ("  KPG-PKM-01 ", "KPG-PKM-01"),
    ("PKM Uitao/Semau_2.0", "PKM Uitao/Semau_2.0"),
    ("", None), ("   ", None), (None, None),
    ("A" * 50, "A" * 50),
])
def test_an_org_unit_is_a_uid_or_a_bounded_code(given, stored):
    assert check_org_unit(given) == stored


@pytest.mark.parametrize("given", [
    "A" * 51, "KPG\x00PKM", "KPG\nPKM", "=HYPERLINK(\"x\")", "+62", "-KPG", "@KPG", "PKM;DROP", "PKM\tA", "Pkm\u2019s",
])
def test_an_org_unit_with_anything_else_is_refused_with_its_reason(given):
    with pytest.raises(InvalidInput, match="is not a DHIS2 uid or code"):
        check_org_unit(given)


def _details(code: str, org_unit: str | None) -> FacilityDetails:
    return FacilityDetails(code=code, name=f"Puskesmas {code}", dhis2_org_unit=org_unit)


def test_an_org_unit_is_saved_audited_and_taken_only_once(session):
    first = save_facility(session, _details("F1", " ORG-1 "), "admin")
    session.commit()
    assert first.dhis2_org_unit == "ORG-1"
    entry = session.scalar(select(AuditEntry).where(AuditEntry.field == "dhis2_org_unit"))
    assert (entry.old_value, entry.new_value, entry.facility_id) == (None, "ORG-1", first.id)
    with pytest.raises(InvalidInput, match="ORG-1 is already that of facility F1"):
        save_facility(session, _details("F2", "ORG-1"), "admin")
    session.rollback()
    save_facility(session, _details("F2", None), "admin")
    save_facility(session, _details("F3", ""), "admin")  # several facilities may have none
    session.commit()
    save_facility(session, _details("F1", "ORG-1"), "admin", first)  # its own unit again is no clash
    save_facility(session, _details("F1", ""), "admin", first)
    session.commit()
    assert first.dhis2_org_unit is None and facility_fields(first)["dhis2_org_unit"] is None


@pytest.mark.parametrize(("given", "stored"), [("2025", "2025"), ("2025S1", "2025S1"), (" 2026s2 ", "2026S2"),
                                               ("", None), (None, None)])
def test_a_period_is_a_year_or_a_half_year(given, stored):
    assert check_period(given) == stored


@pytest.mark.parametrize("given", ["2025S3", "2025Q1", "202505", "25", "20250", "1825", "2025\x00", "2025 S1"])
def test_any_other_period_is_refused_naming_the_two_kinds(given):
    with pytest.raises(InvalidInput, match="neither a year"):
        check_period(given)


def test_a_round_reports_for_the_year_it_starts_in_until_a_period_is_set(session, make_round):
    round_ = make_round(starts_on=dt.date(2025, 8, 1))
    assert dhis2_period(round_) == "2025"
    set_round_period(session, round_, "2025s2", "admin")
    session.commit()
    assert round_.dhis2_period == "2025S2" and dhis2_period(round_) == "2025S2"
    entry = session.scalar(select(AuditEntry).where(AuditEntry.field == "dhis2_period"))
    assert (entry.entity, entry.old_value, entry.new_value) == ("round", None, "2025S2")
    with pytest.raises(InvalidInput):
        set_round_period(session, round_, "2025S3", "admin")
    session.rollback()
    set_round_period(session, round_, "", "admin")
    session.commit()
    assert dhis2_period(round_) == "2025"
