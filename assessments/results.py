"""Read side: turn stored answers into scoring inputs and score facilities and rounds.

Every function here reads with set-based queries (one query for all responses of a round,
never one per facility) and hands plain values to ``scoring``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.errors import NotFound
from assessments.models import Assessment, AssessmentRound, Facility, Response
from scoring import (
    AssessmentScore,
    Comparison,
    FacilityProfile,
    IndicatorSet,
    Score,
    ScoreSummary,
    compare_assessments,
    score_assessment,
)


def to_score(value: int | None) -> Score:
    """The stored column (NULL = not applicable) as a ``Score``."""
    return Score.NOT_APPLICABLE if value is None else Score(value)


def from_score(score: Score) -> int | None:
    """A ``Score`` as the stored column."""
    return score.points


def profile_of(facility: Facility) -> FacilityProfile:
    return FacilityProfile(inpatient=facility.inpatient, delivery=facility.delivery)


def answers_of(responses: Iterable[Response]) -> dict[str, Score]:
    return {r.indicator_code: to_score(r.score) for r in responses}


def score_of(indicator_set: IndicatorSet, assessment: Assessment) -> AssessmentScore:
    """Score one stored assessment for its facility's profile."""
    return score_assessment(indicator_set, answers_of(assessment.responses), profile_of(assessment.facility))


def rounds(session: Session) -> Sequence[AssessmentRound]:
    """Every round, oldest first."""
    return session.scalars(select(AssessmentRound).order_by(AssessmentRound.starts_on, AssessmentRound.id)).all()


def latest_round(session: Session) -> AssessmentRound | None:
    query = select(AssessmentRound).order_by(AssessmentRound.starts_on.desc(), AssessmentRound.id.desc())
    return session.scalars(query.limit(1)).first()


def find_round(session: Session, name: str | None) -> AssessmentRound:
    """The round named ``name``, or the latest when no name is given."""
    found = (
        latest_round(session) if name is None
        else session.scalar(select(AssessmentRound).where(AssessmentRound.name == name))
    )
    if found is None:
        raise NotFound("no assessment round %(name)s", name=name) if name else NotFound("no assessment round yet")
    return found


def previous_round(session: Session, round_: AssessmentRound) -> AssessmentRound | None:
    earlier = [r for r in rounds(session) if r.id != round_.id and (r.starts_on, r.id) < (round_.starts_on, round_.id)]
    return earlier[-1] if earlier else None


def find_facility(session: Session, code: str) -> Facility:
    facility = session.scalar(select(Facility).where(Facility.code == code))
    if facility is None:
        raise NotFound("unknown facility code %(code)s", code=code)
    return facility


@dataclass(frozen=True)
class FacilityResult:
    """One facility's row in a round: its assessment (if any) and the scores."""

    facility: Facility
    assessment: Assessment | None
    score: ScoreSummary | None


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


def stored_answers(assessment: Assessment) -> Mapping[str, tuple[Score, str]]:
    """Each answered indicator's score and comment."""
    return {r.indicator_code: (to_score(r.score), r.comment) for r in assessment.responses}
