"""What a district budget buys: the plans' open actions handed to ``scoring.budget``.

Candidates are the actions that still need money (planned or in progress, gap not closed; see
``PlanActionView.counted``), valued at their priority and costed at the catalog's current
prices. As of a round, "gap not closed" is read from each facility's latest submitted or
validated assessment up to that round instead, so an earlier round's budget can be replayed.
Asked for sourced prices only, the budget leaves out every action whose cost rests, even in
part, on an estimate (``PlanActionView.sourced``): what it funds can go to the Bupati as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.indicator_sets import round_set
from assessments.models import AssessmentRound, Facility
from assessments.plans.actions import OPEN_STATUSES, PlanActionView, list_plan_actions
from assessments.plans.drafting import gaps_of
from assessments.plans.sources import draft_source
from scoring import IndicatorSet
from scoring.budget import Candidate, choose_actions


@dataclass(frozen=True)
class BudgetRow:
    """A candidate action, whether it is funded, and the funded total up to and including it."""

    action: PlanActionView
    funded: bool
    running_total: int


@dataclass
class FacilitySubtotal:
    """What a budget gives one puskesmas: its funded actions and cost, and the open ones it leaves."""

    code: str
    name: str
    funded: int = 0
    funded_cost: int = 0
    unfunded: int = 0
    unfunded_cost: int = 0


@dataclass(frozen=True)
class BudgetResult:
    """Every candidate in priority order, and what the budget buys."""

    rows: tuple[BudgetRow, ...]
    budget: int
    cap_per_facility: int | None
    total: int
    value: int
    method: str  # "exact" or "greedy" (see scoring.budget)
    sourced_only: bool = False
    left_out: int = 0  # open actions left out because their cost rests on estimates

    @property
    def funded(self) -> list[PlanActionView]:
        return [row.action for row in self.rows if row.funded]

    @property
    def unfunded(self) -> list[PlanActionView]:
        return [row.action for row in self.rows if not row.funded]

    @property
    def by_facility(self) -> list[FacilitySubtotal]:
        """Per puskesmas, largest funded cost first (then the largest need left, then the name)."""
        groups: dict[str, FacilitySubtotal] = {}
        for row in self.rows:
            action = row.action
            code = action.facility_code
            group = groups.setdefault(code, FacilitySubtotal(code, action.facility_name))
            if row.funded:
                group.funded += 1
                group.funded_cost += action.cost
            else:
                group.unfunded += 1
                group.unfunded_cost += action.cost
        return sorted(groups.values(), key=lambda g: (-g.funded_cost, -g.unfunded_cost, g.name, g.code))

    @property
    def estimated(self) -> int:
        """The part of the funded total resting on estimates."""
        return sum(row.action.estimated_cost for row in self.rows if row.funded)


def _gaps_as_of(session: Session, up_to: AssessmentRound) -> dict[str, set[str]]:
    """Each facility's open gaps in its latest submitted or validated assessment up to ``up_to``,
    read with that assessment's round's set."""
    gaps = {}
    for facility in session.scalars(select(Facility)):
        source = draft_source(session, facility, up_to)
        gaps[facility.code] = set(gaps_of(round_set(source.round), source)) if source else set()
    return gaps


def _candidate(action: PlanActionView, gaps: dict[str, set[str]] | None) -> bool:
    if gaps is None:
        return action.counted
    return action.status in OPEN_STATUSES and (
        action.indicator_code is None or action.indicator_code in gaps.get(action.facility_code, set())
    )


def fund_plans(
    session: Session,
    indicator_set: IndicatorSet,
    budget: int,
    cap_per_facility: int | None = None,
    *,
    up_to: AssessmentRound | None = None,
    lang: str = "id",
    facility_ids: Sequence[int] | None = None,
    sourced_only: bool = False,
) -> BudgetResult:
    """Choose the open actions with the most total priority within ``budget`` (and the cap)."""
    gaps = _gaps_as_of(session, up_to) if up_to is not None else None
    actions = [a for a in list_plan_actions(session, indicator_set, lang=lang, facility_ids=facility_ids)
               if _candidate(a, gaps)]
    open_count = len(actions)
    if sourced_only:
        actions = [a for a in actions if a.sourced]
    actions.sort(key=lambda a: (-a.priority, a.cost, a.facility_code, a.id))
    selection = choose_actions([Candidate(a.id, a.cost, a.priority, a.facility_code) for a in actions],
                               budget, cap_per_facility)
    funded = set(selection.funded)
    rows = []
    running = 0
    for action in actions:
        if action.id in funded:
            running += action.cost
        rows.append(BudgetRow(action, action.id in funded, running))
    return BudgetResult(tuple(rows), budget, cap_per_facility, selection.cost, selection.value, selection.method,
                        sourced_only, open_count - len(actions))
