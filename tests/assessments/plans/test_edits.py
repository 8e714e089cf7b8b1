"""People's edits of a plan: audited, locked against stale forms, checked."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied, StaleVersion
from assessments.models import AuditEntry
from assessments.plans.actions import plan_totals
from assessments.plans.edits import ItemLine, add_custom_action, edit_action, get_action
from tests.assessments.plans.helpers import action, changes, views


def test_editing_records_every_changed_field_in_the_audit_log(session, mini_set, planned_district):
    head = session.merge(planned_district["users"]["head"])
    hh1 = action(session, "HH1")
    count = edit_action(session, mini_set, hh1, changes(responsible="Pak Budi", target_date=dt.date(2026, 3, 1),
                                                        status="in_progress", items=(ItemLine("SOAP", 200),)),
                        head, hh1.version)
    session.commit()
    assert count == 4
    fields = {e.field: (e.old_value, e.new_value) for e in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "plan_action", AuditEntry.username == "head"))}
    assert fields == {"responsible": ("", "Pak Budi"), "target_date": (None, "2026-03-01"),
                      "status": ("planned", "in_progress"), "items": ("SOAP×100", "SOAP×200")}
    assert action(session, "HH1").edited_fields == {"responsible", "target_date", "status", "items"}


def test_the_default_text_typed_back_stays_the_default(session, mini_set, planned_district):
    hh1 = action(session, "HH1")
    edit_action(session, mini_set, hh1, changes(text="Provide soap", items=(ItemLine("SOAP", 100),)),
                session.merge(planned_district["users"]["head"]), hh1.version, lang="en")
    assert action(session, "HH1").text is None and views(session, mini_set)[1].text == "Sediakan sabun"


def test_another_facility_head_cannot_edit(session, mini_set, planned_district):
    hh1 = action(session, "HH1")
    with pytest.raises(PermissionDenied):
        edit_action(session, mini_set, hh1, changes(), session.merge(planned_district["users"]["other_head"]),
                    hh1.version)
    with pytest.raises(PermissionDenied):
        add_custom_action(session, mini_set, session.merge(planned_district["f1"]), changes(text="x"),
                          session.merge(planned_district["users"]["viewer"]))


def test_a_stale_edit_saves_nothing_and_names_the_fields(session, mini_set, planned_district):
    head = session.merge(planned_district["users"]["head"])
    hh1 = action(session, "HH1")
    loaded = hh1.version
    edit_action(session, mini_set, hh1, changes(responsible="A", items=(ItemLine("SOAP", 100),)), head, loaded)
    session.commit()
    with pytest.raises(StaleVersion) as stale:
        edit_action(session, mini_set, action(session, "HH1"), changes(responsible="B", items=(ItemLine("SOAP", 100),)),
                    head, loaded)
    assert [c.field for c in stale.value.changes] == ["responsible"]
    session.rollback()
    assert action(session, "HH1").responsible == "A"


@pytest.mark.parametrize(("bad", "message"), [
    (dict(status="finished"), "not a plan status"),
    (dict(funding_source="World Bank"), "not a funding source"),
    (dict(items=(ItemLine("GOLD", 1),)), "unknown cost item"),
    (dict(items=(ItemLine("SOAP", 0),)), "between 1 and 1000000"),
    (dict(items=(ItemLine("SOAP", 3_000_000_000),)), "between 1 and 1000000"),
    (dict(items=(ItemLine("SOAP", 1, -5),)), "must be between 0 and"),
    (dict(items=(ItemLine("SOAP", 1, 10**19),)), "must be between 0 and"),
    (dict(items=(ItemLine("SOAP", 1), ItemLine("SOAP", 2))), "listed twice"),
])
def test_bad_edits_are_refused_and_change_nothing(session, mini_set, planned_district, bad, message):
    hh1 = action(session, "HH1")
    with pytest.raises(InvalidInput, match=message):
        edit_action(session, mini_set, hh1, changes(**bad), session.merge(planned_district["users"]["head"]),
                    hh1.version)
    session.rollback()
    assert [(i.cost_item_code, i.quantity) for i in action(session, "HH1").items] == [("SOAP", 100)]


def test_an_own_action_needs_text_and_ranks_lowest(session, mini_set, planned_district):
    f1 = session.merge(planned_district["f1"])
    head = session.merge(planned_district["users"]["head"])
    with pytest.raises(InvalidInput, match="needs a text"):
        add_custom_action(session, mini_set, f1, changes(text="  "), head)
    add_custom_action(session, mini_set, f1, changes(text="Cat ulang toilet", funding_source="BOK",
                                                     items=(ItemLine("TRAIN", 1, 750_000),)), head)
    session.commit()
    own = views(session, mini_set)[-1]
    assert (own.indicator_code, own.domain, own.text, own.priority, own.cost) == (
        None, None, "Cat ulang toilet", 1, 750_000)
    assert plan_totals(views(session, mini_set)).by_funding["BOK"] == 750_000


def test_get_action_refuses_another_facilitys_action(session, mini_set, planned_district):
    from assessments.errors import NotFound

    with pytest.raises(NotFound):
        get_action(session, session.merge(planned_district["f2"]), action(session, "W2").id)
