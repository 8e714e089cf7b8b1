"""The workbook downloads as use cases: gather a round's or a facility's figures, then write the file.

The web and the command line both call ``export_district_summary`` and ``export_facility_plan``;
the writers (``district_workbook``, ``plan_workbook``) see only the plain values gathered here.
Figures come from the set-based round count and the answers are streamed from the database
while the workbook is written, so memory does not grow with the number of facilities.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.charts.district import summary_images
from assessments.death_audits.codes import current_audit_codes
from assessments.death_audits.summaries import facility_year_aggregates
from assessments.excel.budget_workbook import BudgetAnswer, write_budget_answer
from assessments.excel.district_workbook import (
    DeathAuditSheet,
    DistrictSummary,
    FacilitySummaryRow,
    SummaryAnswer,
    write_district_summary,
)
from assessments.excel.plan_workbook import FacilityPlan, RiskRow, write_facility_plan
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import Assessment, AssessmentRound, Facility, Response, utc_now
from assessments.plans.actions import PlanActionView, list_plan_actions
from assessments.plans.budget import BudgetResult
from assessments.plans.district_list import district_actions
from assessments.plans.plan_records import plan_status
from assessments.plans.progress import progress_report
from assessments.plans.validation import validated_snapshot
from assessments.rounds import any_synthetic, previous_round
from assessments.scores.facility_scores import facility_rounds
from assessments.scores.round_scores import indicator_counts
from assessments.scores.stored_figures import stored_summaries
from assessments.teams.codes import TeamCodes, current_team_codes
from scoring import IndicatorSet, score_change


def district_summary(session: Session, round_: AssessmentRound, *, lang: str = "id") -> DistrictSummary:
    """Every facility's figures in ``round_`` with the change since the round before, and the costed actions.

    Each round is scored with its own set; the change is per domain (codes) when the sets differ.
    The answers are streamed: call ``write_district_summary`` while ``session`` is open.
    """
    indicator_set = round_set(round_)
    before = previous_round(session, round_)
    return DistrictSummary(
        indicator_set=indicator_set, round_name=round_.name, synthetic=round_.synthetic,
        previous_round_name=before.name if before else None, exported_at=utc_now(),
        rows=_summary_rows(session, indicator_set, round_, before),
        answers=_round_answers(session, round_),
        indicator_counts=indicator_counts(session, indicator_set, round_),
        actions=tuple(district_actions(session, lang)),
        progress=progress_report(session, indicator_set, round_=round_, lang=lang),
    )


def _summary_rows(session: Session, indicator_set: IndicatorSet, round_: AssessmentRound,
                  before: AssessmentRound | None) -> tuple[FacilitySummaryRow, ...]:
    """Every facility by code with its assessment's status and stored figures in ``round_``, and the change.

    What ``round_overview`` gives, read as plain rows: tens of thousands of facilities and
    assessments loaded as ORM objects (and kept by the session) would cost more than the figures.
    """
    earlier = stored_summaries(session, round_set(before), before.id) if before else {}
    scores = stored_summaries(session, indicator_set, round_.id)
    listed = (
        select(Facility.id, Facility.code, Facility.name, Facility.kecamatan, Facility.placeholder, Assessment.status)
        .outerjoin(Assessment, (Assessment.facility_id == Facility.id) & (Assessment.round_id == round_.id))
        .order_by(Facility.code)
    )
    rows = []
    for facility_id, code, name, kecamatan, placeholder, status in session.connection().execute(listed):
        score = scores.get(facility_id)
        previous = earlier.get(facility_id)
        change = score_change(previous, score) if previous and score else None
        rows.append(FacilitySummaryRow(code=code, name=name, kecamatan=kecamatan, status=status, score=score,
                                       change=change, placeholder=placeholder))
    return tuple(rows)


def _round_answers(session: Session, round_: AssessmentRound) -> Iterator[SummaryAnswer]:
    """Every stored answer of the round with its comment, facility by facility, streamed as plain rows."""
    query = (
        select(Facility.code, Response.indicator_code, Response.score, Response.comment)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_.id)
        .order_by(Facility.code, Response.id)
        .execution_options(yield_per=5000)
    )
    yield from map(SummaryAnswer._make, session.connection().execute(query))


def facility_plan(session: Session, facility: Facility, *, lang: str = "id") -> FacilityPlan:
    """A puskesmas's scores round by round and its improvement actions with their costs.

    The workbook names the set of its latest round; each round is scored with its own.
    """
    history = facility_rounds(session, facility)
    indicator_set = history[-1].indicator_set if history else latest_indicator_set(session)
    actions = tuple(list_plan_actions(session, indicator_set, lang=lang, facility_ids=[facility.id]))
    return FacilityPlan(
        indicator_set=indicator_set, code=facility.code, name=facility.name,
        synthetic=any(h.round.synthetic for h in history), exported_at=utc_now(),
        rounds=tuple((h.round.name, h.assessment.status, h.score, h.change) for h in history),
        actions=actions,
        risks=risk_rows(actions, indicator_set, current_team_codes(), lang),
        state=status.state if (status := plan_status(session, facility)) else "draft",
        snapshot=validated_snapshot(session, facility),
    )


def risk_rows(actions: Sequence[PlanActionView], indicator_set: IndicatorSet, codes: TeamCodes,
              lang: str) -> tuple[RiskRow, ...]:
    """The risk table of a plan: one row per action drafted from a gap still open, in the plan's order.

    The problem is the team's words where it judged the gap, the indicator's statement otherwise.
    """
    rows = []
    for action in actions:
        code = action.indicator_code
        if code is None or action.status == "dropped" or action.indicator_met:  # a closed gap is no risk now
            continue
        statement = indicator_set.indicator(code).text.get(lang) if code in indicator_set else ""
        rows.append(RiskRow(
            indicator_code=code, problem=action.problem or statement, level=action.level,
            washfit_level=action.washfit_level, judged=action.team_level is not None,
            reason=action.team_reason, at_risk=tuple(codes.at_risk[c].get(lang) for c in action.at_risk
                                                     if c in codes.at_risk),
            action=action.text))
    return tuple(rows)


def export_district_summary(
    session: Session, round_: AssessmentRound, out: BinaryIO, lang: str, *, with_death_audits: bool = False,
) -> DistrictSummary:
    """Write the district summary workbook of ``round_`` to ``out``, its charts embedded; return what it holds.

    ``with_death_audits`` (for the AMP-SR team and admins) adds the death audit sheet.
    """
    # The charts first: matplotlib's drawing buffers are freed before the round's figures are read.
    images = summary_images(session, round_set(round_), round_, lang)
    summary = district_summary(session, round_, lang=lang)
    audits = None
    if with_death_audits:
        codes = current_audit_codes()
        audits = DeathAuditSheet(codes, tuple(facility_year_aggregates(session, codes)))
    write_district_summary(summary, out, lang, images, audits)
    return summary


def export_budget_answer(
    session: Session, result: BudgetResult, up_to: AssessmentRound | None, out: BinaryIO, lang: str,
) -> BudgetAnswer:
    """Write the workbook of a budget's answer (what the budget page shows) to ``out``; return what it holds."""
    answer = BudgetAnswer(result, latest_indicator_set(session), up_to.name if up_to else None, any_synthetic(session),
                          utc_now())
    write_budget_answer(answer, out, lang)
    return answer


def export_facility_plan(session: Session, facility: Facility, out: BinaryIO, lang: str) -> FacilityPlan:
    """Write a puskesmas's plan workbook to ``out``; return what it holds."""
    plan = facility_plan(session, facility, lang=lang)
    write_facility_plan(plan, out, lang)
    return plan
