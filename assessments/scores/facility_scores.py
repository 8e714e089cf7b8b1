"""One facility's figures: each of its assessments scored, round by round, with the change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.indicator_sets import round_set
from assessments.models import Assessment, AssessmentRound, Facility
from assessments.scores.stored import score_of
from scoring import AssessmentScore, Comparison, IndicatorSet, compare_assessments


@dataclass(frozen=True)
class FacilityRound:
    """A facility's assessment in one round, scored, with the change since its previous one."""

    round: AssessmentRound
    assessment: Assessment
    score: AssessmentScore
    change: Comparison | None
    indicator_set: IndicatorSet


def facility_rounds(session: Session, facility: Facility) -> list[FacilityRound]:
    """The facility's assessments, oldest round first, each scored with its round's set and compared
    with the one before (through the newer set's ``replaces`` where the two rounds' sets differ)."""
    query = (
        select(Assessment)
        .join(AssessmentRound)
        .where(Assessment.facility_id == facility.id)
        .order_by(AssessmentRound.starts_on, AssessmentRound.id)
    )
    history: list[FacilityRound] = []
    for assessment in session.scalars(query):
        indicator_set = round_set(assessment.round)
        score = score_of(indicator_set, assessment)
        change = None
        if history:
            previous = history[-1]
            change = compare_assessments(previous.score, score, previous.indicator_set, indicator_set)
        history.append(FacilityRound(assessment.round, assessment, score, change, indicator_set))
    return history
