"""What leaves the audit team: counts per facility and year, small ones suppressed, and the evidence for priorities.

``shown_count`` is the one rule of small-number suppression: every page, workbook and report
that shows a death audit count beyond the case list shows it through this function, so a count
of 1 or 2 (which could point at a woman or a baby in a small community) reads "< 3".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.death_audits.codes import AuditCodes
from assessments.models import DeathAudit, Facility

SUPPRESS_BELOW = 3


def shown_count(count: int) -> str:
    """A count as it may be shown beyond the audit team: "< 3" for 1 and 2, else the number."""
    return f"< {SUPPRESS_BELOW}" if 0 < count < SUPPRESS_BELOW else str(count)


@dataclass(frozen=True)
class AuditAggregate:
    """The cases of one facility in one year: how many of each type, and which factors were named.

    Raw counts: show them only through ``shown_count``.
    """

    facility_code: str
    facility_name: str
    year: int
    cases: int
    by_case_type: dict[str, int]
    wash_cases: int               # cases naming at least one WASH-related factor
    by_factor: dict[str, int]     # cases naming each factor
    synthetic: bool               # every case behind it is demonstration data

    @property
    def deaths(self) -> int:
        return self.cases - self.by_case_type.get("near_miss", 0)


def facility_year_aggregates(
    session: Session, codes: AuditCodes, facility_ids: Sequence[int] | None = None
) -> list[AuditAggregate]:
    """Aggregates per facility and year, by facility code then newest year first."""
    query = select(Facility.code, Facility.name, DeathAudit.year, DeathAudit.case_type, DeathAudit.factors,
                   DeathAudit.synthetic).join(Facility, Facility.id == DeathAudit.facility_id)
    if facility_ids is not None:
        query = query.where(DeathAudit.facility_id.in_(facility_ids))
    groups: dict[tuple[str, str, int], list[tuple[str, tuple[str, ...], bool]]] = defaultdict(list)
    for code, name, year, case_type, factors, synthetic in session.execute(query):
        groups[(code, name, year)].append((case_type, tuple(factors.split()), synthetic))
    wash = set(codes.wash_factors)
    aggregates = []
    for (code, name, year), cases in groups.items():
        by_factor: Counter[str] = Counter(f for _, factors, _s in cases for f in set(factors))
        aggregates.append(AuditAggregate(
            facility_code=code, facility_name=name, year=year, cases=len(cases),
            by_case_type=dict(Counter(case_type for case_type, _f, _s in cases)),
            wash_cases=sum(1 for _, factors, _s in cases if wash & set(factors)),
            by_factor=dict(by_factor), synthetic=all(s for _c, _f, s in cases),
        ))
    aggregates.sort(key=lambda a: (a.facility_code, -a.year))
    return aggregates


def months_ago(year: int, month: int, today: dt.date) -> int:
    return (today.year * 12 + today.month) - (year * 12 + month)


def named_factors(session: Session, codes: AuditCodes, today: dt.date) -> dict[int, frozenset[str]]:
    """Per facility id, the WASH-related factors its audits named within the window before ``today``.

    The evidence ``scoring.priority.gap_priority`` weighs (as plain data, through the plans).
    """
    wash = set(codes.wash_factors)
    found: dict[int, set[str]] = defaultdict(set)
    query = select(DeathAudit.facility_id, DeathAudit.year, DeathAudit.month, DeathAudit.factors)
    for facility_id, year, month, factors in session.execute(query):
        if 0 <= months_ago(year, month, today) < codes.window_months:
            found[facility_id].update(wash & set(factors.split()))
    return {facility_id: frozenset(factors) for facility_id, factors in found.items() if factors}


@dataclass(frozen=True)
class WindowCounts:
    """A facility's reviewed deaths and cases naming a WASH-related factor within the window (raw counts)."""

    deaths: int
    wash_cases: int
    synthetic: bool


def counts_in_window(session: Session, codes: AuditCodes, today: dt.date) -> dict[int, WindowCounts]:
    """Per facility id, the cases of the evidence window (what the dashboard shows beside the scores)."""
    wash = set(codes.wash_factors)
    deaths: Counter[int] = Counter()
    wash_cases: Counter[int] = Counter()
    real: set[int] = set()
    seen: set[int] = set()
    query = select(DeathAudit.facility_id, DeathAudit.year, DeathAudit.month, DeathAudit.case_type,
                   DeathAudit.factors, DeathAudit.synthetic)
    for facility_id, year, month, case_type, factors, synthetic in session.execute(query):
        if not 0 <= months_ago(year, month, today) < codes.window_months:
            continue
        seen.add(facility_id)
        deaths[facility_id] += case_type != "near_miss"
        wash_cases[facility_id] += bool(wash & set(factors.split()))
        if not synthetic:
            real.add(facility_id)
    return {f: WindowCounts(deaths[f], wash_cases[f], f not in real) for f in seen}
