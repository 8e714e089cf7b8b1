"""Plan actions as readers see them: priorities with reasons, costs and totals."""


import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from assessments.models import PlanAction, PlanActionItem
from assessments.plans.actions import plan_totals, plans_fingerprint
from assessments.plans.drafting import draft_plan
from assessments.plans.items import replace_items
from assessments.scores import entry
from tests.assessments.plans.helpers import action, follow_up, views


def test_actions_come_in_priority_order_with_their_reasons(session, mini_set, planned_district):
    found = {a.indicator_code: (a.priority, a.reasons) for a in views(session, mini_set)}
    assert found == {
        "W2": (7, ("esensial", "ketahanan iklim", "memenuhi sebagian")),
        "HH1": (7, ("esensial", "tidak memenuhi")),
        "W3": (4, ("ruang bersalin", "tidak memenuhi")),
    }


def test_costs_are_quantity_times_catalog_unit_cost(session, mini_set, planned_district):
    found = {a.indicator_code: a.cost for a in views(session, mini_set)}
    assert found == {"W2": 5_000_000, "W3": 5_000_000 + 1_500_000, "HH1": 100 * 5_000}


def test_plan_total_is_the_sum_of_its_actions(session, mini_set, planned_district):
    found = views(session, mini_set)
    totals = plan_totals(found)
    assert totals.district == totals.by_facility["F1"] == sum(a.cost for a in found) == 12_000_000
    assert totals.by_domain == {"W": 11_500_000, "HH": 500_000}
    assert totals.by_funding == {None: 12_000_000}


def test_met_actions_leave_the_totals_but_stay_in_the_plan(session, mini_set, planned_district):
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "2", "W3": "0", "HH1": "0", "HH2": "na"})
    draft_plan(session, session.merge(planned_district["f1"]), session.merge(planned_district["users"]["admin"]))
    session.commit()
    found = views(session, mini_set)
    assert len(found) == 3 and plan_totals(found).district == 6_500_000 + 500_000


def test_the_database_refuses_bad_rows(session, planned_district):
    session.add(PlanActionItem(action_id=action(session, "W2").id, cost_item_code="SOAP", quantity=0))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    session.add(PlanAction(facility_id=planned_district["f1"].id, status="finished"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_the_plans_fingerprint_is_one_select_that_reading_the_plans_leaves_alone(session, engine, mini_set,
                                                                               planned_district):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    before = plans_fingerprint(session)
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert plans_fingerprint(session) == before
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT")
    views(session, mini_set)
    session.commit()
    assert plans_fingerprint(session) == before


def test_saving_a_drafts_answers_leaves_the_plans_fingerprint_which_moves_when_the_draft_is_put_forward(
        session, mini_set, district):
    """A draft closes no gap and moves no total (plans read submitted and validated ones only)."""
    assessment, assessor = session.merge(district["assessment"]), session.merge(district["users"]["assessor"])
    before, version = plans_fingerprint(session), assessment.version
    entry.save_answers(session, mini_set, assessment, {"W3": entry.parse_answer("W3", "1")}, assessor,
                       assessment.version)
    session.commit()
    assert assessment.version == version + 1 and plans_fingerprint(session) == before
    entry.save_answers(session, mini_set, assessment, {"HH2": entry.parse_answer("HH2", "2")}, assessor,
                       assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    session.commit()
    assert plans_fingerprint(session) != before
    entry.reopen(session, assessment, session.merge(district["users"]["admin"]))
    session.commit()
    assert plans_fingerprint(session) == before  # the plans read again what they read before it was put forward


def test_items_replaced_without_touching_their_action_change_the_plans_fingerprint(session, planned_district):
    """Drafting makes items follow a set's default action without writing the action's row."""
    w3 = action(session, "W3")
    seen = {plans_fingerprint(session)}
    for items in ([("TANK", 1, None)], [("TANK", 2, None)], [("TANK", 2, 0)], [("SOAP", 2, 0)], [("TANK", 1, None)]):
        version = w3.version
        replace_items(session, w3, items, "admin")
        session.commit()
        assert w3.version == version  # the action's row is as it was
        seen.add(plans_fingerprint(session))
    # W3 starts as TANK×1 + TRAIN×1; the last step brings back the first step's items, in a new row
    assert len(seen) == 6
