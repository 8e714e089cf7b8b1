"""Stored assessments and answers as ``scoring``'s plain values: look-ups and conversions.

Scores are stored as 0, 1, 2 with NULL for not applicable (see ``assessments.models``); these
functions are the only place that turns the column into a ``Score`` and back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.facilities import profile_of
from assessments.models import Assessment, AssessmentRound, Facility, Response
from scoring import AssessmentScore, IndicatorSet, Score, score_assessment


def to_score(value: int | None) -> Score:
    """The stored column (NULL = not applicable) as a ``Score``."""
    return Score.NOT_APPLICABLE if value is None else Score(value)


def from_score(score: Score) -> int | None:
    """A ``Score`` as the stored column."""
    return score.points


def answers_of(responses: Iterable[Response]) -> dict[str, Score]:
    return {r.indicator_code: to_score(r.score) for r in responses}


def stored_answers(assessment: Assessment) -> Mapping[str, tuple[Score, str]]:
    """Each answered indicator's score and comment."""
    return {r.indicator_code: (to_score(r.score), r.comment) for r in assessment.responses}


def find_assessment(session: Session, facility: Facility, round_: AssessmentRound) -> Assessment | None:
    """The facility's assessment in ``round_``, if it has one (at most one: a unique constraint)."""
    return session.scalar(
        select(Assessment).where(Assessment.facility_id == facility.id, Assessment.round_id == round_.id)
    )


def score_of(indicator_set: IndicatorSet, assessment: Assessment) -> AssessmentScore:
    """Score one stored assessment for its facility's profile."""
    return score_assessment(indicator_set, answers_of(assessment.responses), profile_of(assessment.facility))
