"""What the dashboard keeps of the plans' progress when a province's or a country's plans do not fit."""

import datetime as dt

from assessments.plans.progress import ProgressReport, ProgressRow, most_behind

TODAY = dt.date(2026, 6, 1)


def _row(code: str, overdue: int, not_started: int, done: int = 0) -> ProgressRow:
    row = ProgressRow(code, f"Puskesmas {code}")
    row.counts.update(overdue=overdue, not_started=not_started, done=done)
    return row


def _report(rows: list[ProgressRow]) -> ProgressReport:
    return ProgressReport(tuple(rows), ProgressRow("", ""), TODAY, "Baseline")


def test_plans_that_fit_are_all_kept_in_code_order():
    report = _report([_row("A", 0, 1), _row("B", 5, 0)])
    assert most_behind(report, 2) is report  # rows, order and no listed_of as they were


def test_beyond_the_limit_the_plans_with_most_overdue_then_most_not_started_are_kept_worst_first():
    rows = [_row("A", 1, 9, done=5), _row("B", 3, 0), _row("C", 1, 2), _row("D", 0, 9), _row("E", 3, 0)]
    report = _report(rows)
    kept = most_behind(report, 3)
    assert [r.code for r in kept.rows] == ["B", "E", "A"]  # 3 overdue (by code), then 1 overdue and 9 not started
    assert kept.listed_of == 5
    assert kept.district is report.district  # the district's total still counts every plan
