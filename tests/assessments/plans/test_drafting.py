"""Drafting plans from the gaps, and re-drafting them after a newer assessment."""


import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import AuditEntry, CostItemPrice
from assessments.plans.drafting import draft_all_plans, draft_from, draft_plan
from assessments.plans.edits import ItemLine, edit_action
from tests.assessments.plans.helpers import action, changes, follow_up, views


def test_drafting_adds_one_action_per_gap_from_the_first_default_action(session, mini_set, planned_district):
    found = views(session, mini_set, "en")
    assert [(a.indicator_code, a.text) for a in found] == [
        ("W2", "Add storage"), ("HH1", "Provide soap"), ("W3", "Pipe water to the delivery room")]
    assert {a.facility_code for a in found} == {"F1"} and all(a.status == "planned" for a in found)


def test_drafting_is_audited_with_the_facility(session, mini_set, planned_district):
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "plan_action")).all()
    assert sorted(e.new_value.split()[0] for e in entries if e.field == "drafted") == ["HH1", "W2", "W3"]
    assert {e.facility_id for e in entries} == {planned_district["f1"].id}


def test_drafting_seeds_the_catalog_from_the_set(session, mini_set, planned_district):
    assert set(session.scalars(select(CostItemPrice.code))) == {"TANK", "SOAP", "TRAIN"}


def test_a_draft_assessment_cannot_be_drafted_from(session, mini_set, district):
    with pytest.raises(InvalidInput, match="submitted or validated"):
        draft_from(session, session.merge(district["assessment"]), "admin")


def test_only_the_facility_head_or_an_admin_drafts(session, mini_set, planned_district):
    f1 = session.merge(planned_district["f1"])
    for role in ("viewer", "assessor", "other_head"):
        with pytest.raises(PermissionDenied):
            draft_plan(session, f1, session.merge(planned_district["users"][role]))
    assert draft_plan(session, f1, session.merge(planned_district["users"]["head"])).added == 0


def test_redraft_keeps_human_edits_adds_new_gaps_and_marks_met(session, mini_set, planned_district):
    head = session.merge(planned_district["users"]["head"])
    w2 = action(session, "W2")
    edit_action(session, mini_set, w2, changes(text="Tangki 10.000 L", responsible="Bu Ani", status="in_progress",
                                               funding_source="DAK", items=(ItemLine("TANK", 2, 4_000_000),)),
                head, w2.version)
    session.commit()
    newer = follow_up(session, mini_set, planned_district, {"W1": "1", "W2": "2", "W3": "0", "HH1": "2", "HH2": "na"})
    result = draft_plan(session, session.merge(planned_district["f1"]), head)
    session.commit()
    assert (result.added, result.now_met, result.reopened) == (1, 2, 0)
    w2 = action(session, "W2")
    assert (w2.text, w2.responsible, w2.status, w2.funding_source) == (
        "Tangki 10.000 L", "Bu Ani", "in_progress", "DAK")
    assert [(i.cost_item_code, i.quantity, i.unit_cost_override) for i in w2.items] == [("TANK", 2, 4_000_000)]
    met = {a.indicator_code: a.indicator_met for a in views(session, mini_set)}
    assert met == {"W1": False, "W2": True, "W3": False, "HH1": True}
    assert action(session, "W3").assessment_id == newer.id and action(session, "W2").assessment_id != newer.id


def test_redrafting_from_an_older_assessment_is_refused(session, mini_set, planned_district):
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "1", "W3": "0", "HH1": "0", "HH2": "na"})
    draft_all_plans(session)
    with pytest.raises(InvalidInput, match="newer assessment"):
        draft_from(session, session.merge(planned_district["assessment"]), "cli")
