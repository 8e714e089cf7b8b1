"""A facility's plan as a whole: its record, what it was drafted from, and whether that is out of date.

One ``FacilityPlan`` row per facility, made the first time a plan is drafted, submitted or
monitored. A plan is out of date when the facility has a submitted or validated assessment
other than the one the plan was last drafted from (``plans.sources``); every page that shows
the plan says so and offers the re-draft. A change of scope to a submitted or validated plan
(a new action, a cost change, a re-draft that moved it) sends it back to draft with a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assessments.audit import record_change
from assessments.models import Assessment, AssessmentRound, Facility, FacilityPlan, PlanAction
from assessments.plans.sources import latest_sources

SCOPE_LOCKED = ("submitted", "validated")  # states a change of scope re-opens


def find_plan(session: Session, facility_id: int) -> FacilityPlan | None:
    return session.scalar(select(FacilityPlan).where(FacilityPlan.facility_id == facility_id))


def ensure_plan(session: Session, facility_id: int) -> FacilityPlan:
    """The facility's plan record, made (as a draft) when it has none yet."""
    plan = find_plan(session, facility_id)
    if plan is None:
        plan = FacilityPlan(facility_id=facility_id, state="draft", comment="", reopen_note="")
        session.add(plan)
        session.flush()
    return plan


def set_drafted_from(session: Session, plan: FacilityPlan, assessment: Assessment, actor: str) -> bool:
    """Record that the plan was (re-)drafted from ``assessment``; whether that changed."""
    if plan.drafted_from_id == assessment.id:
        return False
    record_change(session, actor, "plan", plan.facility_id, "drafted_from", plan.drafted_from_id, assessment.id,
                  plan.facility_id)
    plan.drafted_from_id = assessment.id
    return True


def reopen_for_scope(session: Session, plan: FacilityPlan, note: str, actor: str) -> None:
    """A change of scope sends a submitted or validated plan back to draft, with ``note`` saying why.

    The validated snapshot stays (what the district validated then), so the report can still
    print it beside the plan as it is now.
    """
    if plan.state not in SCOPE_LOCKED:
        return
    record_change(session, actor, "plan", plan.facility_id, "state", plan.state, "draft", plan.facility_id)
    record_change(session, actor, "plan", plan.facility_id, "reopen_note", plan.reopen_note, note, plan.facility_id)
    plan.state = "draft"
    plan.reopen_note = note
    session.flush()


@dataclass(frozen=True)
class PlanStatus:
    """Where a facility's plan stands: its state and whether a newer assessment has overtaken it."""

    facility_id: int
    facility_code: str
    facility_name: str
    state: str                       # draft / submitted / returned / validated
    drafted_from_round: str | None   # the round of the assessment it was last drafted from
    newer_round: str | None          # the round of a newer submitted or validated assessment, if any
    comment: str = ""                # the district's comment when it returned the plan
    reopen_note: str = ""            # why a submitted or validated plan went back to draft
    submitted_by: str | None = None
    submitted_at: dt.datetime | None = None
    validated_by: str | None = None
    validated_at: dt.datetime | None = None
    has_snapshot: bool = False

    @property
    def out_of_date(self) -> bool:
        return self.newer_round is not None


def _legacy_sources(session: Session, facility_ids: list[int]) -> dict[int, Assessment]:
    """For plans drafted before plan records existed: the newest assessment any action was drafted from."""
    query = (
        select(Assessment)
        .join(PlanAction, PlanAction.assessment_id == Assessment.id)
        .join(AssessmentRound, Assessment.round_id == AssessmentRound.id)
        .options(selectinload(Assessment.round))
        .where(PlanAction.facility_id.in_(facility_ids))
        .order_by(Assessment.facility_id, AssessmentRound.starts_on.desc(), AssessmentRound.id.desc())
    )
    found: dict[int, Assessment] = {}
    for assessment in session.scalars(query):
        found.setdefault(assessment.facility_id, assessment)
    return found


def plan_statuses(session: Session, facility_ids: Iterable[int] | None = None) -> dict[int, PlanStatus]:
    """facility id → its plan's status, for every facility (of ``facility_ids``) with actions or a record."""
    having = set(session.scalars(select(PlanAction.facility_id).distinct()))
    having |= set(session.scalars(select(FacilityPlan.facility_id)))
    wanted = sorted(having if facility_ids is None else having & set(facility_ids))
    if not wanted:
        return {}
    records = {p.facility_id: p for p in session.scalars(
        select(FacilityPlan).options(selectinload(FacilityPlan.drafted_from).selectinload(Assessment.round))
        .where(FacilityPlan.facility_id.in_(wanted)))}
    legacy = _legacy_sources(session, [f for f in wanted if records.get(f) is None or
                                       records[f].drafted_from is None])
    latest = latest_sources(session, wanted)
    names = {f.id: f for f in session.scalars(select(Facility).where(Facility.id.in_(wanted)))}
    statuses = {}
    for facility_id in wanted:
        record = records.get(facility_id)
        drafted = record.drafted_from if record is not None and record.drafted_from else legacy.get(facility_id)
        newest = latest.get(facility_id)
        newer = newest.round.name if newest is not None and drafted is not None and newest.id != drafted.id else None
        statuses[facility_id] = PlanStatus(
            facility_id=facility_id,
            facility_code=names[facility_id].code,
            facility_name=names[facility_id].name,
            state=record.state if record else "draft",
            drafted_from_round=drafted.round.name if drafted else None,
            newer_round=newer,
            comment=record.comment if record else "",
            reopen_note=record.reopen_note if record else "",
            submitted_by=record.submitted_by if record else None,
            submitted_at=record.submitted_at if record else None,
            validated_by=record.validated_by if record else None,
            validated_at=record.validated_at if record else None,
            has_snapshot=bool(record and record.snapshot),
        )
    return statuses


def statuses_by_code(session: Session) -> dict[str, PlanStatus]:
    """Every plan's status by facility code, in code order (the district pages and exports)."""
    return {s.facility_code: s for s in sorted(plan_statuses(session).values(), key=lambda s: s.facility_code)}


def plan_status(session: Session, facility: Facility) -> PlanStatus | None:
    """The status of one facility's plan; None while it has neither actions nor a record."""
    return plan_statuses(session, [facility.id]).get(facility.id)
