"""The workbook use cases: gathered from the database, then written."""


from sqlalchemy import select

from assessments.excel.district_workbook import (
    write_district_summary,
)
from assessments.excel.exports import district_summary, facility_plan
from assessments.models import PlanAction, User
from assessments.plans.drafting import draft_plan
from tests.assessments.excel.summaries import RISKY, no_formulas, written


def submitted(session, district):
    session.merge(district["assessment"]).status = "submitted"
    session.commit()
    return session.merge(district["f1"])


def test_summary_from_the_database_includes_the_costed_plan(session, mini_set, district):
    facility = submitted(session, district)
    draft_plan(session, facility, session.merge(district["users"]["admin"]))
    action = session.scalars(select(PlanAction)).first()
    action.text = RISKY
    session.commit()
    data = district_summary(session, session.merge(district["round"]))
    assert [r.code for r in data.rows] == ["F1", "F2"] and data.rows[0].score.overall.percent is not None
    assert data.actions and all(a.facility_code == "F1" for a in data.actions) and sum(a.cost for a in data.actions) > 0
    book = written(write_district_summary, data)
    assert no_formulas(book) == [] and RISKY in [c.value for c in book["Tindakan"]["G"]]


def test_facility_plan_from_the_database(session, mini_set, district):
    facility = submitted(session, district)
    draft_plan(session, facility, session.scalar(select(User).where(User.username == "admin")))
    session.commit()
    plan = facility_plan(session, facility)
    assert [r[0] for r in plan.rounds] == ["Baseline 2025"] and plan.actions
