"""Plan actions as every reader sees them (pages, exports, charts, the CLI), with priorities and totals.

A facility's plan has one action per indicator that its latest submitted or validated assessment
found not fully met, drafted by ``assessments.plans.drafting``; people edit them through
``assessments.plans.edits``. Priorities and costs are never stored: they are worked out on every
read from the score in the facility's latest submitted or validated assessment (``plans.sources``;
before a re-draft that may be newer than the action's source) through ``scoring.priority``, the
death audits' evidence (``death_audits.summaries.named_factors``), the catalog's current prices
(``assessments.plans.prices``) and the freight to the facility's kecamatan
(``assessments.plans.freight``), so a new price or factor moves every plan total;
``plans_fingerprint`` tells in one query whether a total or a progress count may have changed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, func, select, true
from sqlalchemy.orm import Session, selectinload

from assessments.death_audits.codes import AuditCodes, current_audit_codes
from assessments.death_audits.summaries import named_factors
from assessments.facilities import profile_of
from assessments.i18n.catalog import translator
from assessments.i18n.labels import PRIORITY_REASON
from assessments.indicator_sets import round_set
from assessments.models import (
    Assessment,
    AssessmentRound,
    CostItemPrice,
    Facility,
    FacilityPlan,
    FreightFactor,
    PlanAction,
    PlanActionItem,
    Response,
)
from assessments.plans.freight import freight_factors
from assessments.plans.prices import UnitPrice, unit_costs
from assessments.plans.sources import DRAFTABLE, latest_sources
from assessments.teams.codes import current_team_codes
from assessments.teams.risks import judgements_of
from scoring import IndicatorSet
from scoring.costs import NO_FREIGHT, CostLine, action_cost, estimated_cost
from scoring.definitions import FacilityProfile
from scoring.priority import Priority, custom_priority, gap_priority, judged_value, no_gap_priority, risk_level

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
    indicator_met: bool         # the indicator is met in the facility's latest submitted or validated assessment
    version: int = 0            # for optimistic locking in edit forms
    estimated_cost: int = 0     # the part of ``cost`` resting on estimates (see scoring.costs)
    price_years: tuple[int, ...] = ()  # the years of the catalog prices the cost uses, oldest first
    freight_percent: int = NO_FREIGHT  # the facility's kecamatan's freight factor, when a line carries it
    # washfit's computed priority; ``priority`` is it moved into the team's level (``judged_value``)
    computed_priority: int = 0
    team_level: str | None = None   # the team's risk level of the gap (step 3), if it judged one
    team_reason: str = ""           # why the team's level differs from washfit's
    problem: str = ""               # the problem the team found
    at_risk: tuple[str, ...] = ()   # codes of who is at risk (team_codes.yaml)

    @property
    def washfit_level(self) -> str:
        """washfit's computed risk level, the suggestion."""
        return risk_level(self.computed_priority)

    @property
    def level(self) -> str:
        """The risk level the plan follows: the team's where it judged, washfit's otherwise."""
        return self.team_level or self.washfit_level

    @property
    def judged_otherwise(self) -> bool:
        """Whether the team gave another level than washfit's (both are then shown, with its reason)."""
        return self.team_level is not None and self.team_level != self.washfit_level
    started_on: dt.date | None = None    # monitoring (``plans.monitoring``)
    completed_on: dt.date | None = None
    progress_note: str = ""
    spent: int | None = None             # whole rupiah spent so far

    @property
    def sourced(self) -> bool:
        """Whether the whole cost rests on sourced prices (an uncosted action is not sourced)."""
        return self.cost > 0 and self.estimated_cost == 0

    @property
    def counted(self) -> bool:
        """Whether the action is still to be paid for: planned or in progress, gap not closed.

        The one rule of "still needs money": the plan pages, their totals, the budget and the
        workbooks' *still needs money* column all read it.
        """
        return self.status in OPEN_STATUSES and not self.indicator_met

    @property
    def not_counted_reason(self) -> str | None:
        """Why the action needs no more money: its status (done, dropped) or ``"met"``; None while it does."""
        if self.counted:
            return None
        return "met" if self.status in OPEN_STATUSES else self.status


@dataclass(frozen=True)
class PlanTotals:
    """Σ cost of the counted actions per facility code, domain, funding source and district.

    Custom actions total under the domain ``None``; actions without a funding source under ``None``.
    ``estimated_by_facility`` and ``estimated`` are the parts of those totals resting on estimates.
    """

    by_facility: dict[str, int]
    by_domain: dict[str | None, int]
    by_funding: dict[str | None, int]
    district: int
    estimated_by_facility: dict[str, int] = field(default_factory=dict)
    estimated: int = 0

    @property
    def sourced(self) -> int:
        """The part of the district total resting on sourced prices."""
        return self.district - self.estimated


def plan_totals(actions: Iterable[PlanActionView]) -> PlanTotals:
    """Totals over the actions that still need money (see ``PlanActionView.counted``)."""
    by_facility: dict[str, int] = defaultdict(int)
    by_domain: dict[str | None, int] = defaultdict(int)
    by_funding: dict[str | None, int] = defaultdict(int)
    estimated: dict[str, int] = defaultdict(int)
    for action in actions:
        if not action.counted:
            continue
        by_facility[action.facility_code] += action.cost
        by_domain[action.domain] += action.cost
        by_funding[action.funding_source] += action.cost
        estimated[action.facility_code] += action.estimated_cost
    return PlanTotals(dict(by_facility), dict(by_domain), dict(by_funding), sum(by_facility.values()),
                      dict(estimated), sum(estimated.values()))


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


UNPRICED = UnitPrice(0, False, 0)


def cost_lines(
    items: Iterable[PlanActionItem], costs: dict[str, UnitPrice], freight: int = NO_FREIGHT
) -> list[CostLine]:
    """An action's items priced from ``costs`` (see ``prices.unit_costs``), materials with ``freight``."""
    lines = []
    for i in items:
        price = costs.get(i.cost_item_code, UNPRICED)
        lines.append(CostLine(i.cost_item_code, i.quantity, price.cost, i.unit_cost_override, price.sourced,
                              price.material, freight))
    return lines


def _price_years(items: Iterable[PlanActionItem], costs: dict[str, UnitPrice]) -> tuple[int, ...]:
    return tuple(sorted({costs[i.cost_item_code].year for i in items
                         if i.unit_cost_override is None and i.cost_item_code in costs}))


def _latest_scores(session: Session, latest: dict[int, Assessment]) -> dict[tuple[int, str], int | None]:
    """(assessment id, indicator code) → score of the facilities' latest assessments, in one query."""
    if not latest:
        return {}
    query = select(Response.assessment_id, Response.indicator_code, Response.score).where(
        Response.assessment_id.in_([a.id for a in latest.values()]))
    return {(assessment_id, code): score for assessment_id, code, score in session.execute(query)}


def _source_scores(session: Session, which: ColumnElement[bool]) -> dict[int, int | None]:
    """The score each of ``which`` actions has in its source assessment, in one query."""
    query = select(PlanAction.id, Response.score).join(
        Response,
        and_(Response.assessment_id == PlanAction.assessment_id, Response.indicator_code == PlanAction.indicator_code),
    ).where(which)
    # Not dict(result): a Result has keys(), so dict() would take it for a mapping of its columns.
    return {action_id: score for action_id, score in session.execute(query)}  # noqa: C416


def _gap_now(
    action: PlanAction, latest: Assessment | None, latest_scores: dict[tuple[int, str], int | None],
    source_score: int | None,
) -> tuple[int | None, bool]:
    """The action's score and whether its indicator is met, read from the facility's latest assessment.

    An indicator the latest assessment's set does not know (a newer set dropped or renamed it
    before a re-draft moved the action) keeps its source score and the stored ``indicator_met``.
    """
    code = action.indicator_code
    if code is None or latest is None or code not in round_set(latest.round):
        return source_score, action.indicator_met
    score = latest_scores.get((latest.id, code))
    return score, score not in (0, 1)


def action_set(action: PlanAction, fallback: IndicatorSet) -> IndicatorSet:
    """The set an action is read with: its source assessment's round's set (``fallback`` for own actions)."""
    return fallback if action.assessment is None else round_set(action.assessment.round)


def _views(
    session: Session, indicator_set: IndicatorSet, which: ColumnElement[bool], lang: str,
    prices: dict[str, UnitPrice] | None = None,
) -> list[PlanActionView]:
    """The actions ``which`` selects, read with their source scores and prices in a few queries.

    Each action is read with its own set (``action_set``); ``indicator_set`` serves own actions.
    ``prices`` replaces the catalog's, to show what a price list would do before it is imported.
    """
    query = select(PlanAction).options(
        selectinload(PlanAction.items), selectinload(PlanAction.facility),
        selectinload(PlanAction.assessment).selectinload(Assessment.round).selectinload(AssessmentRound.indicator_set),
    ).where(which)
    actions = session.scalars(query).all()
    scores = _source_scores(session, which)
    latest = latest_sources(session, (a.facility_id for a in actions))
    latest_scores = _latest_scores(session, latest)
    costs = unit_costs(session, indicator_set) if prices is None else prices
    freight = freight_factors(session)
    codes = current_audit_codes()
    evidence = named_factors(session, codes, dt.datetime.now(dt.UTC).date())
    team_codes = current_team_codes()
    # The team's judgement of the gap as the latest assessment has it, as the priority reads it.
    judged_in = {a.id: latest[a.facility_id].id if a.facility_id in latest else a.assessment_id for a in actions}
    judged = judgements_of(session, [(assessment_id, code) for a in actions
                                     if (assessment_id := judged_in[a.id]) is not None
                                     and (code := a.indicator_code) is not None])
    views = []
    for action in actions:
        code = action.indicator_code
        read_with = action_set(action, indicator_set)
        linked = evidence.get(action.facility_id, frozenset()) & codes.factors_of(code) if code else frozenset()
        source = latest.get(action.facility_id)
        score, met = _gap_now(action, source, latest_scores, scores.get(action.id))
        if source is not None and code is not None and code in round_set(source.round):
            read_with = round_set(source.round)
        priority = action_priority(read_with, code, score, profile_of(action.facility), linked)
        lines = cost_lines(action.items, costs, freight.get(action.facility.kecamatan, NO_FREIGHT))
        judgement = judged.get((judged_in[action.id] or 0, code or ""))
        team_level = None if judgement is None else team_codes.level(judgement.likelihood, judgement.severity)
        views.append(PlanActionView(
            id=action.id,
            facility_code=action.facility.code,
            facility_name=action.facility.name,
            domain=read_with.indicator(code).domain if code is not None and code in read_with else None,
            indicator_code=code,
            text=action.text or default_text(read_with, code, lang),
            priority=judged_value(priority.value, team_level),
            reasons=reason_words(priority, codes, lang),
            status=action.status,
            funding_source=action.funding_source,
            responsible=action.responsible,
            target_date=action.target_date,
            cost=action_cost(lines),
            indicator_met=met,
            version=action.version,
            estimated_cost=estimated_cost(lines),
            price_years=_price_years(action.items, costs),
            freight_percent=next((line.freight_percent for line in lines if line.carried), NO_FREIGHT),
            computed_priority=priority.value,
            team_level=team_level,
            team_reason="" if judgement is None else judgement.reason,
            problem="" if judgement is None else judgement.problem,
            at_risk=() if judgement is None else judgement.at_risk_codes,
            started_on=action.started_on,
            completed_on=action.completed_on,
            progress_note=action.progress_note,
            spent=action.spent,
        ))
    return views


def list_plan_actions(
    session: Session, indicator_set: IndicatorSet, *, lang: str = "id", facility_ids: Sequence[int] | None = None,
    prices: dict[str, UnitPrice] | None = None,
) -> list[PlanActionView]:
    """Every action (of the given facilities), by facility code, then priority, then the set's order."""
    which = true() if facility_ids is None else PlanAction.facility_id.in_(facility_ids)
    views = _views(session, indicator_set, which, lang, prices)
    order = {indicator.code: n for n, indicator in enumerate(indicator_set.indicators)}
    views.sort(key=lambda v: (v.facility_code, -v.priority, order.get(v.indicator_code or "", len(order)), v.id))
    return views


def plan_action_view(session: Session, indicator_set: IndicatorSet, action: PlanAction, lang: str) -> PlanActionView:
    """One action as the lists show it: its priority, reasons and cost."""
    return _views(session, indicator_set, PlanAction.id == action.id, lang)[0]


def plans_fingerprint(session: Session) -> tuple[object, ...]:
    """What changes whenever a plan total or a progress count could: one SELECT of aggregates, the
    key of the plan charts' images (``charts.district.plans_kept``) with the set they are read with.

    Every table ``_views`` and ``progress.progress_report`` read for an action's cost, domain,
    status, funding source, target date and whether its gap is closed, each by what every write to
    it changes:

    - ``plan_actions``: status, funding source, target date, indicator and source assessment; each
      edit (``edits``, ``monitoring``, drafting) bumps the version and ``updated_at``, drafting and
      own actions add rows.
    - ``plan_action_items``: quantities and overrides, priced into the cost. A person's edit bumps
      its action, but drafting makes unedited items follow the set's default action without
      writing the action's row. No version: the count, the highest id (a replaced item is inserted
      before the old one is deleted), the sums of quantity and override, and how many overrides
      there are (an override of Rp 0 is not none).
    - ``cost_items``: the district's prices (version, ``updated_at``); seeding the catalog adds rows.
    - ``freight_factors``: the freight on material lines, per kecamatan. No version: count, highest
      id, the sum of the percents and ``updated_at`` (setting 100 deletes the row).
    - ``assessments``: which one is each facility's latest submitted or validated (a status change
      bumps the version), and its answers, which say whether a gap is closed: ``save_answers``, the
      one write path of answers, bumps the version and ``updated_at`` of the assessment whose
      answers changed. Only the submitted and validated ones (``sources.DRAFTABLE``, the rule
      ``latest_sources`` reads with): a draft's answers close no gap and move no total, so saving
      one leaves the plan charts kept, and a draft put forward, or one taken back to draft,
      enters or leaves these rows and so changes their count.
    - ``facilities``: the code and name that label the progress bars and count the facilities of
      the plan cost's title, and the kecamatan that carries freight (each edit bumps the version).
    - ``facility_plans``: the plans' states, which the progress report carries beside its counts
      (version); the chart does not draw them, a page showing the report does.

    Not in it: the indicator sets (never edited once stored; the caller keys on the set it reads
    with), the rounds (a round's set moves only while the round has no answers, and then bumps its
    assessments' versions; a round's start is never edited) and what moves priorities only, never
    a total or a bin: the death audits, the team's risk judgements, the day (a chart of overdue
    actions keys on the day itself).
    """
    return tuple(session.execute(_plans_fingerprint_query()).one())


@cache
def _plans_fingerprint_query() -> Select[Any]:
    """The fingerprint's SELECT, built once: building it costs three times as long as PostgreSQL
    takes to run it (3 ms of 4 on every dashboard image)."""
    parts = [
        _aggregates(PlanAction, func.count(), func.sum(PlanAction.version), func.max(PlanAction.id),
                    func.max(PlanAction.updated_at)),
        _aggregates(PlanActionItem, func.count(), func.max(PlanActionItem.id), func.sum(PlanActionItem.quantity),
                    func.sum(PlanActionItem.unit_cost_override), func.count(PlanActionItem.unit_cost_override)),
        _aggregates(CostItemPrice, func.count(), func.sum(CostItemPrice.version), func.max(CostItemPrice.id),
                    func.max(CostItemPrice.updated_at)),
        _aggregates(FreightFactor, func.count(), func.max(FreightFactor.id), func.sum(FreightFactor.percent),
                    func.max(FreightFactor.updated_at)),
        _aggregates(Assessment, func.count(), func.sum(Assessment.version), func.max(Assessment.id),
                    func.max(Assessment.updated_at)).where(Assessment.status.in_(DRAFTABLE)),
        _aggregates(Facility, func.count(), func.sum(Facility.version), func.max(Facility.id)),
        _aggregates(FacilityPlan, func.count(), func.sum(FacilityPlan.version), func.max(FacilityPlan.id)),
    ]
    tables = [part.subquery(f"plans_{n}") for n, part in enumerate(parts)]
    joined: FromClause = tables[0]
    for table in tables[1:]:
        joined = joined.join(table, true())  # one row each: joined on true, they make one row
    return select(*(c for t in tables for c in t.c)).select_from(joined)


def _aggregates(model: type[object], *columns: ColumnElement[Any]) -> Select[Any]:
    """``columns`` over every row of ``model``'s table, named so that the tables' columns never clash."""
    return select(*(c.label(f"c{n}") for n, c in enumerate(columns))).select_from(model)
