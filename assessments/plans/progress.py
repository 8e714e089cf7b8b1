"""How far the plans have got: actions done, in progress, overdue, not started, and money planned vs spent.

One reading for every place that shows progress (the facility page, the plan page, the district
plans, the dashboard chart, the summary workbook's *Kemajuan* sheet and ``washfit progress``), so
their counts and rupiah are equal by construction. Each action is in exactly one bin, in this
order: dropped; done; indicator now met (closed by a newer assessment, the action not done);
overdue (target date passed, not done); in progress; not started. "Planned" is the cost of every
action not dropped; "spent" what was recorded spent on them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.models import Assessment, AssessmentRound, Facility
from assessments.plans.actions import PlanActionView, list_plan_actions
from assessments.plans.plan_records import PlanStatus, plan_statuses
from scoring import IndicatorSet

BINS = ("done", "in_progress", "overdue", "not_started", "met", "dropped")


def progress_bin(action: PlanActionView, today: dt.date) -> str:
    """The one bin an action is counted in (see the module's order)."""
    if action.status == "dropped":
        return "dropped"
    if action.status == "done":
        return "done"
    if action.indicator_met:
        return "met"
    if action.target_date is not None and action.target_date < today:
        return "overdue"
    return "in_progress" if action.status == "in_progress" else "not_started"


@dataclass
class Money:
    planned: int = 0
    spent: int = 0


@dataclass
class ProgressRow:
    """One puskesmas's (or the district's) progress: counts per bin, money planned and spent."""

    code: str
    name: str
    status: PlanStatus | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BINS, 0))
    money: Money = field(default_factory=Money)
    by_domain: dict[str | None, Money] = field(default_factory=lambda: defaultdict(Money))
    by_funding: dict[str | None, Money] = field(default_factory=lambda: defaultdict(Money))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, action: PlanActionView, spent: int, today: dt.date) -> None:
        self.counts[progress_bin(action, today)] += 1
        planned = 0 if action.status == "dropped" else action.cost
        for money in (self.money, self.by_domain[action.domain], self.by_funding[action.funding_source]):
            money.planned += planned
            money.spent += spent


@dataclass(frozen=True)
class ProgressReport:
    """Every puskesmas's progress (code order) and the district's, as of ``today``.

    ``listed_of`` is how many puskesmas have plans when ``rows`` holds only those ``most_behind``
    kept, worst first; None when the rows are all of them.
    """

    rows: tuple[ProgressRow, ...]
    district: ProgressRow
    today: dt.date
    round_name: str | None
    listed_of: int | None = None


def most_behind(report: ProgressReport, limit: int) -> ProgressReport:
    """The report with at most ``limit`` puskesmas: all of them, in code order, when they fit; else
    those with the most overdue actions, then the most not started, worst first.

    A chart or table of a province's 400 plans, or a country's 10,000, reads like no chart at all
    (and a bar per plan outgrows any image); the plans to follow up first are what a district
    meeting asks of it. The district's row still counts every plan.
    """
    if len(report.rows) <= limit:
        return report
    behind = sorted(report.rows, key=lambda r: (-r.counts["overdue"], -r.counts["not_started"], r.code))
    return replace(report, rows=tuple(behind[:limit]), listed_of=len(report.rows))


@dataclass(frozen=True)
class ClosedAction:
    """An action closed (done) between rounds, and whether the indicator was met afterwards."""

    view: PlanActionView
    completed_on: dt.date | None
    spent: int | None
    followed_by_met: bool


def _round_facilities(session: Session, round_: AssessmentRound) -> set[int]:
    """The facilities assessed in ``round_`` or a round before it: the plans that exist as of that round."""
    return set(session.scalars(select(Assessment.facility_id).join(AssessmentRound)
                               .where(AssessmentRound.starts_on <= round_.starts_on)))


def progress_report(
    session: Session, indicator_set: IndicatorSet, *, round_: AssessmentRound | None = None,
    facility_ids: Sequence[int] | None = None, today: dt.date | None = None, lang: str = "id",
) -> ProgressReport:
    """The progress of every plan (of the facilities assessed by ``round_``, or of ``facility_ids``)."""
    day = today or dt.datetime.now(dt.UTC).date()
    wanted: set[int] | None = None if facility_ids is None else set(facility_ids)
    if round_ is not None:
        in_round = _round_facilities(session, round_)
        wanted = in_round if wanted is None else wanted & in_round
    actions = list_plan_actions(session, indicator_set, lang=lang,
                                facility_ids=None if wanted is None else sorted(wanted))
    statuses = {s.facility_code: s for s in plan_statuses(session, wanted).values()}
    rows: dict[str, ProgressRow] = {}
    district = ProgressRow("", "")
    for action in actions:
        row = rows.setdefault(action.facility_code, ProgressRow(action.facility_code, action.facility_name,
                                                                statuses.get(action.facility_code)))
        row.add(action, action.spent or 0, day)
        district.add(action, action.spent or 0, day)
    return ProgressReport(tuple(rows[c] for c in sorted(rows)), district, day,
                          None if round_ is None else round_.name)


def closed_actions(session: Session, indicator_set: IndicatorSet, facility: Facility,
                   lang: str = "id") -> list[ClosedAction]:
    """The facility's done actions, and for each whether the latest assessment found the indicator met."""
    views = list_plan_actions(session, indicator_set, lang=lang, facility_ids=[facility.id])
    return [ClosedAction(v, v.completed_on, v.spent, v.indicator_code is not None and v.indicator_met)
            for v in views if v.status == "done"]


ProgressLine = tuple[str, str, str, str, int, int, int, int, int, int, int, int]


def progress_lines(report: ProgressReport) -> list[ProgressLine]:
    """The rows the *Kemajuan* sheet and ``washfit progress`` print, the district's last (code empty).

    (code, name, plan state, newer round or "", done, in progress, overdue, not started,
    indicator now met, dropped, planned rupiah, spent rupiah); the state is a code, worded by each writer.
    """
    lines = []
    for row in (*report.rows, report.district):
        status = row.status
        lines.append((row.code, row.name, status.state if status else "",
                      (status.newer_round or "") if status else "", row.counts["done"], row.counts["in_progress"],
                      row.counts["overdue"], row.counts["not_started"], row.counts["met"], row.counts["dropped"],
                      row.money.planned, row.money.spent))
    return lines
