"""The assessments waiting for the district to validate them, the longest waiting first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from assessments.models import Assessment, AssessmentRound, Facility


def awaiting_validation(session: Session) -> Sequence[Assessment]:
    """Submitted assessments of open rounds, with their facility and round, oldest submission first.

    ``updated_at`` is the submission's time: a submitted assessment takes no other change.
    """
    query = (
        select(Assessment)
        .join(AssessmentRound, AssessmentRound.id == Assessment.round_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .options(joinedload(Assessment.facility), joinedload(Assessment.round))
        .where(Assessment.status == "submitted", AssessmentRound.closed.is_(False))
        .order_by(Assessment.updated_at, Facility.code)
    )
    return session.scalars(query).all()
