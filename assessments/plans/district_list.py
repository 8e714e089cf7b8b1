"""The district's plan list: every facility's actions, filtered and paged, with the totals of what is shown.

Priorities are worked out on every read (``assessments.plans.actions``), so filtering by risk
level happens after reading; a district holds a few hundred actions, which reads in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from assessments.indicator_sets import latest_indicator_set
from assessments.plans.actions import PlanActionView, PlanTotals, list_plan_actions, plan_totals
from scoring.priority import risk_level

CUSTOM_DOMAIN = "custom"  # the domain filter's value for actions the puskesmas added
NO_FUNDING = "none"  # the funding filter's value for actions without a source yet
SORTS = ("priority", "cost")  # the district-wide order of the list, within "still needs money first"
TOTALS_ORDERS = ("need", "name")  # the order of the per-puskesmas totals: largest need first, or by name


@dataclass(frozen=True)
class PlanQuery:
    """What the person asked the plan list for; empty means "all"."""

    domain: str = ""  # a domain code, or CUSTOM_DOMAIN
    priority: str = ""  # a risk level: high, medium, low
    status: str = ""
    facility: str = ""  # a facility code
    funding: str = ""  # a funding source, or NO_FUNDING
    page: int = 1
    page_size: int = 50
    sort: str = "priority"  # one of SORTS
    totals_order: str = "need"  # one of TOTALS_ORDERS

    @property
    def filtered(self) -> bool:
        return any((self.domain, self.priority, self.status, self.facility, self.funding))

    def matches(self, action: PlanActionView) -> bool:
        return (
            (not self.domain or action.domain == self.domain
             or (self.domain == CUSTOM_DOMAIN and action.domain is None))
            and (not self.priority or risk_level(action.priority) == self.priority)
            and (not self.status or action.status == self.status)
            and (not self.facility or action.facility_code == self.facility)
            and (not self.funding or action.funding_source == self.funding
                 or (self.funding == NO_FUNDING and action.funding_source is None))
        )


@dataclass(frozen=True)
class PlanPage:
    """One page of the matching actions, how many match, their totals, and the facilities to filter by."""

    rows: list[PlanActionView]
    shown: int
    totals: PlanTotals
    page: int
    pages: int
    facilities: list[tuple[str, str]]  # (code, name) of every facility with an action, by name
    counted: int = 0  # of ``shown``, the actions that still need money: those ``totals`` sums
    totals_facilities: list[tuple[str, str]] = field(default_factory=list)  # in the asked ``totals_order``

    @property
    def others(self) -> int:
        """The shown actions that need no more money (done, dropped, or their indicator now met)."""
        return self.shown - self.counted


def district_order(actions: list[PlanActionView], sort: str) -> list[PlanActionView]:
    """The actions that still need money first; within each part, by priority or by cost, largest first.

    Ties go to the other key, then the facility code, so the order is the same on every read.
    """
    if sort == "cost":
        return sorted(actions, key=lambda a: (not a.counted, -a.cost, -a.priority, a.facility_code, a.id))
    return sorted(actions, key=lambda a: (not a.counted, -a.priority, -a.cost, a.facility_code, a.id))


def district_actions(session: Session, lang: str) -> list[PlanActionView]:
    """Every facility's actions as the district plans page and the budget read them.

    Read with the latest set (it serves own actions and the catalog's prices), so the district
    summary workbook, which lists these, sums to the page's figures to the rupiah.
    """
    return list_plan_actions(session, latest_indicator_set(session), lang=lang)


def plan_page(session: Session, query: PlanQuery, lang: str) -> PlanPage:
    """The page of the district plan list that ``query`` asks for."""
    actions = district_actions(session, lang)
    shown = district_order([a for a in actions if query.matches(a)], query.sort)
    pages = max(1, -(-len(shown) // query.page_size))
    page = min(max(query.page, 1), pages)
    totals = plan_totals(shown)
    facilities = sorted({(a.facility_code, a.facility_name) for a in actions}, key=lambda f: (f[1], f[0]))
    by_need = sorted(facilities, key=lambda f: -totals.by_facility.get(f[0], 0))  # stable: by name within ties
    return PlanPage(
        rows=shown[(page - 1) * query.page_size: page * query.page_size],
        shown=len(shown),
        totals=totals,
        page=page,
        pages=pages,
        facilities=facilities,
        counted=sum(1 for a in shown if a.counted),
        totals_facilities=by_need if query.totals_order == "need" else facilities,
    )
