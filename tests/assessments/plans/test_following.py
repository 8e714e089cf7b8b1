"""Plans follow the latest assessment: out-of-date plans are said to be, validation re-drafts them."""

from sqlalchemy import select

from assessments.models import AuditEntry
from assessments.plans.budget import fund_plans
from assessments.plans.drafting import draft_plan, validate_assessment
from assessments.plans.plan_records import plan_status
from assessments.scores import entry
from tests.assessments.plans.helpers import action, follow_up, views


def _baseline_validated(session, district):
    entry.validate(session, session.merge(district["assessment"]), session.merge(district["users"]["admin"]))
    session.commit()


def test_a_newer_submitted_assessment_makes_the_plan_out_of_date_until_it_is_redrafted(
        session, mini_set, planned_district):
    f1 = session.merge(planned_district["f1"])
    assert plan_status(session, f1).out_of_date is False
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "1", "W3": "1", "HH1": "0", "HH2": "na"})
    status = plan_status(session, f1)
    assert (status.out_of_date, status.newer_round, status.drafted_from_round) == (True, "Follow-up 2026",
                                                                                   "Baseline 2025")
    draft_plan(session, f1, session.merge(planned_district["users"]["head"]))
    session.commit()
    assert plan_status(session, f1).out_of_date is False


def test_priorities_totals_and_budget_read_the_latest_assessment_before_any_redraft(
        session, mini_set, planned_district):
    before = {a.indicator_code: a.priority for a in views(session, mini_set)}
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "2", "W3": "1", "HH1": "0", "HH2": "na"})
    after = {a.indicator_code: (a.priority, a.indicator_met) for a in views(session, mini_set)}
    assert after["W3"][0] == before["W3"] - 1 and after["W3"][1] is False  # not met → partly met
    assert after["W2"][1] is True and after["HH1"] == (before["HH1"], False)
    funded = fund_plans(session, mini_set, 10**12)
    assert "W2" not in {a.indicator_code for a in funded.funded}


def test_validating_the_follow_up_redrafts_the_plan_keeping_edits_and_the_old_priority_disappears(
        session, mini_set, planned_district):
    """KPG21: baseline validated, plan drafted, follow-up validated with an indicator now partly met."""
    _baseline_validated(session, planned_district)
    baseline_w3 = next(a for a in views(session, mini_set) if a.indicator_code == "W3")
    newer = follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "1", "W3": "1", "HH1": "0", "HH2": "na"})
    result = validate_assessment(session, session.merge(newer), session.merge(planned_district["users"]["admin"]))
    session.commit()
    assert result is not None and result.assessment_id == newer.id
    w3 = next(a for a in views(session, mini_set) if a.indicator_code == "W3")
    assert w3.priority == baseline_w3.priority - 1 and "partially met" in " ".join(
        next(a for a in views(session, mini_set, "en") if a.indicator_code == "W3").reasons)
    assert action(session, "W3").assessment_id == newer.id
    assert plan_status(session, session.merge(planned_district["f1"])).out_of_date is False
    drafted = session.scalars(select(AuditEntry).where(AuditEntry.entity == "plan",
                                                       AuditEntry.field == "drafted_from")).all()
    assert [e.new_value for e in drafted][-1] == str(newer.id)


def test_validating_without_a_plan_drafts_nothing(session, mini_set, district):
    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    entry.save_answers(session, mini_set, assessment, {"W3": entry.parse_answer("W3", "0"),
                                                       "HH2": entry.parse_answer("HH2", "na")},
                       assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    assert validate_assessment(session, assessment, session.merge(district["users"]["admin"])) is None
    assert views(session, mini_set) == []
