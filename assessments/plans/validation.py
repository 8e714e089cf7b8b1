"""District validation of a facility's plan: draft → submitted → validated, or returned with comments.

The puskesmas head (or an admin) submits the plan; the district (admins, ``permissions``)
validates it or returns it with comments, never a plan they submitted themselves. Validation
keeps a snapshot of what was validated (actions, costs, totals, by whom, when) as JSON on the
plan record, which the report and the plan workbook print. After validation only monitoring
changes freely; a change of scope re-opens the plan (``plan_records.reopen_for_scope``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import Facility, FacilityPlan, PlanAction, User, utc_now
from assessments.permissions import can_submit_plan, can_validate_plan
from assessments.plans.actions import list_plan_actions, plan_totals
from assessments.plans.plan_records import ensure_plan, find_plan
from scoring import IndicatorSet

MAX_COMMENT = 2000


def _locked(session: Session, facility: Facility, expected_version: int | None) -> FacilityPlan:
    plan = ensure_plan(session, facility.id)
    if expected_version is not None and plan.version != expected_version:
        raise InvalidInput("the plan of %(code)s changed since you opened the page; look at it again",
                           code=facility.code)
    return plan


def _set_state(session: Session, plan: FacilityPlan, state: str, actor: str) -> None:
    record_change(session, actor, "plan", plan.facility_id, "state", plan.state, state, plan.facility_id)
    plan.state = state


def submit_plan(session: Session, facility: Facility, actor: User, expected_version: int | None = None) -> None:
    """Draft or returned → submitted to the district, by the puskesmas head (or an admin)."""
    if not can_submit_plan(actor, facility):
        raise PermissionDenied("you may not submit this facility's plan")
    plan = _locked(session, facility, expected_version)
    if plan.state not in ("draft", "returned"):
        raise InvalidInput("only a draft or returned plan can be submitted (it is %(state)s)", state=plan.state)
    if session.scalar(select(PlanAction.id).where(PlanAction.facility_id == facility.id).limit(1)) is None:
        raise InvalidInput("the plan of %(code)s has no action to submit yet", code=facility.code)
    _set_state(session, plan, "submitted", actor.username)
    plan.submitted_by, plan.submitted_at = actor.username, utc_now()
    plan.reopen_note = ""
    session.flush()


def _decide(session: Session, facility: Facility, actor: User, expected_version: int | None) -> FacilityPlan:
    if not can_validate_plan(actor):
        raise PermissionDenied("only the district validates or returns a plan")
    plan = _locked(session, facility, expected_version)
    if plan.state != "submitted":
        raise InvalidInput("only a submitted plan can be validated or returned (it is %(state)s)", state=plan.state)
    return plan


def return_plan(session: Session, facility: Facility, comment: str, actor: User,
                expected_version: int | None = None) -> None:
    """Submitted → returned, with the district's comments saying what to change."""
    plan = _decide(session, facility, actor, expected_version)
    text = comment.strip()
    if not text:
        raise InvalidInput("say what the puskesmas should change: a returned plan needs a comment")
    if len(text) > MAX_COMMENT:
        raise InvalidInput("the comment is too long (at most %(limit)d characters)", limit=MAX_COMMENT)
    _set_state(session, plan, "returned", actor.username)
    record_change(session, actor.username, "plan", facility.id, "comment", plan.comment or None, text, facility.id)
    plan.comment, plan.returned_by, plan.returned_at = text, actor.username, utc_now()
    session.flush()


def validate_plan(session: Session, indicator_set: IndicatorSet, facility: Facility, actor: User,
                  expected_version: int | None = None) -> None:
    """Submitted → validated, keeping a snapshot of the plan as validated; never by the one who submitted it."""
    plan = _decide(session, facility, actor, expected_version)
    if plan.submitted_by == actor.username:
        raise InvalidInput("you submitted this plan yourself: someone else at the district validates it")
    now = utc_now()
    actions = list_plan_actions(session, indicator_set, facility_ids=[facility.id])
    snapshot = {
        "validated_by": actor.username, "validated_at": now.isoformat(), "submitted_by": plan.submitted_by,
        "total": plan_totals(actions).district,
        "actions": [{"id": a.id, "indicator": a.indicator_code, "text": a.text, "priority": a.priority,
                     "status": a.status, "funding": a.funding_source, "responsible": a.responsible,
                     "target_date": a.target_date.isoformat() if a.target_date else None, "cost": a.cost,
                     "counted": a.counted} for a in actions],
    }
    _set_state(session, plan, "validated", actor.username)
    plan.snapshot = json.dumps(snapshot, ensure_ascii=False, sort_keys=True)
    record_change(session, actor.username, "plan", facility.id, "validated", None,
                  f"{len(actions)} actions, Rp {snapshot['total']}", facility.id)
    plan.validated_by, plan.validated_at, plan.comment = actor.username, now, ""
    session.flush()


@dataclass(frozen=True)
class SnapshotAction:
    indicator_code: str | None
    text: str
    priority: int
    status: str
    funding_source: str | None
    responsible: str
    target_date: dt.date | None
    cost: int
    counted: bool


@dataclass(frozen=True)
class PlanSnapshot:
    """What the district validated, as it was then: for the report and the plan workbook."""

    validated_by: str
    validated_at: dt.datetime
    submitted_by: str | None
    total: int
    actions: tuple[SnapshotAction, ...]


def validated_snapshot(session: Session, facility: Facility) -> PlanSnapshot | None:
    """The facility's last validated snapshot (it stays after a re-opening), or None."""
    plan = find_plan(session, facility.id)
    if plan is None or not plan.snapshot:
        return None
    data = json.loads(plan.snapshot)
    return PlanSnapshot(
        validated_by=data["validated_by"], validated_at=dt.datetime.fromisoformat(data["validated_at"]),
        submitted_by=data.get("submitted_by"), total=int(data["total"]),
        actions=tuple(SnapshotAction(
            a["indicator"], a["text"], int(a["priority"]), a["status"], a["funding"], a["responsible"],
            dt.date.fromisoformat(a["target_date"]) if a["target_date"] else None, int(a["cost"]), bool(a["counted"]),
        ) for a in data["actions"]),
    )
