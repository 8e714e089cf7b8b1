"""The read side of the district summary and the facility plan: plain values for ``excel_summary``.

Reads with set-based queries: a round's figures from one counting query, the indicator counts
from one GROUP BY, the answers streamed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.excel_summary import (
    DistrictSummary,
    FacilityPlan,
    FacilitySummaryRow,
    SummaryAnswer,
)
from assessments.models import Assessment, AssessmentRound, Facility, Response, utc_now
from assessments.plans import list_plan_actions
from assessments.results import facility_rounds, previous_round
from assessments.round_scores import round_overview
from scoring import FacilityProfile, IndicatorSet, Score, score_change


def district_summary(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, *, lang: str = "id"
) -> DistrictSummary:
    """Every facility's figures in ``round_`` with the change since the round before, and the costed actions.

    Figures come from the set-based round count and the answers are streamed from the database
    while the workbook is written, so memory does not grow with the number of facilities: call
    ``write_district_summary`` while ``session`` is open.
    """
    results = round_overview(session, indicator_set, round_)
    before = previous_round(session, round_)
    earlier = {r.facility.id: r.score for r in round_overview(session, indicator_set, before)} if before else {}
    rows = []
    for result in results:
        previous = earlier.get(result.facility.id)
        change = score_change(previous, result.score) if previous and result.score else None
        rows.append(FacilitySummaryRow(
            code=result.facility.code, name=result.facility.name, kecamatan=result.facility.kecamatan,
            status=result.assessment.status if result.assessment else None, score=result.score, change=change,
        ))
    return DistrictSummary(
        indicator_set=indicator_set, round_name=round_.name, synthetic=round_.synthetic,
        previous_round_name=before.name if before else None, exported_at=utc_now(), rows=tuple(rows),
        answers=_round_answers(session, round_),
        indicator_counts=indicator_counts(session, indicator_set, round_),
        actions=tuple(list_plan_actions(session, indicator_set, lang=lang)),
    )


def _round_answers(session: Session, round_: AssessmentRound) -> Iterator[SummaryAnswer]:
    """Every stored answer of the round with its comment, facility by facility, streamed."""
    query = (
        select(Facility.code, Response.indicator_code, Response.score, Response.comment)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_.id)
        .order_by(Facility.code, Response.id)
        .execution_options(yield_per=5000)
    )
    for code, indicator, score, comment in session.execute(query):
        yield SummaryAnswer(code, indicator, score, comment)


def indicator_counts(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound
) -> dict[str, dict[Score | None, int]]:
    """Per indicator, how many assessed facilities meet, partly meet or do not meet it, find it not
    applicable (also because it does not apply to them), or have not answered it (key None)."""
    counted = (
        select(Response.indicator_code, Response.score, Facility.inpatient, Facility.delivery, func.count())
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_.id)
        .group_by(Response.indicator_code, Response.score, Facility.inpatient, Facility.delivery)
    )
    assessed = (
        select(Facility.inpatient, Facility.delivery, func.count())
        .join(Assessment, Assessment.facility_id == Facility.id)
        .where(Assessment.round_id == round_.id)
        .group_by(Facility.inpatient, Facility.delivery)
    )
    profiles = {FacilityProfile(bool(i), bool(d)): n for i, d, n in session.execute(assessed)}
    counts: dict[str, dict[Score | None, int]] = {i.code: defaultdict(int) for i in indicator_set.indicators}
    for code, score, inpatient, delivery, n in session.execute(counted):
        if code in counts and indicator_set.indicator(code).applies(FacilityProfile(bool(inpatient), bool(delivery))):
            counts[code][Score.NOT_APPLICABLE if score is None else Score(score)] += n
    for indicator in indicator_set.indicators:
        tally = counts[indicator.code]
        for profile, n in profiles.items():
            if not indicator.applies(profile):
                tally[Score.NOT_APPLICABLE] += n
        tally[None] = sum(profiles.values()) - sum(v for k, v in tally.items() if k is not None)
    return counts


def facility_plan(session: Session, indicator_set: IndicatorSet, facility: Facility, *, lang: str = "id") -> FacilityPlan:
    """A puskesmas's scores round by round and its improvement actions with their costs."""
    history = facility_rounds(session, indicator_set, facility)
    return FacilityPlan(
        indicator_set=indicator_set, code=facility.code, name=facility.name,
        synthetic=any(h.round.synthetic for h in history), exported_at=utc_now(),
        rounds=tuple((h.round.name, h.assessment.status, h.score, h.change) for h in history),
        actions=tuple(list_plan_actions(session, indicator_set, lang=lang, facility_ids=[facility.id])),
    )


