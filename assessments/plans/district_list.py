"""The district's plan list: every facility's actions, filtered and paged, with the totals of what is shown.

Priorities are worked out on every read (``assessments.plans.actions``), so filtering by risk
level happens after reading; a district holds a few hundred actions, which reads in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assessments.plans.actions import PlanActionView, PlanTotals, list_plan_actions, plan_totals
from scoring import IndicatorSet
from scoring.priority import risk_level

CUSTOM_DOMAIN = "custom"  # the domain filter's value for actions the puskesmas added
NO_FUNDING = "none"  # the funding filter's value for actions without a source yet


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
    facilities: list[tuple[str, str]]  # (code, name) of every facility with an action


def plan_page(session: Session, indicator_set: IndicatorSet, query: PlanQuery, lang: str) -> PlanPage:
    """The page of the district plan list that ``query`` asks for."""
    actions = list_plan_actions(session, indicator_set, lang=lang)
    shown = [a for a in actions if query.matches(a)]
    pages = max(1, -(-len(shown) // query.page_size))
    page = min(max(query.page, 1), pages)
    return PlanPage(
        rows=shown[(page - 1) * query.page_size: page * query.page_size],
        shown=len(shown),
        totals=plan_totals(shown),
        page=page,
        pages=pages,
        facilities=sorted({(a.facility_code, a.facility_name) for a in actions}),
    )
