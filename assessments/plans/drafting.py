"""Drafting a plan from an assessment's gaps, and re-drafting it after a newer one.

A facility's plan has one action per indicator that its latest submitted or validated
assessment found not fully met (score 0 or 1, where the indicator applies), taken from the
indicator's first default action in the set of the assessment's round. Re-drafting after a newer assessment adds the new
gaps, leaves every field a person edited alone, and marks the actions whose indicator is now
met (or no longer applies) instead of deleting them. Under a newer set version, an action follows
its indicator through ``replaces``: a renamed or merged indicator keeps the action and what people
edited; of a split, the first new indicator keeps the action and the others start with its edits.
An action whose indicator the newer set dropped is left as it is, never marked met.
Validating an assessment re-drafts its facility's plan (``validate_assessment``); the plan's record
(``plan_records``) keeps which assessment it was drafted from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, PermissionDenied
from assessments.facilities import profile_of
from assessments.indicator_sets import round_set
from assessments.models import Assessment, AssessmentRound, Facility, PlanAction, PlanActionItem, User
from assessments.permissions import can_edit_plan
from assessments.plans.items import replace_items
from assessments.plans.plan_records import ensure_plan, reopen_for_scope, set_drafted_from
from assessments.plans.prices import seed_cost_catalog
from assessments.plans.sources import DRAFTABLE, draft_source
from assessments.scores.entry import validate
from scoring import IndicatorSet


@dataclass(frozen=True)
class DraftResult:
    """What drafting did to one facility's plan."""

    facility_code: str
    assessment_id: int
    added: int
    now_met: int
    reopened: int


def draft_plan(session: Session, facility: Facility, actor: User) -> DraftResult:
    """Draft or re-draft ``facility``'s plan from its latest submitted or validated assessment."""
    if not can_edit_plan(actor, facility):
        raise PermissionDenied("you may not edit this facility's plan")
    source = draft_source(session, facility)
    if source is None:
        raise InvalidInput("%(code)s has no submitted or validated assessment to draft a plan from", code=facility.code)
    return draft_from(session, source, actor.username)


def draft_all_plans(
    session: Session, *, actor: str = "washfit", up_to: AssessmentRound | None = None
) -> list[DraftResult]:
    """Draft every facility's plan that has a submitted or validated assessment (for the CLI and the demo)."""
    results = []
    for facility in session.scalars(select(Facility).order_by(Facility.code)):
        source = draft_source(session, facility, up_to)
        if source is not None:
            results.append(draft_from(session, source, actor))
    return results


def gaps_of(indicator_set: IndicatorSet, assessment: Assessment) -> dict[str, int]:
    """Indicators that apply to the facility and scored 0 or 1, with their score."""
    profile = profile_of(assessment.facility)
    scores = {r.indicator_code: r.score for r in assessment.responses}
    return {
        i.code: score for i in indicator_set.indicators
        if i.applies(profile) and (score := scores.get(i.code)) is not None and score < 2
    }


def _refuse_going_back(session: Session, assessment: Assessment) -> None:
    newer = session.scalar(
        select(AssessmentRound.name)
        .join(Assessment, Assessment.round_id == AssessmentRound.id)
        .join(PlanAction, PlanAction.assessment_id == Assessment.id)
        .where(PlanAction.facility_id == assessment.facility_id, AssessmentRound.starts_on > assessment.round.starts_on)
        .limit(1)
    )
    if newer is not None:
        raise InvalidInput("the plan of %(code)s was drafted from a newer assessment (%(round)s)",
                           code=assessment.facility.code, round=newer)


CARRIED_FIELDS = ("text", "responsible", "target_date", "funding_source")


def _follow_replacements(
    session: Session,
    indicator_set: IndicatorSet,
    existing: dict[str | None, PlanAction],
    gaps: dict[str, int],
    actor: str,
) -> dict[str, dict[str, object]]:
    """Move actions onto the indicators that replace theirs; return the edits split indicators start with.

    Changes ``existing`` in place (re-keyed by the new code), so the rest of drafting sees them there.
    """
    starts: dict[str, dict[str, object]] = {}
    taken: dict[str, PlanAction] = {}
    for indicator in indicator_set.indicators:
        if indicator.code in existing:
            continue
        olds = [code for code in indicator.replaces if code not in indicator_set]
        free = [code for code in olds if code in existing]
        if free:
            action = existing.pop(free[0])
            record_change(session, actor, "plan_action", action.id, "indicator_code", action.indicator_code,
                          indicator.code, action.facility_id)
            action.indicator_code = indicator.code
            existing[indicator.code] = taken[free[0]] = action
        elif indicator.code in gaps and (split := [taken[code] for code in olds if code in taken]):
            edits: dict[str, object] = {f: getattr(split[0], f) for f in CARRIED_FIELDS if f in split[0].edited_fields}
            if edits:
                starts[indicator.code] = {**edits, "edited": " ".join(sorted(edits))}
    session.flush()
    return starts


def _follow_default_items(session: Session, indicator_set: IndicatorSet, action: PlanAction, actor: str) -> None:
    """Items nobody edited follow the set's default action (a new set version may change them)."""
    default = indicator_set.indicator(action.indicator_code or "").actions[0]
    replace_items(session, action, [(i.item, i.quantity, None) for i in default.items], actor)


def draft_from(session: Session, assessment: Assessment, actor: str) -> DraftResult:
    """Bring the facility's plan in line with ``assessment``'s gaps, keeping what people edited."""
    indicator_set = round_set(assessment.round)
    if assessment.status not in DRAFTABLE:
        raise InvalidInput("only a submitted or validated assessment can be drafted from (it is %(status)s)",
                           status=assessment.status)
    _refuse_going_back(session, assessment)
    seed_cost_catalog(session, indicator_set, actor)
    facility_id = assessment.facility_id
    gaps = gaps_of(indicator_set, assessment)
    existing = {
        a.indicator_code: a for a in session.scalars(
            select(PlanAction).where(PlanAction.facility_id == facility_id, PlanAction.indicator_code.is_not(None))
        )
    }
    added: list[PlanAction] = []
    now_met = reopened = 0
    carried = _follow_replacements(session, indicator_set, existing, gaps, actor)
    for code, action in existing.items():
        if code not in indicator_set:
            continue  # the set dropped its indicator: a person decides what becomes of it
        is_gap = code in gaps
        if is_gap and action.assessment_id != assessment.id:
            record_change(session, actor, "plan_action", action.id, "assessment",
                          action.assessment_id, assessment.id, facility_id)
            action.assessment_id = assessment.id
        if is_gap and "items" not in action.edited_fields:
            _follow_default_items(session, indicator_set, action, actor)
        if is_gap == action.indicator_met:  # the gap closed, or opened again
            record_change(session, actor, "plan_action", action.id, "indicator_met",
                          action.indicator_met, not is_gap, facility_id)
            action.indicator_met = not is_gap
            now_met += not is_gap
            reopened += is_gap
    for code in gaps:
        if code not in existing:
            default = indicator_set.indicator(code).actions[0]
            action = PlanAction(
                facility_id=facility_id, assessment_id=assessment.id, indicator_code=code,
                items=[PlanActionItem(cost_item_code=i.item, quantity=i.quantity) for i in default.items],
                **carried.get(code, {}),
            )
            session.add(action)
            added.append(action)
    session.flush()
    for action in added:
        record_change(session, actor, "plan_action", action.id, "drafted", None,
                      f"{action.indicator_code} (assessment {assessment.id})", facility_id)
    plan = ensure_plan(session, facility_id)
    if set_drafted_from(session, plan, assessment, actor) or added:
        reopen_for_scope(session, plan, f"redraft:{assessment.round.name}", actor)
    session.flush()
    return DraftResult(assessment.facility.code, assessment.id, len(added), now_met, reopened)


def validate_assessment(session: Session, assessment: Assessment, actor: User) -> DraftResult | None:
    """Validate a submitted assessment and re-draft its facility's plan from it, keeping every human edit.

    The plan is re-drafted only when it exists and the assessment is the facility's latest
    (validating an older round late leaves a plan drafted from a newer one alone). Returns what
    the re-draft did, or None when there was nothing to re-draft.
    """
    validate(session, assessment, actor)
    has_plan = session.scalar(select(PlanAction.id).where(PlanAction.facility_id == assessment.facility_id).limit(1))
    if has_plan is None or draft_source(session, assessment.facility) is not assessment:
        return None
    return draft_from(session, assessment, actor.username)
