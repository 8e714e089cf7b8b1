"""An AMP-SR recommendation becomes a plan action in one step, then is followed like any action.

The action is an own action of the facility's plan (no indicator behind it) whose text is the
audit team's recommendation; the case keeps a link to it and its response turns "in progress".
The audit trail records that the action came from a case, not the recommendation's words.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import DeathAudit, PlanAction, User
from assessments.permissions import can_handle_audit_cases


def action_from_recommendation(session: Session, case: DeathAudit, actor: User) -> PlanAction:
    """Add the case's recommendation to its facility's plan and link the two."""
    if not can_handle_audit_cases(actor):
        raise PermissionDenied("only the AMP-SR team and administrators may see or change death audit cases")
    if case.plan_action_id is not None:
        raise InvalidInput("this recommendation is already in the plan")
    if not case.recommendation.strip():
        raise InvalidInput("this case has no recommendation to plan")
    action = PlanAction(facility_id=case.facility_id, text=case.recommendation.strip(), edited="text")
    session.add(action)
    session.flush()
    record_change(session, actor.username, "plan_action", action.id, "added", None, f"AMP-SR #{case.id}",
                  case.facility_id)
    record_change(session, actor.username, "death_audit", case.id, "plan_action", None, action.id, case.facility_id)
    record_change(session, actor.username, "death_audit", case.id, "response_status", case.response_status,
                  "in_progress", case.facility_id)
    case.plan_action = action
    case.response_status = "in_progress"
    session.flush()
    return action
