"""What the summary and plan workbook tests share: plain data to write, and reading it back."""

import collections
import dataclasses
import datetime as dt
import io

from openpyxl import load_workbook

from assessments.excel.district_workbook import (
    DistrictSummary,
    FacilitySummaryRow,
    SummaryAnswer,
)
from scoring import compare_assessments, score_assessment

RISKY = '=HYPERLINK("http://evil.example","klik")'


@dataclasses.dataclass(frozen=True)
class Action:
    facility_code: str = "F1"
    facility_name: str = "Puskesmas Satu"
    domain: str | None = "W"
    indicator_code: str | None = "W2"
    text: str = "Pasang tangki"
    priority: int = 5
    reasons: tuple[str, ...] = ("esensial",)
    status: str = "planned"
    funding_source: str | None = "APBD"
    responsible: str = "Kepala puskesmas"
    target_date: dt.date | None = dt.date(2026, 6, 30)
    cost: int = 5_000_000
    sourced_cost: int = 0

    @property
    def estimated_cost(self) -> int:
        return self.cost - self.sourced_cost

    @property
    def counted(self) -> bool:
        return self.status in ("planned", "in_progress")

    @property
    def not_counted_reason(self) -> str | None:
        return None if self.counted else self.status


def summary(mini_set, rows=None, actions=None, synthetic=True, previous="Baseline 2024"):
    before = score_assessment(mini_set, {"W1": 1, "W2": 1, "HH1": 0})
    after = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": "na", "HH1": 0, "HH2": 2})
    rows = rows if rows is not None else [
        FacilitySummaryRow("F1", "Puskesmas Satu", "Kupang Tengah", "submitted", after,
                           compare_assessments(before, after)),
        FacilitySummaryRow("F2", RISKY, "-Semau", None, None, None),
    ]
    actions = actions if actions is not None else [
        Action(), Action(text=RISKY, cost=1_500_000, status="done", domain="HH", indicator_code="HH1"),
        Action(facility_code="F2", facility_name="Puskesmas Dua", domain=None, indicator_code=None, text="@SUM(1)",
               cost=250_000, status="dropped", responsible="+62 812"),
    ]
    return DistrictSummary(mini_set, "Follow-up 2026", synthetic, previous, dt.datetime(2026, 5, 2, 9, 30), rows,
                           [SummaryAnswer("F1", "W1", 2, "-- tangki bocor"), SummaryAnswer("F1", "W3", None, "")],
                           counts_from(mini_set, rows), actions)


def counts_from(mini_set, rows):
    """What summaries.indicator_counts counts in SQL, counted from the rows' own answers."""
    counts = {i.code: collections.Counter() for i in mini_set.indicators}
    for row in rows:
        if row.score is not None:
            for indicator in mini_set.indicators:
                counts[indicator.code][row.score.answers.get(indicator.code)] += 1
    return counts


def written(write, data, lang="id"):
    out = io.BytesIO()
    write(data, out, lang)
    return load_workbook(io.BytesIO(out.getvalue()))


def no_formulas(book):
    return [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
