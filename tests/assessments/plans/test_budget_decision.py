"""Recording a budget decision: the chosen actions get a funding source, audited, and back on undo."""

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import AuditEntry, PlanAction
from assessments.plans.budget import fund_plans
from assessments.plans.budget_decision import (
    Chosen,
    changes_from_text,
    changes_to_text,
    chosen_from_values,
    record_funding,
    undo_funding,
)


def _funded(session, mini_set):
    result = fund_plans(session, mini_set, 6_000_000)
    return [Chosen(a.id, a.version) for a in result.funded]


def _sources(session):
    session.expire_all()
    return {a.indicator_code: a.funding_source for a in session.scalars(select(PlanAction))}


def test_a_decision_marks_the_chosen_actions_funded_and_an_undo_sets_them_back(session, mini_set, planned_district):
    admin = session.merge(planned_district["users"]["admin"])
    changes = record_funding(session, _funded(session, mini_set), "APBD", admin)
    session.commit()
    assert _sources(session) == {"HH1": "APBD", "W2": "APBD", "W3": None}
    assert all(c.old is None and c.new == "APBD" for c in changes)
    undone = undo_funding(session, changes_from_text(changes_to_text(changes)), admin)
    session.commit()
    assert _sources(session) == {"HH1": None, "W2": None, "W3": None}
    assert {(c.old, c.new) for c in undone} == {("APBD", None)}
    audit = session.execute(select(AuditEntry.old_value, AuditEntry.new_value).where(
        AuditEntry.field == "funding_source").order_by(AuditEntry.id)).all()
    assert [tuple(row) for row in audit] == [(None, "APBD")] * 2 + [("APBD", None)] * 2


def test_an_undo_after_someone_changed_an_action_writes_nothing(session, mini_set, planned_district):
    admin = session.merge(planned_district["users"]["admin"])
    changes = record_funding(session, _funded(session, mini_set), "DAK", admin)
    session.commit()
    w2 = session.scalar(select(PlanAction).where(PlanAction.indicator_code == "W2"))
    w2.responsible = "Bendahara"
    session.commit()
    with pytest.raises(InvalidInput, match="changed or removed"):
        undo_funding(session, changes, admin)
    session.rollback()
    assert _sources(session) == {"HH1": "DAK", "W2": "DAK", "W3": None}


def test_a_stale_or_closed_choice_and_a_non_administrator_are_refused(session, mini_set, planned_district):
    admin = session.merge(planned_district["users"]["admin"])
    chosen = _funded(session, mini_set)
    with pytest.raises(InvalidInput, match="changed or removed"):
        record_funding(session, [Chosen(chosen[0].action_id, chosen[0].version + 1)], "APBD", admin)
    with pytest.raises(InvalidInput, match="unknown funding source"):
        record_funding(session, chosen, "Bupati", admin)
    with pytest.raises(PermissionDenied):
        record_funding(session, chosen, "APBD", session.merge(planned_district["users"]["viewer"]))
    w3 = session.scalar(select(PlanAction).where(PlanAction.indicator_code == "W3"))
    w3.status = "done"
    session.commit()
    with pytest.raises(InvalidInput, match="done or dropped"):
        record_funding(session, [Chosen(w3.id, w3.version)], "APBD", admin)
    assert _sources(session) == {"HH1": None, "W2": None, "W3": None}


@pytest.mark.parametrize("values", [["1"], ["1:x"], ["1:2:3"], ["9999999999:1"], ["-1:1"], ["1:1", "1:1"], []])
def test_hostile_choices_are_refused_with_a_message(session, mini_set, planned_district, values):
    admin = session.merge(planned_district["users"]["admin"])
    with pytest.raises(InvalidInput):
        record_funding(session, chosen_from_values(values), "APBD", admin)
    with pytest.raises(InvalidInput):
        changes_from_text("1:2")
