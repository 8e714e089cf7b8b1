"""Plan actions as readers see them: priorities with reasons, costs and totals."""


import pytest
from sqlalchemy.exc import IntegrityError

from assessments.models import PlanAction, PlanActionItem
from assessments.plans.actions import plan_totals
from assessments.plans.drafting import draft_plan
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
