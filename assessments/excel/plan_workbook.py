"""A puskesmas's plan workbook: its scores round by round and its costed improvement actions.

Streamed with openpyxl's write-only mode (see ``assessments.excel.sheets``). Nothing here reads
the database: ``assessments.excel.exports`` gathers the plain values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from openpyxl import Workbook

from assessments.excel.cells import BOLD, CHANGE_FORMAT, PERCENT_FORMAT, WRAP, text_cell
from assessments.excel.sheets import (
    ActionRow,
    about_sheet,
    actions_sheet,
    as_fraction,
    as_points,
    color_scale,
    cost_by_domain_sheet,
    estimate_detail,
    file_slug,
    finish_table,
    table_sheet,
)
from assessments.i18n.catalog import translator
from assessments.i18n.labels import PLAN_STATE, PLAN_STATUS, RISK_LEVEL, SERVICE_LEVEL, STATUS
from assessments.plans.validation import PlanSnapshot
from scoring import AssessmentScore, Comparison, IndicatorSet


@dataclass(frozen=True)
class RiskRow:
    """One gap in the team's risk table, as the guide lays it out, in the reader's words.

    ``level`` is the level the plan follows (the team's where it judged); ``washfit_level``
    washfit's computed one, shown beside with the team's ``reason`` where they differ.
    """

    indicator_code: str
    problem: str
    level: str
    washfit_level: str
    judged: bool
    reason: str
    at_risk: tuple[str, ...]
    action: str


@dataclass(frozen=True)
class FacilityPlan:
    """One puskesmas's rounds (name, status, score, change) and its actions, for its head."""

    indicator_set: IndicatorSet
    code: str
    name: str
    synthetic: bool
    exported_at: dt.datetime
    rounds: Sequence[tuple[str, str, AssessmentScore, Comparison | None]]
    actions: Sequence[ActionRow]
    risks: Sequence[RiskRow] = ()
    state: str = "draft"  # the plan's state with the district (``FacilityPlan.state`` in the database)
    snapshot: PlanSnapshot | None = None  # what the district last validated


def plan_file_name(facility_code: str) -> str:
    return "washfit-rencana-" + file_slug(facility_code) + ".xlsx"


def write_facility_plan(plan: FacilityPlan, out: BinaryIO, lang: str = "id") -> None:
    """Write a puskesmas's plan workbook (its scores, its actions with cost and status) to ``out``."""
    _ = translator(lang)
    workbook = Workbook(write_only=True)
    guide = [
        (_("Scores"), _("scores per round and their change")),
        (_("Actions"), _("improvement actions, status and cost")),
        (_("Risks"), _("the team's risk assessment: problem, risk, who is at risk, action")),
        (_("Cost by domain"), _("cost per domain and in total")),
        *([(_("Validated"), _("the plan as the district validated it"))] if plan.snapshot else []),
    ]
    about_sheet(workbook, lang, f"Rencana perbaikan WASH FIT · WASH FIT improvement plan: {plan.name}",
                plan.indicator_set, plan.exported_at, plan.synthetic,
                [(_("Facility"), f"{plan.name} ({plan.code})"), (_("Plan state"), _(PLAN_STATE[plan.state])),
                 estimate_detail(plan.actions, lang)], guide)
    _facility_scores_sheet(workbook, plan, lang)
    actions_sheet(workbook, plan.actions, lang)
    _risks_sheet(workbook, plan.risks, lang)
    cost_by_domain_sheet(workbook, plan.actions, plan.indicator_set, lang, _("Facility total"))
    if plan.snapshot is not None:
        _snapshot_sheet(workbook, plan.snapshot, lang)
    workbook.save(out)


def _snapshot_sheet(workbook: Workbook, snapshot: PlanSnapshot, lang: str) -> None:
    """The plan as validated, kept as it was: who validated it and when, each action and the total."""
    _ = translator(lang)
    headers = [_("Indicator"), _("Action"), _("Priority"), _("Status"), _("Funding source"), _("Person responsible"),
               _("Target date"), _("Cost (Rp)")]
    sheet = table_sheet(workbook, _("Validated"), headers, (11, 50, 9, 14, 14, 20, 12, 16))
    ws = sheet.ws
    for action in snapshot.actions:
        sheet.append([action.indicator_code or "", text_cell(ws, action.text), action.priority,
                      _(PLAN_STATUS[action.status]), action.funding_source or "", text_cell(ws, action.responsible),
                      action.target_date, action.cost])
    sheet.append([text_cell(ws, _("Validated total (actions to fund)"), font=BOLD), "", "", "", "", "", "",
                  text_cell(ws, snapshot.total, font=BOLD)])
    sheet.append([text_cell(ws, _("The plan as validated by %(user)s on %(date)s") % {
        "user": snapshot.validated_by, "date": snapshot.validated_at.date().isoformat()})])
    finish_table(sheet, len(headers), len(snapshot.actions))


def _facility_scores_sheet(workbook: Workbook, plan: FacilityPlan, lang: str) -> None:
    _ = translator(lang)
    domains = plan.indicator_set.domains
    areas = [rule.area for rule in plan.indicator_set.jmp_rules]
    headers = [_("Round"), _("Status"), *(f"{d.code} {d.name.get(lang)}" for d in domains),
               _("Overall"), _("Overall change"), _("Essential met"),
               *(plan.indicator_set.service_areas[a].get(lang) for a in areas)]
    sheet = table_sheet(workbook, _("Scores"), headers,
                        (24, 12, *(14,) * len(domains), 13, 14, 13, *(18,) * len(areas)), 1)
    ws = sheet.ws
    for round_name, status, score, change in plan.rounds:
        sheet.append([
            text_cell(ws, round_name), text_cell(ws, _(STATUS[status])),
            *(text_cell(ws, as_fraction(d.percent), number_format=PERCENT_FORMAT) for d in score.domains),
            text_cell(ws, as_fraction(score.overall.percent), number_format=PERCENT_FORMAT, font=BOLD),
            text_cell(ws, as_points(change.overall.change) if change else None, number_format=CHANGE_FORMAT),
            text_cell(ws, as_fraction(score.essential.percent), number_format=PERCENT_FORMAT),
            *(text_cell(ws, _(SERVICE_LEVEL[score.jmp[a]])) for a in areas),
        ])
    color_scale(sheet, 3, 3 + len(domains), len(plan.rounds))
    finish_table(sheet, len(headers), len(plan.rounds))


def _risks_sheet(workbook: Workbook, risks: Sequence[RiskRow], lang: str) -> None:
    """The guide's risk table: problem, risk, who is at risk, action; washfit's level and the team's reason beside."""
    _ = translator(lang)
    headers = [_("Indicator"), _("Problem found"), _("Risk"), _("Who is at risk"), _("Action"),
               _("washfit's level"), _("The team's reason")]
    sheet = table_sheet(workbook, _("Risks"), headers, (10, 44, 16, 28, 44, 14, 36), 1)
    ws = sheet.ws
    suggested = _("%(level)s (washfit's suggestion)")
    for row in risks:
        level = _(RISK_LEVEL[row.level])
        if not row.judged:
            level = suggested % {"level": level}
        sheet.append([
            text_cell(ws, row.indicator_code, font=BOLD), text_cell(ws, row.problem, alignment=WRAP),
            text_cell(ws, level), text_cell(ws, ", ".join(row.at_risk) or "—", alignment=WRAP),
            text_cell(ws, row.action, alignment=WRAP), text_cell(ws, _(RISK_LEVEL[row.washfit_level])),
            text_cell(ws, row.reason if row.level != row.washfit_level else "", alignment=WRAP),
        ])
    finish_table(sheet, len(headers), len(risks))
