"""One facility's figures: each of its assessments scored, round by round, with the change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def facility_rounds(session: Session, indicator_set: IndicatorSet, facility: Facility) -> list[FacilityRound]:
    """The facility's assessments, oldest round first, each compared with the one before."""
    query = (
        select(Assessment)
        .join(AssessmentRound)
        .where(Assessment.facility_id == facility.id)
        .order_by(AssessmentRound.starts_on, AssessmentRound.id)
    )
    history: list[FacilityRound] = []
    for assessment in session.scalars(query):
        score = score_of(indicator_set, assessment)
        change = compare_assessments(history[-1].score, score) if history else None
        history.append(FacilityRound(assessment.round, assessment, score, change))
    return history
