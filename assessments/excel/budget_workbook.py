"""The budget answer as a workbook: what a budget buys, per puskesmas first, then every candidate action.

The file the district takes to the budget meeting (or sends to the Bupati's office): the same
figures as the budget page, from the same ``BudgetResult``. Every text goes through
``assessments.excel.cells`` so nothing in it is a formula; its size is bounded by the district's
open actions (a few hundred rows), streamed in write-only mode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import BinaryIO

from openpyxl import Workbook

from assessments.excel.cells import BOLD, RUPIAH_FORMAT, WRAP, text_cell
from assessments.excel.sheets import about_sheet, file_slug, finish_table, table_sheet
from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_rupiah
from assessments.i18n.labels import FUNDING_SOURCE
from assessments.plans.budget import BudgetResult
from scoring import IndicatorSet


@dataclass(frozen=True)
class BudgetAnswer:
    """A budget's answer and what it was asked with, as plain values."""

    result: BudgetResult
    indicator_set: IndicatorSet
    round_name: str | None  # gaps found up to this round; None = each facility's latest
    synthetic: bool
    exported_at: dt.datetime


def budget_file_name(budget: int) -> str:
    return f"washfit-anggaran-{file_slug(str(budget))}.xlsx"


def write_budget_answer(answer: BudgetAnswer, out: BinaryIO, lang: str = "id") -> None:
    """Write the budget workbook: about, per puskesmas, and the actions (funded first)."""
    _ = translator(lang)
    result = answer.result
    workbook = Workbook(write_only=True)
    cap = format_rupiah(result.cap_per_facility) if result.cap_per_facility is not None else "—"
    details = [
        (_("Budget (Rp)"), format_rupiah(result.budget)),
        (_("Cap per puskesmas (Rp, optional)"), cap),
        (_("Gaps found up to round"), answer.round_name or "—"),
        (_("Funded"), _("%(total)s for %(count)d actions of %(open)d open; total priority %(value)d")
         % {"total": format_rupiah(result.total), "count": len(result.funded), "open": len(result.rows),
            "value": result.value}),
        (_("Of the funded total, %(estimated)s rests on estimates.") % {"estimated": format_rupiah(result.estimated)},
         ""),
    ]
    guide = [(_("Per puskesmas"), _("funded and not funded actions and their cost, per puskesmas")),
             (_("Actions"), _("every open action, funded first, with the running total"))]
    about_sheet(workbook, lang, "Anggaran rencana perbaikan WASH FIT · WASH FIT plan budget", answer.indicator_set,
                answer.exported_at, answer.synthetic, details, guide)
    _subtotals_sheet(workbook, result, lang)
    _budget_actions_sheet(workbook, result, lang)
    workbook.save(out)


def _subtotals_sheet(workbook: Workbook, result: BudgetResult, lang: str) -> None:
    _ = translator(lang)
    headers = [_("Code"), _("Facility"), _("Funded"), _("Funded cost (Rp)"), _("Not funded"),
               _("Not funded cost (Rp)")]
    sheet = table_sheet(workbook, _("Per puskesmas"), headers, (10, 30, 10, 18, 12, 18), 2)
    ws = sheet.ws
    groups = result.by_facility
    for g in groups:
        sheet.append([text_cell(ws, g.code), text_cell(ws, g.name), text_cell(ws, g.funded),
                      text_cell(ws, g.funded_cost, number_format=RUPIAH_FORMAT), text_cell(ws, g.unfunded),
                      text_cell(ws, g.unfunded_cost, number_format=RUPIAH_FORMAT)])
    sheet.append([])
    sheet.append([text_cell(ws, _("District total"), font=BOLD), None,
                  text_cell(ws, sum(g.funded for g in groups), font=BOLD),
                  text_cell(ws, sum(g.funded_cost for g in groups), number_format=RUPIAH_FORMAT, font=BOLD),
                  text_cell(ws, sum(g.unfunded for g in groups), font=BOLD),
                  text_cell(ws, sum(g.unfunded_cost for g in groups), number_format=RUPIAH_FORMAT, font=BOLD)])
    finish_table(sheet, len(headers), len(groups))


def _budget_actions_sheet(workbook: Workbook, result: BudgetResult, lang: str) -> None:
    _ = translator(lang)
    headers = [_("Funded"), _("Priority"), _("Code"), _("Facility"), _("Domain"), _("Indicator"), _("Action"),
               _("Funding source"), _("Cost (Rp)"), _("Running total")]
    sheet = table_sheet(workbook, _("Actions"), headers, (10, 10, 10, 26, 9, 9, 55, 16, 16, 16), 1)
    ws = sheet.ws
    rows = sorted(result.rows, key=lambda r: not r.funded)  # stable: priority order within each part
    for row in rows:
        action = row.action
        source = _(FUNDING_SOURCE[action.funding_source]) if action.funding_source in FUNDING_SOURCE else ""
        sheet.append([
            text_cell(ws, _("funded") if row.funded else _("not funded"), font=BOLD if row.funded else None),
            text_cell(ws, action.priority), text_cell(ws, action.facility_code), text_cell(ws, action.facility_name),
            text_cell(ws, action.domain or ""), text_cell(ws, action.indicator_code or ""),
            text_cell(ws, action.text, alignment=WRAP), text_cell(ws, source),
            text_cell(ws, action.cost, number_format=RUPIAH_FORMAT),
            text_cell(ws, row.running_total if row.funded else None, number_format=RUPIAH_FORMAT),
        ])
    finish_table(sheet, len(headers), len(rows))
