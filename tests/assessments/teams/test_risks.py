"""The team's risk assessment: judgements of gaps, checked, audited, and followed by the plan's order."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied, StaleVersion
from assessments.models import AuditEntry, RiskJudgement
from assessments.plans.actions import list_plan_actions
from assessments.teams.codes import current_team_codes
from assessments.teams.risks import JudgementInput, assessment_gaps, clear_judgement, save_judgement

TODAY = dt.date(2025, 6, 1)
# HH1 is not met and essential: washfit gives 7, high. The team finds soap and water near by: low.
LOWER = JudgementInput("Sabun ada di apotek, tidak di ruang periksa", ("patients", "staff"), "unlikely", "minor",
                       "Wastafel ada di ruang sebelah")


def judge(session, district, code, data, who="head", version=0, loaded=None):
    assessment = session.merge(district["assessment"])
    return save_judgement(session, district["mini_set"], current_team_codes(), assessment, code, data,
                          session.merge(district["users"][who]), version, TODAY, loaded)


@pytest.fixture
def gaps_district(planned_district, mini_set):
    return {**planned_district, "mini_set": mini_set}


def test_every_gap_is_listed_with_washfits_priority_as_the_default(session, gaps_district, mini_set):
    gaps = assessment_gaps(session, mini_set, current_team_codes(), session.merge(gaps_district["assessment"]), TODAY)
    assert [(g.indicator_code, g.priority.value, g.level) for g in gaps] == [
        ("W2", 7, "high"), ("W3", 4, "medium"), ("HH1", 7, "high")]
    assert not any(g.differs for g in gaps)


def test_the_plan_follows_the_teams_level_and_keeps_washfits_priority_beside_it(session, gaps_district, mini_set):
    judge(session, gaps_district, "HH1", LOWER)
    session.commit()
    actions = list_plan_actions(session, mini_set, facility_ids=[gaps_district["f1"].id])
    assert [(a.indicator_code, a.priority, a.computed_priority, a.team_level) for a in actions] == [
        ("W2", 7, 7, None), ("W3", 4, 4, None), ("HH1", 2, 7, "low")]
    assert actions[-1].team_reason == "Wastafel ada di ruang sebelah"
    assert actions[-1].level == "low"


def test_a_level_that_differs_from_washfits_needs_the_teams_reason(session, gaps_district):
    with pytest.raises(InvalidInput, match="say why"):
        judge(session, gaps_district, "HH1", JudgementInput("Tidak ada sabun", ("patients",), "unlikely", "minor"))
    session.rollback()
    assert session.scalars(select(RiskJudgement)).all() == []


def test_agreeing_with_washfit_needs_no_reason_and_is_audited(session, gaps_district):
    row = judge(session, gaps_district, "W3", JudgementInput("Air tidak mengalir", ("mothers",), "possible",
                                                             "moderate"))
    session.commit()
    fields = {e.field: e.new_value for e in session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "risk_judgement"))}
    assert fields["at_risk"] == "mothers" and fields["likelihood"] == "possible"
    assert row.version == 1


@pytest.mark.parametrize(("code", "data", "message"), [
    ("W1", LOWER, "not a gap"),
    ("HH1", JudgementInput("x", ("visitors",), "likely", "major"), "unknown code visitors"),
    ("HH1", JudgementInput("x", ("patients",), "always", "major"), "unknown code always"),
    ("HH1", JudgementInput("x", (), "likely", "major"), "who is at risk"),
    ("HH1", JudgementInput("bad\x00byte", ("patients",), "likely", "major"), "control characters"),
    ("HH1", JudgementInput("x" * 2001, ("patients",), "likely", "major"), "longer than 2000"),
    ("HH1", JudgementInput(" ", ("patients",), "likely", "major"), "describe the problem"),
])
def test_bad_judgements_are_refused_and_nothing_is_written(session, gaps_district, code, data, message):
    with pytest.raises(InvalidInput, match=message):
        judge(session, gaps_district, code, data)
    session.rollback()
    assert session.scalars(select(RiskJudgement)).all() == []


def test_viewers_and_other_heads_may_not_judge(session, gaps_district):
    for who in ("viewer", "other_head"):
        with pytest.raises(PermissionDenied):
            judge(session, gaps_district, "HH1", LOWER, who=who)


def test_a_stale_judgement_form_is_refused_and_clearing_restores_washfits_priority(session, gaps_district, mini_set):
    row = judge(session, gaps_district, "HH1", LOWER)
    session.commit()
    with pytest.raises(StaleVersion):
        judge(session, gaps_district, "HH1", LOWER, who="assessor", version=0)
    session.rollback()
    clear_judgement(session, session.merge(gaps_district["assessment"]), "HH1",
                    session.merge(gaps_district["users"]["assessor"]), row.version)
    session.commit()
    actions = list_plan_actions(session, mini_set, facility_ids=[gaps_district["f1"].id])
    assert [a.priority for a in actions] == [7, 7, 4]


def test_the_budget_orders_and_values_actions_by_the_teams_judgement(session, gaps_district, mini_set):
    from assessments.plans.budget import fund_plans

    judge(session, gaps_district, "HH1", LOWER)
    judge(session, gaps_district, "W3", JudgementInput("Air tidak mengalir di ruang bersalin", ("mothers",), "likely",
                                                       "major", "Persalinan setiap hari"))
    session.commit()
    result = fund_plans(session, mini_set, 6_500_000)
    # W3 rises to high (6), HH1 falls to low (2): the order follows the team; W2 + HH1 (7 + 2) beat W3 alone.
    assert [(r.action.indicator_code, r.action.priority, r.funded) for r in result.rows] == [
        ("W2", 7, True), ("W3", 6, False), ("HH1", 2, True)]
    assert result.value == 9


def test_before_a_redraft_the_plan_reads_the_teams_judgement_of_the_latest_assessments_gap(session, gaps_district,
                                                                                         mini_set):
    """Priorities read the latest assessment's gaps (issue 16, step 4); so does the team's judgement of them."""
    from tests.assessments.plans.helpers import follow_up

    judge(session, gaps_district, "HH1", LOWER)  # the baseline's judgement: low
    session.commit()
    newer = follow_up(session, mini_set, gaps_district, {"W1": "2", "W2": "0", "W3": "1", "HH1": "0", "HH2": "na"})
    raised = JudgementInput("Tidak ada sabun sama sekali", ("mothers",), "likely", "major")
    save_judgement(session, mini_set, current_team_codes(), session.merge(newer), "HH1", raised,
                   session.merge(gaps_district["users"]["head"]), 0, TODAY + dt.timedelta(days=400))
    session.commit()
    session.expire_all()
    hh1 = next(a for a in list_plan_actions(session, mini_set, facility_ids=[gaps_district["f1"].id])
               if a.indicator_code == "HH1")
    assert hh1.team_level == "high" and hh1.problem == "Tidak ada sabun sama sekali"
