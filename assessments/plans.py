"""Improvement plans: drafted from an assessment's gaps, read with priorities and costs, totalled.

A facility's plan has one action per indicator that its latest submitted or validated
assessment found not fully met (score 0 or 1, where the indicator applies), taken from the
indicator's first default action in the set. Re-drafting after a newer assessment adds the new
gaps, leaves every field a person edited alone, and marks the actions whose indicator is now
met (or no longer applies) instead of deleting them. Editing lives in ``assessments.plan_edits``.

Priorities and costs are never stored: they are worked out on every read from the source
assessment's score (``scoring.priority``) and the catalog's current prices (``scoring.costs``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from assessments.audit import record_change
from assessments.cost_catalog import seed_cost_catalog, unit_costs
from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import (
    Assessment,
    AssessmentRound,
    Facility,
    PlanAction,
    PlanActionItem,
    Response,
    User,
)
from assessments.permissions import can_edit_plan
from assessments.results import profile_of
from scoring import IndicatorSet
from scoring.costs import CostLine, action_cost
from scoring.definitions import FacilityProfile
from scoring.priority import Priority, custom_priority, gap_priority, no_gap_priority

DRAFTABLE = ("submitted", "validated")
OPEN_STATUSES = ("planned", "in_progress")


@dataclass(frozen=True)
class PlanActionView:
    """One action as every reader (pages, exports, charts, the CLI) sees it."""

    id: int
    facility_code: str
    facility_name: str
    domain: str | None          # domain code of the indicator, None for a custom action
    indicator_code: str | None  # None for an action a puskesmas head added
    text: str                   # in the requested language (the edited text if edited)
    priority: int               # higher = more urgent
    reasons: tuple[str, ...]    # e.g. ("essential", "delivery room", "not met") in the language
    status: str                 # planned / in_progress / done / dropped
    funding_source: str | None  # APBD, DAK, BOK, UNICEF, other
    responsible: str
    target_date: dt.date | None
    cost: int                   # whole rupiah = Σ quantity × (override or catalog unit cost)
    indicator_met: bool         # the indicator is met in the latest assessment
    version: int = 0            # for optimistic locking in edit forms

    @property
    def counted(self) -> bool:
        """Whether the action is still to be paid for: planned or in progress, gap not closed."""
        return self.status in OPEN_STATUSES and not self.indicator_met


@dataclass(frozen=True)
class PlanTotals:
    """Σ cost of the counted actions per facility code, domain, funding source and district.

    Custom actions total under the domain ``None``; actions without a funding source under ``None``.
    """

    by_facility: dict[str, int]
    by_domain: dict[str | None, int]
    by_funding: dict[str | None, int]
    district: int


def plan_totals(actions: Iterable[PlanActionView]) -> PlanTotals:
    """Totals over the actions that still need money (see ``PlanActionView.counted``)."""
    by_facility: dict[str, int] = defaultdict(int)
    by_domain: dict[str | None, int] = defaultdict(int)
    by_funding: dict[str | None, int] = defaultdict(int)
    for action in actions:
        if not action.counted:
            continue
        by_facility[action.facility_code] += action.cost
        by_domain[action.domain] += action.cost
        by_funding[action.funding_source] += action.cost
    return PlanTotals(dict(by_facility), dict(by_domain), dict(by_funding), sum(by_facility.values()))


# -- reading ------------------------------------------------------------------------------------

def action_priority(indicator_set: IndicatorSet, code: str | None, score: int | None, profile: FacilityProfile) -> Priority:
    """The priority of an action from its indicator and the score its source assessment gave."""
    if code is None:
        return custom_priority()
    if code not in indicator_set or score not in (0, 1):
        return no_gap_priority()
    return gap_priority(indicator_set.indicator(code), score, profile)


def default_text(indicator_set: IndicatorSet, code: str | None, lang: str) -> str:
    """The indicator's first default action, in ``lang``; empty for a custom action."""
    if code is None or code not in indicator_set:
        return ""
    return indicator_set.indicator(code).actions[0].text.get(lang)


def cost_lines(items: Iterable[PlanActionItem], costs: dict[str, int]) -> list[CostLine]:
    """An action's items priced from ``costs`` (see ``cost_catalog.unit_costs``)."""
    return [CostLine(i.cost_item_code, i.quantity, costs.get(i.cost_item_code, 0), i.unit_cost_override) for i in items]


def _source_scores(session: Session, facility_ids: Sequence[int] | None) -> dict[int, int | None]:
    """Each drafted action's score in its source assessment, in one query."""
    query = select(PlanAction.id, Response.score).join(
        Response,
        and_(Response.assessment_id == PlanAction.assessment_id, Response.indicator_code == PlanAction.indicator_code),
    )
    if facility_ids is not None:
        query = query.where(PlanAction.facility_id.in_(facility_ids))
    return {action_id: score for action_id, score in session.execute(query)}


def list_plan_actions(
    session: Session, indicator_set: IndicatorSet, *, lang: str = "id", facility_ids: Sequence[int] | None = None
) -> list[PlanActionView]:
    """Every action (of the given facilities), by facility code, then priority, then the set's order."""
    query = select(PlanAction).options(selectinload(PlanAction.items), selectinload(PlanAction.facility))
    if facility_ids is not None:
        query = query.where(PlanAction.facility_id.in_(facility_ids))
    actions = session.scalars(query).all()
    scores = _source_scores(session, facility_ids)
    costs = unit_costs(session, indicator_set)
    order = {indicator.code: n for n, indicator in enumerate(indicator_set.indicators)}
    views = []
    for action in actions:
        code = action.indicator_code
        priority = action_priority(indicator_set, code, scores.get(action.id), profile_of(action.facility))
        views.append(PlanActionView(
            id=action.id,
            facility_code=action.facility.code,
            facility_name=action.facility.name,
            domain=indicator_set.indicator(code).domain if code in indicator_set else None,
            indicator_code=code,
            text=action.text or default_text(indicator_set, code, lang),
            priority=priority.value,
            reasons=priority.labels(lang),
            status=action.status,
            funding_source=action.funding_source,
            responsible=action.responsible,
            target_date=action.target_date,
            cost=action_cost(cost_lines(action.items, costs)),
            indicator_met=action.indicator_met,
            version=action.version,
        ))
    views.sort(key=lambda v: (v.facility_code, -v.priority, order.get(v.indicator_code or "", len(order)), v.id))
    return views


# -- drafting -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DraftResult:
    """What drafting did to one facility's plan."""

    facility_code: str
    assessment_id: int
    added: int
    now_met: int
    reopened: int


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


def draft_plan(session: Session, indicator_set: IndicatorSet, facility: Facility, actor: User) -> DraftResult:
    """Draft or re-draft ``facility``'s plan from its latest submitted or validated assessment."""
    if not can_edit_plan(actor, facility):
        raise PermissionDenied("you may not edit this facility's plan")
    source = draft_source(session, facility)
    if source is None:
        raise InvalidInput("%(code)s has no submitted or validated assessment to draft a plan from", code=facility.code)
    return draft_from(session, indicator_set, source, actor.username)


def draft_all_plans(
    session: Session, indicator_set: IndicatorSet, *, actor: str = "washfit", up_to: AssessmentRound | None = None
) -> list[DraftResult]:
    """Draft every facility's plan that has a submitted or validated assessment (for the CLI and the demo)."""
    results = []
    for facility in session.scalars(select(Facility).order_by(Facility.code)):
        source = draft_source(session, facility, up_to)
        if source is not None:
            results.append(draft_from(session, indicator_set, source, actor))
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


def item_summary(items: Iterable[tuple[str, int, int | None]]) -> str:
    """Items as one audit value: ``CODE×quantity`` with ``@override`` when there is one."""
    return "; ".join(f"{code}×{qty}" + ("" if override is None else f"@{override}") for code, qty, override in items)


def stored_items(action: PlanAction) -> list[tuple[str, int, int | None]]:
    return [(i.cost_item_code, i.quantity, i.unit_cost_override) for i in action.items]


def replace_items(
    session: Session, action: PlanAction, items: Sequence[tuple[str, int, int | None]], actor: str
) -> bool:
    """Give ``action`` exactly ``items`` (code, quantity, override), audited; False when nothing changed."""
    before = stored_items(action)
    if sorted(before) == sorted(items):
        return False
    record_change(session, actor, "plan_action", action.id, "items", item_summary(before), item_summary(items),
                  action.facility_id)
    # Rows of codes that stay are updated in place: the flush inserts before it deletes, so
    # deleting and re-adding a code would trip the (action, item) unique constraint.
    by_code = {i.cost_item_code: i for i in action.items}
    kept = []
    for code, qty, override in items:
        item = by_code.pop(code, None) or PlanActionItem(cost_item_code=code)
        item.quantity, item.unit_cost_override = qty, override
        kept.append(item)
    action.items = kept
    return True


def _follow_default_items(session: Session, indicator_set: IndicatorSet, action: PlanAction, actor: str) -> None:
    """Items nobody edited follow the set's default action (a new set version may change them)."""
    default = indicator_set.indicator(action.indicator_code or "").actions[0]
    replace_items(session, action, [(i.item, i.quantity, None) for i in default.items], actor)


def draft_from(session: Session, indicator_set: IndicatorSet, assessment: Assessment, actor: str) -> DraftResult:
    """Bring the facility's plan in line with ``assessment``'s gaps, keeping what people edited."""
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
    for code, action in existing.items():
        is_gap = code in gaps
        if is_gap and action.assessment_id != assessment.id:
            record_change(session, actor, "plan_action", action.id, "assessment", action.assessment_id, assessment.id, facility_id)
            action.assessment_id = assessment.id
        if is_gap and "items" not in action.edited_fields:
            _follow_default_items(session, indicator_set, action, actor)
        if is_gap == action.indicator_met:  # the gap closed, or opened again
            record_change(session, actor, "plan_action", action.id, "indicator_met", action.indicator_met, not is_gap, facility_id)
            action.indicator_met = not is_gap
            now_met += not is_gap
            reopened += is_gap
    for code in gaps:
        if code not in existing:
            default = indicator_set.indicator(code).actions[0]
            action = PlanAction(
                facility_id=facility_id, assessment_id=assessment.id, indicator_code=code,
                items=[PlanActionItem(cost_item_code=i.item, quantity=i.quantity) for i in default.items],
            )
            session.add(action)
            added.append(action)
    session.flush()
    for action in added:
        record_change(session, actor, "plan_action", action.id, "drafted", None,
                      f"{action.indicator_code} (assessment {assessment.id})", facility_id)
    session.flush()
    return DraftResult(assessment.facility.code, assessment.id, len(added), now_met, reopened)
