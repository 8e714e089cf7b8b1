"""Which assessment a plan reads its gaps from: each facility's latest submitted or validated one.

Drafting starts from it (``drafting``), and every reader of a plan (``actions``) takes an
action's score from it, so priorities, totals and the budget follow a newer assessment even
before anyone re-drafts; ``plan_records`` says the plan is out of date meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assessments.models import Assessment, AssessmentRound, Facility

DRAFTABLE = ("submitted", "validated")


def draft_source(session: Session, facility: Facility, up_to: AssessmentRound | None = None) -> Assessment | None:
    """The facility's latest submitted or validated assessment (in ``up_to`` or an earlier round)."""
    query = (
        select(Assessment)
        .join(AssessmentRound)
        .where(Assessment.facility_id == facility.id, Assessment.status.in_(DRAFTABLE))
        .order_by(AssessmentRound.starts_on.desc(), AssessmentRound.id.desc())
    )
    if up_to is not None:
        query = query.where(AssessmentRound.starts_on <= up_to.starts_on)
    return session.scalars(query.limit(1)).first()


def latest_sources(session: Session, facility_ids: Iterable[int]) -> dict[int, Assessment]:
    """``draft_source`` of many facilities in one query: facility id → its latest assessment."""
    wanted = sorted(set(facility_ids))
    if not wanted:
        return {}
    query = (
        select(Assessment)
        .join(AssessmentRound)
        .options(selectinload(Assessment.round).selectinload(AssessmentRound.indicator_set))
        .where(Assessment.facility_id.in_(wanted), Assessment.status.in_(DRAFTABLE))
        .order_by(Assessment.facility_id, AssessmentRound.starts_on.desc(), AssessmentRound.id.desc())
    )
    latest: dict[int, Assessment] = {}
    for assessment in session.scalars(query):
        latest.setdefault(assessment.facility_id, assessment)
    return latest
