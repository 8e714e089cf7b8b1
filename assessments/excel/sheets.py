"""Sheets that the district summary and a puskesmas's plan workbook share: about, tables, actions, totals.

Every sheet is streamed with openpyxl's write-only mode, so memory does not grow with the number
of rows. Every word comes from washfit's one catalog (``assessments.i18n``) in the language asked
for, so a workbook says what the web says.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from assessments.excel.cells import (
    BOLD,
    MUTED_FONT,
    RUPIAH_FORMAT,
    SCALE_HIGH,
    SCALE_LOW,
    TITLE_FONT,
    WARNING_FILL,
    WARNING_FONT,
    WRAP,
    StreamedSheet,
    header_row,
    layout,
    print_landscape,
    text_cell,
)
from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_rupiah
from assessments.i18n.labels import PLAN_STATUS
from scoring import IndicatorSet
from scoring.costs import estimated_share


class ActionRow(Protocol):
    """The fields of ``assessments.plans.actions.PlanActionView`` that the workbooks show (read-only)."""

    @property
    def facility_code(self) -> str: ...
    @property
    def facility_name(self) -> str: ...
    @property
    def domain(self) -> str | None: ...
    @property
    def indicator_code(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def priority(self) -> int: ...
    @property
    def reasons(self) -> tuple[str, ...]: ...
    @property
    def status(self) -> str: ...
    @property
    def funding_source(self) -> str | None: ...
    @property
    def responsible(self) -> str: ...
    @property
    def target_date(self) -> dt.date | None: ...
    @property
    def cost(self) -> int: ...
    @property
    def counted(self) -> bool:
        """Still needs money: open and its indicator not yet met (as the web counts it)."""
        ...
    @property
    def estimated_cost(self) -> int:
        """The part of ``cost`` resting on estimates."""
        ...
    @property
    def not_counted_reason(self) -> str | None:
        """Why it needs no more money ("met", "done", "dropped"); None while ``counted``."""
        ...


def file_slug(text: str) -> str:
    """``Baseline-2025-demo``: letters and digits joined by dashes, safe in any file name."""
    return "-".join("".join(c if c.isalnum() else " " for c in text).split()) or "washfit"


def about_sheet(
    workbook: Workbook,
    lang: str,
    title: str,
    indicator_set: IndicatorSet,
    exported_at: dt.datetime,
    synthetic: bool,
    details: Sequence[tuple[str, str]],
    guide: Sequence[tuple[str, str]],
) -> None:
    """The first sheet: what the file is, where it comes from, and what each sheet holds."""
    _ = translator(lang)
    sheet = StreamedSheet(workbook.create_sheet(_("About")), (34, 110))
    ws = sheet.ws
    print_landscape(ws)  # page settings are written with the sheet's first row
    sheet.append([text_cell(ws, title, font=TITLE_FONT)])
    if synthetic:
        warning = ("Semua skor di berkas ini sintetis (dibuat dari benih tetap), bukan hasil penilaian nyata. "
                   "Every score in this file is synthetic, not the result of a real assessment.")
        sheet.append([text_cell(ws, "DATA DEMO · DEMO DATA", font=WARNING_FONT, fill=WARNING_FILL),
                      text_cell(ws, warning, font=WARNING_FONT, fill=WARNING_FILL, alignment=WRAP)])
    sheet.append([])
    rows = [
        ("Sumber / source", "washfit · Dinas Kesehatan Kabupaten Kupang"),
        *details,
        ("Diekspor / exported", f"{exported_at:%Y-%m-%d %H:%M} UTC"),
        ("Set indikator / indicator set",
         f"{indicator_set.title.get(lang)} · {indicator_set.id} {indicator_set.version}"),
        ("Rujukan / reference", indicator_set.source.get("citation", "")),
    ]
    for key, value in rows:
        sheet.append([text_cell(ws, key, font=BOLD), text_cell(ws, value, alignment=WRAP)])
    sheet.append([])
    for key, value in guide:
        sheet.append([text_cell(ws, key, font=BOLD), text_cell(ws, value, alignment=WRAP)])


def table_sheet(workbook: Workbook, title: str, headers: Sequence[str], widths: Iterable[float],
                frozen_columns: int = 0) -> StreamedSheet:
    """A sheet whose first row is a frozen header, repeated on every printed page."""
    sheet = StreamedSheet(workbook.create_sheet(title), widths)
    sheet.ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    print_landscape(sheet.ws, "1:1")
    sheet.append(header_row(sheet.ws, headers))
    return sheet


def finish_table(sheet: StreamedSheet, columns: int, rows: int) -> None:
    """Filters over the table: the header and the ``rows`` data rows under it."""
    layout(sheet.ws).auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def color_scale(sheet: StreamedSheet, first_column: int, last_column: int, rows: int, high: float = 1) -> None:
    """The single-hue scale of the score tables over a block of columns."""
    if rows:
        cells = f"{get_column_letter(first_column)}2:{get_column_letter(last_column)}{rows + 1}"
        # The openpyxl stubs leave ColorScaleRule (a function building a Rule) untyped.
        layout(sheet.ws).conditional_formatting.add(cells, ColorScaleRule(  # type: ignore[no-untyped-call]
            start_type="num", start_value=0, start_color=SCALE_LOW, end_type="num", end_value=high,
            end_color=SCALE_HIGH))


def as_fraction(value: Decimal | None) -> float | None:
    """A percentage (72.7) as the fraction Excel formats as 72.7 %."""
    return None if value is None else float(value / 100)


def as_points(value: Decimal | None) -> float | None:
    """A change in percentage points as the number Excel formats as +1.5 pp."""
    return None if value is None else float(value)


def needs_money_cells(ws: WriteOnlyWorksheet, action: ActionRow, lang: str) -> list[object]:
    """The *still needs money* column (yes / no, as ``counted`` says) and why not, as the web's plan pages say it."""
    _ = translator(lang)
    reason = action.not_counted_reason
    why = "" if reason is None else _("indicator now met") if reason == "met" else _(PLAN_STATUS[reason])
    return [text_cell(ws, _("Yes") if action.counted else _("No"), font=BOLD if action.counted else None),
            text_cell(ws, why)]


def actions_sheet(workbook: Workbook, actions: Sequence[ActionRow], lang: str) -> None:
    """The costed improvement actions, one row each: those that still need money first.

    Filtering *still needs money* on "yes" and summing the cost gives the plan pages' total.
    """
    _ = translator(lang)
    headers = [_("Code"), _("Facility"), _("Still needs money"), _("Why not"), _("Domain"), _("Indicator"),
               _("Action"), _("Priority"), _("Reasons"), _("Status"), _("Funding source"), _("Person responsible"),
               _("Target date"), _("Cost (Rp)")]
    sheet = table_sheet(workbook, _("Actions"), headers, (10, 26, 11, 20, 9, 9, 55, 10, 30, 15, 12, 20, 12, 16), 2)
    ws = sheet.ws
    if not actions:
        sheet.append([text_cell(ws, _("No improvement actions yet."), font=MUTED_FONT)])
        return
    for action in sorted(actions, key=lambda a: not a.counted):  # stable: the given order within each part
        sheet.append([
            text_cell(ws, action.facility_code), text_cell(ws, action.facility_name),
            *needs_money_cells(ws, action, lang),
            text_cell(ws, action.domain or ""), text_cell(ws, action.indicator_code or ""),
            text_cell(ws, action.text, alignment=WRAP), text_cell(ws, action.priority),
            text_cell(ws, ", ".join(action.reasons), alignment=WRAP),
            text_cell(ws, _(PLAN_STATUS[action.status]) if action.status in PLAN_STATUS else action.status),
            text_cell(ws, action.funding_source or ""), text_cell(ws, action.responsible),
            text_cell(ws, action.target_date, number_format="yyyy-mm-dd"),
            text_cell(ws, action.cost, number_format=RUPIAH_FORMAT),
        ])
    finish_table(sheet, len(headers), len(actions))


@dataclass
class Totals:
    """How many actions a group has, how many still need money, what they all cost (but dropped ones),
    and what is still needed (the ``counted`` actions, as the plan pages count them)."""

    count: int = 0
    total: int = 0
    open: int = 0
    open_estimated: int = 0  # the part of ``open`` resting on estimates
    open_count: int = 0  # the actions that still need money

    def add(self, action: ActionRow) -> None:
        self.count += 1
        if action.status != "dropped":
            self.total += action.cost
        if action.counted:
            self.open_count += 1
            self.open += action.cost
            self.open_estimated += action.estimated_cost

    def merge(self, other: Totals) -> None:
        self.count += other.count
        self.open_count += other.open_count
        self.total += other.total
        self.open += other.open
        self.open_estimated += other.open_estimated


def estimate_detail(actions: Iterable[ActionRow], lang: str) -> tuple[str, str]:
    """The About sheet's line on how much of the money still needed rests on estimates."""
    _ = translator(lang)
    totals = Totals()
    for action in actions:
        totals.add(action)
    share = estimated_share(totals.open_estimated, totals.open)
    return (_("Money still needed resting on estimates"),
            _("%(estimated)s of %(total)s (%(share)d%%); the rest rests on sourced prices")
            % {"estimated": format_rupiah(totals.open_estimated), "total": format_rupiah(totals.open), "share": share})


def totals_sheet(workbook: Workbook, title: str, lang: str, first_headers: Sequence[str], widths: Iterable[float],
                 groups: Sequence[tuple[Sequence[str], Totals]], total_label: str,
                 notes: Mapping[str, str] | None = None) -> None:
    """A table of action counts and costs per group, a blank row, and the total of them all.

    The first count is of the actions that still need money (the plan pages' count), the second
    of the others. ``notes`` (by the group's first name) add a last column, e.g. for placeholders.
    """
    _ = translator(lang)
    headers = [*first_headers, _("Actions that still need money"), _("Other actions"),
               _("Cost of all actions but dropped (Rp)"), _("Still needed (Rp)"),
               _("of which on estimates (Rp)"), _("Share on estimates") + " (%)"]
    if notes is not None:
        headers.append(_("Note"))
    sheet = table_sheet(workbook, title, headers, [*widths, 22, 14, 60], len(first_headers))
    ws = sheet.ws
    overall = Totals()
    for names, totals in groups:
        note = [text_cell(ws, notes.get(names[0], ""), alignment=WRAP)] if notes is not None else []
        sheet.append([*(text_cell(ws, n) for n in names), *_totals_cells(ws, totals), *note])
        overall.merge(totals)
    sheet.append([])
    padding = [None] * (len(first_headers) - 1)
    sheet.append([text_cell(ws, total_label, font=BOLD), *padding, *_totals_cells(ws, overall, BOLD)])
    finish_table(sheet, len(headers), len(groups))


def _totals_cells(ws: WriteOnlyWorksheet, totals: Totals, font: Font | None = None) -> list[object]:
    return [text_cell(ws, totals.open_count, font=font), text_cell(ws, totals.count - totals.open_count, font=font),
            text_cell(ws, totals.total, number_format=RUPIAH_FORMAT, font=font),
            text_cell(ws, totals.open, number_format=RUPIAH_FORMAT, font=font),
            text_cell(ws, totals.open_estimated, number_format=RUPIAH_FORMAT, font=font),
            text_cell(ws, estimated_share(totals.open_estimated, totals.open), font=font)]


def cost_by_domain_sheet(
    workbook: Workbook, actions: Sequence[ActionRow], indicator_set: IndicatorSet, lang: str, total_label: str
) -> None:
    """Action counts and costs per domain, actions the puskesmas added last, and the total."""
    _ = translator(lang)
    names = {d.code: d.name.get(lang) for d in indicator_set.domains}
    order = {code: index for index, code in enumerate(names)}
    groups: dict[str | None, Totals] = defaultdict(Totals)
    for action in actions:
        groups[action.domain].add(action)
    rows = [((code or "—", names.get(code or "", _("Other (added actions)"))), totals)
            for code, totals in sorted(groups.items(), key=lambda item: order.get(item[0] or "", len(order)))]
    totals_sheet(workbook, _("Cost by domain"), lang, [_("Domain"), ""], (16, 40, 12, 12, 22, 22), rows, total_label)
