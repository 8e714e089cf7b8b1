"""The read side of the district summary and the facility plan: plain values for ``excel_summary``.

Reads with set-based queries (``results.round_results``: one query per round, not per facility).
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.excel_summary import DistrictSummary, FacilityPlan, FacilitySummaryRow, SummaryAnswer
from assessments.models import Assessment, AssessmentRound, Facility, Response, utc_now
from assessments.plans import list_plan_actions
from assessments.results import facility_rounds, previous_round, round_results
from scoring import IndicatorSet, compare_assessments


def district_summary(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, *, lang: str = "id"
) -> DistrictSummary:
    """Every facility's scores in ``round_`` with the change since the round before, and the costed actions."""
    results = round_results(session, indicator_set, round_)
    before = previous_round(session, round_)
    earlier = {r.facility.id: r.score for r in round_results(session, indicator_set, before)} if before else {}
    rows = []
    for result in results:
        previous = earlier.get(result.facility.id)
        change = compare_assessments(previous, result.score) if previous and result.score else None
        rows.append(FacilitySummaryRow(
            code=result.facility.code, name=result.facility.name, kecamatan=result.facility.kecamatan,
            status=result.assessment.status if result.assessment else None, score=result.score, change=change,
        ))
    return DistrictSummary(
        indicator_set=indicator_set, round_name=round_.name, synthetic=round_.synthetic,
        previous_round_name=before.name if before else None, exported_at=utc_now(), rows=tuple(rows),
        answers=tuple(_round_comments(session, round_)),
        actions=tuple(list_plan_actions(session, indicator_set, lang=lang)),
    )


def _round_comments(session: Session, round_: AssessmentRound) -> Sequence[SummaryAnswer]:
    """Every stored answer of the round with its comment, facility by facility."""
    query = (
        select(Facility.code, Response.indicator_code, Response.score, Response.comment)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_.id)
        .order_by(Facility.code, Response.id)
    )
    return [SummaryAnswer(code, indicator, score, comment) for code, indicator, score, comment in session.execute(query)]


def facility_plan(session: Session, indicator_set: IndicatorSet, facility: Facility, *, lang: str = "id") -> FacilityPlan:
    """A puskesmas's scores round by round and its improvement actions with their costs."""
    history = facility_rounds(session, indicator_set, facility)
    return FacilityPlan(
        indicator_set=indicator_set, code=facility.code, name=facility.name,
        synthetic=any(h.round.synthetic for h in history), exported_at=utc_now(),
        rounds=tuple((h.round.name, h.assessment.status, h.score, h.change) for h in history),
        actions=tuple(list_plan_actions(session, indicator_set, lang=lang, facility_ids=[facility.id])),
    )


