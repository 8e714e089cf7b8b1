"""Plan actions as every reader sees them (pages, exports, charts, the CLI), with priorities and totals.

A facility's plan has one action per indicator that its latest submitted or validated
assessment found not fully met, drafted by ``assessments.plans.drafting``; people edit them
through ``assessments.plans.edits``. Priorities and costs are never stored: they are worked out
on every read from the source assessment's score (``scoring.priority``), the death audits' evidence
(``death_audits.summaries.named_factors``) and the catalog's current
prices (``assessments.plans.prices``), so a new price moves every plan total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session, selectinload

from assessments.death_audits.codes import AuditCodes, current_audit_codes
from assessments.death_audits.summaries import named_factors
from assessments.facilities import profile_of
from assessments.i18n.catalog import translator
from assessments.i18n.labels import PRIORITY_REASON
from assessments.models import (
    PlanAction,
    PlanActionItem,
    Response,
)
from assessments.plans.prices import unit_costs
from scoring import IndicatorSet
from scoring.costs import CostLine, action_cost
from scoring.definitions import FacilityProfile
from scoring.priority import Priority, custom_priority, gap_priority, no_gap_priority

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


def action_priority(
    indicator_set: IndicatorSet, code: str | None, score: int | None, profile: FacilityProfile,
    audit_factors: frozenset[str] = frozenset(),
) -> Priority:
    """The priority of an action from its indicator, the score its source assessment gave, and audit evidence.

    ``audit_factors`` are the WASH-related factors the facility's death audits named within the
    window; those linked to the indicator (``death_audit_codes.yaml``) raise its priority.
    """
    if code is None:
        return custom_priority()
    if code not in indicator_set or score not in (0, 1):
        return no_gap_priority()
    return gap_priority(indicator_set.indicator(code), score, profile, audit_factors)


def reason_words(priority: Priority, codes: AuditCodes, lang: str) -> tuple[str, ...]:
    """The reasons of ``priority`` in ``lang``; the audit reason names its factors.

    For example ``audit AMP-SR: tidak ada air mengalir di ruang bersalin``.
    """
    _ = translator(lang)
    words = []
    for reason in priority.reasons:
        text = _(PRIORITY_REASON[reason])
        if reason == "audit":
            factors = [codes.factors[f].label.get(lang) for f in priority.audit_factors if f in codes.factors]
            text = f"{text}: {', '.join(factors)}"
        words.append(text)
    return tuple(words)


def default_text(indicator_set: IndicatorSet, code: str | None, lang: str) -> str:
    """The indicator's first default action, in ``lang``; empty for a custom action."""
    if code is None or code not in indicator_set:
        return ""
    return indicator_set.indicator(code).actions[0].text.get(lang)


def cost_lines(items: Iterable[PlanActionItem], costs: dict[str, int]) -> list[CostLine]:
    """An action's items priced from ``costs`` (see ``cost_catalog.unit_costs``)."""
    return [CostLine(i.cost_item_code, i.quantity, costs.get(i.cost_item_code, 0), i.unit_cost_override) for i in items]


def _source_scores(session: Session, which: ColumnElement[bool]) -> dict[int, int | None]:
    """The score each of ``which`` actions has in its source assessment, in one query."""
    query = select(PlanAction.id, Response.score).join(
        Response,
        and_(Response.assessment_id == PlanAction.assessment_id, Response.indicator_code == PlanAction.indicator_code),
    ).where(which)
    return {action_id: score for action_id, score in session.execute(query)}


def _views(
    session: Session, indicator_set: IndicatorSet, which: ColumnElement[bool], lang: str
) -> list[PlanActionView]:
    """The actions ``which`` selects, read with their source scores and prices in three queries."""
    query = select(PlanAction).options(selectinload(PlanAction.items), selectinload(PlanAction.facility)).where(which)
    actions = session.scalars(query).all()
    scores = _source_scores(session, which)
    costs = unit_costs(session, indicator_set)
    codes = current_audit_codes()
    evidence = named_factors(session, codes, dt.datetime.now(dt.timezone.utc).date())
    views = []
    for action in actions:
        code = action.indicator_code
        linked = evidence.get(action.facility_id, frozenset()) & codes.factors_of(code) if code else frozenset()
        priority = action_priority(indicator_set, code, scores.get(action.id), profile_of(action.facility), linked)
        views.append(PlanActionView(
            id=action.id,
            facility_code=action.facility.code,
            facility_name=action.facility.name,
            domain=indicator_set.indicator(code).domain if code in indicator_set else None,
            indicator_code=code,
            text=action.text or default_text(indicator_set, code, lang),
            priority=priority.value,
            reasons=reason_words(priority, codes, lang),
            status=action.status,
            funding_source=action.funding_source,
            responsible=action.responsible,
            target_date=action.target_date,
            cost=action_cost(cost_lines(action.items, costs)),
            indicator_met=action.indicator_met,
            version=action.version,
        ))
    return views


def list_plan_actions(
    session: Session, indicator_set: IndicatorSet, *, lang: str = "id", facility_ids: Sequence[int] | None = None
) -> list[PlanActionView]:
    """Every action (of the given facilities), by facility code, then priority, then the set's order."""
    which = true() if facility_ids is None else PlanAction.facility_id.in_(facility_ids)
    views = _views(session, indicator_set, which, lang)
    order = {indicator.code: n for n, indicator in enumerate(indicator_set.indicators)}
    views.sort(key=lambda v: (v.facility_code, -v.priority, order.get(v.indicator_code or "", len(order)), v.id))
    return views


def plan_action_view(session: Session, indicator_set: IndicatorSet, action: PlanAction, lang: str) -> PlanActionView:
    """One action as the lists show it: its priority, reasons and cost."""
    return _views(session, indicator_set, PlanAction.id == action.id, lang)[0]
