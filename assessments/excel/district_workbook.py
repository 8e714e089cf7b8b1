"""The district summary workbook: every facility's figures in a round, the answers and the costed actions.

Streamed with openpyxl's write-only mode (see ``assessments.excel.sheets``). Nothing here reads
the database: ``assessments.excel.exports`` gathers the plain values.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple

from openpyxl import Workbook
from openpyxl.drawing.image import Image

from assessments.death_audits.codes import AuditCodes
from assessments.death_audits.summaries import AuditAggregate, shown_count
from assessments.excel.cells import (
    BOLD,
    CHANGE_FORMAT,
    MUTED_FONT,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    WRAP,
    Repeated,
    text_cell,
)
from assessments.excel.sheets import (
    ActionRow,
    Totals,
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
    totals_sheet,
)
from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_rupiah
from assessments.i18n.labels import FUNDING_SOURCE, PLAN_STATE, SCORE, SERVICE_LEVEL, STATUS
from assessments.plans.progress import ProgressReport, progress_lines
from scoring import IndicatorSet, Score, ScoreChange, ScoreSummary


@dataclass(frozen=True)
class FacilitySummaryRow:
    """A facility's line in the district summary; ``score`` is None when it was not assessed."""

    code: str
    name: str
    kecamatan: str
    status: str | None
    score: ScoreSummary | None
    change: ScoreChange | None
    placeholder: bool = False  # not yet confirmed in the district's facility list


class SummaryAnswer(NamedTuple):
    """One stored answer: facility, indicator, stored score (None = not applicable) and comment.

    A tuple, not a dataclass: the answers sheet makes one per answer of the round, hundreds of thousands.
    """

    facility_code: str
    indicator_code: str
    score: int | None
    comment: str


@dataclass(frozen=True)
class DistrictSummary:
    """Everything the district summary shows, as plain values."""

    indicator_set: IndicatorSet
    round_name: str
    synthetic: bool
    previous_round_name: str | None
    exported_at: dt.datetime
    rows: Sequence[FacilitySummaryRow]
    answers: Iterable[SummaryAnswer]  # read once, while the workbook is written
    indicator_counts: Mapping[str, Mapping[Score | None, int]]  # per indicator; key None = unanswered
    actions: Sequence[ActionRow]
    progress: ProgressReport | None = None  # the plans' progress (the *Kemajuan* sheet)


def summary_file_name(round_name: str) -> str:
    return "washfit-ringkasan-" + file_slug(round_name) + ".xlsx"


@dataclass(frozen=True)
class DeathAuditSheet:
    """The death audit aggregates for the AMP-SR team's copy of the summary (counts still suppressed)."""

    codes: AuditCodes
    aggregates: tuple[AuditAggregate, ...]


def write_district_summary(
    summary: DistrictSummary, out: BinaryIO, lang: str = "id", images: Sequence[tuple[str, bytes]] = (),
    death_audits: DeathAuditSheet | None = None,
) -> None:
    """Write the district summary workbook to ``out``; ``images`` (title, PNG) go on a charts sheet.

    ``death_audits`` adds the AMP-SR sheet: only the audit team's and admins' downloads carry it.
    """
    _ = translator(lang)
    workbook = Workbook(write_only=True)
    about = [
        (_("Round"), summary.round_name),
        ("Dibandingkan dengan / compared with", summary.previous_round_name or "—"),
        estimate_detail(summary.actions, lang),
        *money_needed_details(summary, lang),
    ]
    about_sheet(workbook, lang, "Ringkasan kabupaten WASH FIT · WASH FIT district summary", summary.indicator_set,
                 summary.exported_at, summary.synthetic, about, _sheet_guide(lang))
    _scores_sheet(workbook, summary, lang)
    if images:
        _charts_sheet(workbook, images, lang)
    _change_sheet(workbook, summary, lang)
    _jmp_sheet(workbook, summary, lang)
    _indicator_sheet(workbook, summary, lang)
    _answers_sheet(workbook, summary, lang)
    actions_sheet(workbook, summary.actions, lang)
    notes = facility_notes(summary, lang)
    _cost_by_facility_sheet(workbook, summary.actions, lang, notes)
    cost_by_domain_sheet(workbook, summary.actions, summary.indicator_set, lang, _("District total"))
    cost_matrix_sheet(workbook, summary, lang, notes)
    if summary.progress is not None:
        _progress_sheet(workbook, summary.progress, summary.indicator_set, lang)
    if death_audits is not None:
        _death_audit_sheet(workbook, death_audits, lang)
    workbook.save(out)


def _death_audit_sheet(workbook: Workbook, data: DeathAuditSheet, lang: str) -> None:
    """Cases per puskesmas and year; every count through ``shown_count`` (the file may travel)."""
    _ = translator(lang)
    codes = data.codes
    headers = [_("Code"), _("Facility"), _("Year"), *(t.get(lang) for t in codes.case_types.values()),
               _("Cases with a WASH-related factor"), *(codes.factors[f].label.get(lang) for f in codes.wash_factors)]
    sheet = table_sheet(workbook, _("AMP-SR"), headers, (10, 30, 8, *(14,) * (len(headers) - 3)), 2)
    ws = sheet.ws
    for a in data.aggregates:
        counts = [*(a.by_case_type.get(c, 0) for c in codes.case_types), a.wash_cases,
                  *(a.by_factor.get(f, 0) for f in codes.wash_factors)]
        name = a.facility_name + (" (demo)" if a.synthetic else "")
        sheet.append([text_cell(ws, a.facility_code), text_cell(ws, name), text_cell(ws, a.year),
                      *(text_cell(ws, n if shown_count(n) == str(n) else shown_count(n)) for n in counts)])
    finish_table(sheet, len(headers), len(data.aggregates))


PIXELS_PER_ROW = 20  # a default row is 15 points


def _charts_sheet(workbook: Workbook, images: Sequence[tuple[str, bytes]], lang: str) -> None:
    """One picture under the other, each with its title above it."""
    _ = translator(lang)
    ws = workbook.create_sheet(_("Charts"))
    row = 1
    for title, png in images:
        picture = Image(io.BytesIO(png))
        ws.add_image(picture, f"A{row + 1}")
        ws.append([text_cell(ws, title, font=BOLD)])
        spacing = math.ceil(picture.height / PIXELS_PER_ROW) + 2
        for _blank in range(spacing - 1):
            ws.append([])
        row += spacing


def _sheet_guide(lang: str) -> list[tuple[str, str]]:
    """What each sheet holds, named as the sheets are."""
    _ = translator(lang)
    return [
        (_("Scores"),
         _("facility × domain score (%), overall, change since the previous round, essential indicators met")),
        (_("Charts"), _("the heat map of domain scores and the JMP service ladder, as on the dashboard")),
        (_("Change"), _("change per domain in percentage points since the previous round")),
        (_("JMP services"), _("JMP service level per service area")),
        (_("Indicators"), _("per indicator: how many facilities meet, partly meet or do not meet it")),
        (_("Answers"), _("every answer with its comment")),
        (_("Actions"), _("the costed improvement actions, one row each, those that still need money first")),
        (_("Cost by facility") + " / " + _("Cost by domain"),
         _("totals per facility, per domain and for the district")),
        (_("Cost matrix"), _("money still needed per puskesmas and domain, as on the district plans page")),
        (_("Progress"), _("each puskesmas's plan state (and whether a newer assessment overtook it), actions done, "
                          "in progress, overdue, not started, money planned and spent")),
        (_("Method"), _("domain score = points ÷ (2 × applicable answered indicators); empty = nothing to score")),
    ]


def _scores_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    _ = translator(lang)
    domains = summary.indicator_set.domains
    headers = [_("Code"), _("Facility"), _("Kecamatan"), _("Status"),
               *(f"{d.code} {d.name.get(lang)}" for d in domains), _("Overall"),
               _("Overall change"), _("Essential met"), _("Essential (met / assessed)"),
               _("Unanswered")]
    sheet = table_sheet(workbook, _("Scores"), headers, (10, 30, 18, 13, *(14,) * len(domains), 13, 14, 13, 16, 11), 2)
    ws = sheet.ws
    for row in summary.rows:
        score = row.score
        cells = [text_cell(ws, row.code), text_cell(ws, row.name), text_cell(ws, row.kecamatan),
                 text_cell(ws, _(STATUS[row.status or "none"]))]
        if score is None:
            sheet.append(cells)
            continue
        cells += [text_cell(ws, as_fraction(d.percent), number_format=PERCENT_FORMAT) for d in score.domains]
        cells += [
            text_cell(ws, as_fraction(score.overall.percent), number_format=PERCENT_FORMAT, font=BOLD),
            text_cell(ws, as_points(row.change.overall.change) if row.change else None, number_format=CHANGE_FORMAT),
            text_cell(ws, as_fraction(score.essential.percent), number_format=PERCENT_FORMAT),
            text_cell(ws, f"{score.essential.met} / {score.essential.assessed}"),
            text_cell(ws, score.overall.unanswered),
        ]
        sheet.append(cells)
    color_scale(sheet, 5, 5 + len(domains), len(summary.rows))
    finish_table(sheet, len(headers), len(summary.rows))


def _change_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    _ = translator(lang)
    domains = summary.indicator_set.domains
    headers = [_("Code"), _("Facility"),
               *(f"{d.code} {d.name.get(lang)}" for d in domains), _("Overall")]
    sheet = table_sheet(workbook, _("Change"), headers, (10, 30, *(14,) * (len(domains) + 1)), 2)
    ws = sheet.ws
    if summary.previous_round_name is None:
        sheet.append([text_cell(ws, _("There is no earlier round to compare with."), font=MUTED_FONT)])
        return
    for row in summary.rows:
        cells = [text_cell(ws, row.code), text_cell(ws, row.name)]
        if row.change is not None:
            changes = [*row.change.domains, row.change.overall]
            cells += [text_cell(ws, as_points(c.change), number_format=CHANGE_FORMAT) for c in changes]
        sheet.append(cells)
    finish_table(sheet, len(headers), len(summary.rows))


def _jmp_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    _ = translator(lang)
    areas = [rule.area for rule in summary.indicator_set.jmp_rules]
    headers = [_("Code"), _("Facility"),
               *(summary.indicator_set.service_areas[a].get(lang) for a in areas)]
    sheet = table_sheet(workbook, _("JMP services"), headers, (10, 30, *(20,) * len(areas)), 2)
    ws = sheet.ws
    for row in summary.rows:
        levels = [_(SERVICE_LEVEL[row.score.jmp[a]]) for a in areas] if row.score else []
        sheet.append([text_cell(ws, row.code), text_cell(ws, row.name), *(text_cell(ws, v) for v in levels)])
    finish_table(sheet, len(headers), len(summary.rows))


def _indicator_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    _ = translator(lang)
    headers = [_("Code"), _("Domain"), _("Indicator"), _("Essential"),
               _("Facilities it applies to"), _(SCORE["2"]), _(SCORE["1"]), _(SCORE["0"]),
               _(SCORE["na"]), _("Unanswered"), _("% met")]
    sheet = table_sheet(workbook, _("Indicators"), headers, (9, 9, 60, 10, 11, 11, 11, 11, 11, 11, 11), 1)
    ws = sheet.ws
    assessed = sum(1 for row in summary.rows if row.score is not None)
    indicators = summary.indicator_set.indicators
    for indicator in indicators:
        counts: dict[Score | None, int] = defaultdict(int, summary.indicator_counts.get(indicator.code, {}))
        answered = counts[Score.MET] + counts[Score.PARTIAL] + counts[Score.NOT_MET]
        sheet.append([
            text_cell(ws, indicator.code), text_cell(ws, indicator.domain),
            text_cell(ws, indicator.text.get(lang), alignment=WRAP),
            text_cell(ws, _("Yes") if indicator.essential else ""),
            text_cell(ws, assessed - counts[Score.NOT_APPLICABLE]),
            *(text_cell(ws, counts[s]) for s in (Score.MET, Score.PARTIAL, Score.NOT_MET, Score.NOT_APPLICABLE, None)),
            text_cell(ws, counts[Score.MET] / answered if answered else None, number_format=PERCENT_FORMAT),
        ])
    color_scale(sheet, 11, 11, len(indicators))
    finish_table(sheet, len(headers), len(indicators))


def _answers_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    _ = translator(lang)
    headers = [_("Code"), _("Facility"), _("Domain"), _("Indicator"),
               _("Indicator statement"), _("Score"), _("Comment")]
    sheet = table_sheet(workbook, _("Answers"), headers, (10, 28, 9, 9, 60, 18, 50), 2)
    ws = sheet.ws
    names = {row.code: row.name for row in summary.rows}
    # The longest table (every answer of the round): plain values, a styled cell only for a comment.
    # What repeats row after row (a facility's code and name, an indicator's cells, the score word)
    # is checked once (``Repeated``); only a value that needs a guarded cell gets one, in each row.
    indicators = {i.code: Repeated((i.domain, i.code, i.text.get(lang))) for i in summary.indicator_set.indicators}
    words = {None if s is Score.NOT_APPLICABLE else s.value: Repeated((_(SCORE[str(s.value)]),)) for s in Score}
    facility = Repeated(())
    count = 0
    for code, indicator_code, score, comment in summary.answers:
        indicator = indicators.get(indicator_code)
        if indicator is None:  # not in the round's set
            continue
        if not facility.values or code != facility.values[0]:  # the answers come facility by facility
            facility = Repeated((code, names.get(code, "")))
        word = words.get(score) or words[Score(score).value]  # a stored score that is no answer raises here
        row = [*facility.cells(ws), *indicator.cells(ws), *word.cells(ws)]
        if comment:
            row.append(text_cell(ws, comment, alignment=WRAP))
            sheet.append(row)
        else:  # an empty comment is no cell at all: a reader sees the same empty cell
            sheet.append_unwrapped(row)
        count += 1
    finish_table(sheet, len(headers), count)


def progress_headers(lang: str) -> list[str]:
    """The columns of ``plans.progress.progress_lines``, shared by the *Kemajuan* sheet and ``washfit progress``."""
    _ = translator(lang)
    return [_("Code"), _("Facility"), _("Plan state"), _("Plan out of date: newer assessment"), _("done"),
            _("in progress"), _("overdue"), _("not started"), _("indicator now met"), _("dropped"),
            _("Planned (Rp)"), _("Spent (Rp)")]


def _progress_sheet(workbook: Workbook, report: ProgressReport, indicator_set: IndicatorSet, lang: str) -> None:
    """Each puskesmas's plan state and progress, the district's, then planned vs spent by domain and funding."""
    _ = translator(lang)
    headers = progress_headers(lang)
    sheet = table_sheet(workbook, _("Progress"), headers, (10, 28, 22, 22, *(10,) * 6, 18, 18), 2)
    ws = sheet.ws
    lines = progress_lines(report)
    for code, name, state, newer, *numbers in lines:
        font = BOLD if not code else None  # the district's line
        sheet.append([code, text_cell(ws, name or _("District total"), font=font),
                      _(PLAN_STATE[state]) if state else "", text_cell(ws, newer),
                      *(text_cell(ws, n, font=font) for n in numbers[:-2]),
                      *(text_cell(ws, n, number_format=RUPIAH_FORMAT, font=font) for n in numbers[-2:])])
    sheet.append([])
    names = {d.code: f"{d.code} {d.name.get(lang)}" for d in indicator_set.domains}
    names.update({code: _(label) for code, label in FUNDING_SOURCE.items()})
    blanks = {_("Per domain"): _("Own actions"), _("Per funding source"): _("not decided yet")}
    for title, groups in ((_("Per domain"), report.district.by_domain),
                          (_("Per funding source"), report.district.by_funding)):
        sheet.append([text_cell(ws, title, font=BOLD)])
        for key in sorted(groups, key=lambda k: (k is None, k or "")):
            sheet.append(["", text_cell(ws, names.get(key, key) if key else blanks[title]), *[""] * 8,
                          text_cell(ws, groups[key].planned, number_format=RUPIAH_FORMAT),
                          text_cell(ws, groups[key].spent, number_format=RUPIAH_FORMAT)])
    sheet.append([text_cell(ws, _("Counted as of %(date)s; each action in one column: dropped, done, indicator now "
                                  "met, overdue (target date passed, not done), in progress, not started.")
                            % {"date": report.today.isoformat()}, font=MUTED_FONT)])
    finish_table(sheet, len(headers), len(lines))


def _cost_by_facility_sheet(workbook: Workbook, actions: Sequence[ActionRow], lang: str,
                            notes: Mapping[str, str]) -> None:
    _ = translator(lang)
    groups: dict[tuple[str, str], Totals] = defaultdict(Totals)
    for action in actions:
        groups[(action.facility_code, action.facility_name)].add(action)
    totals_sheet(workbook, _("Cost by facility"), lang, [_("Code"), _("Facility")],
                  (16, 30, 12, 12, 22, 22), sorted(groups.items()), _("District total"), notes)


# -- reconciling with the web: what still needs money, and the notes on the facilities in it -----


def money_needed_details(summary: DistrictSummary, lang: str) -> list[tuple[str, str]]:
    """The About sheet's lines on the money still needed: the district plans page's total and count.

    The total is the sum of the *Actions* sheet's rows marked as still needing money, and says
    which facilities in it are placeholders or have no submitted assessment in the round.
    """
    _ = translator(lang)
    counted = [a for a in summary.actions if a.counted]
    notes = facility_notes(summary, lang)
    in_totals = {a.facility_code for a in counted}
    lines = [(_("Money still needed"),
              _("%(total)s for %(count)d actions (the rows of the Actions sheet that still need money; the "
                "district plans page shows the same total); %(others)d other actions need no more money")
              % {"total": format_rupiah(sum(a.cost for a in counted)), "count": len(counted),
                 "others": len(summary.actions) - len(counted)})]
    noted = sorted(code for code in notes if code in in_totals)
    if noted:
        lines.append((_("Notes on the totals"),
                      _("%(count)d facilities in the totals carry a note (placeholder or no current assessment): "
                        "%(codes)s; see the Note column of the cost sheets")
                      % {"count": len(noted), "codes": ", ".join(noted)}))
    return lines


def facility_notes(summary: DistrictSummary, lang: str) -> dict[str, str]:
    """Per facility code, why its figures need a second look: a placeholder, or no current assessment.

    "Current" is a submitted or validated assessment in the summary's round: without one, the
    facility's plan (and what it still needs) rests on an earlier assessment, or on none.
    """
    _ = translator(lang)
    notes = {}
    for row in summary.rows:
        parts = []
        if row.placeholder:
            parts.append(_("placeholder: not yet confirmed in the district's facility list"))
        if row.status is None:
            parts.append(_("not assessed in %(round)s: its plan rests on an earlier assessment")
                         % {"round": summary.round_name})
        elif row.status == "draft":
            parts.append(_("the assessment of %(round)s is not yet submitted: its plan rests on an earlier "
                           "assessment") % {"round": summary.round_name})
        if parts:
            notes[row.code] = "; ".join(parts)
    return notes


def cost_matrix_sheet(workbook: Workbook, summary: DistrictSummary, lang: str, notes: Mapping[str, str]) -> None:
    """Money still needed per puskesmas (rows) and domain (columns), own actions last, with row and column totals.

    Counts the ``counted`` actions only, so its grand total is the district plans page's total.
    """
    _ = translator(lang)
    domains = [d.code for d in summary.indicator_set.domains]
    columns: list[str | None] = [*domains, None]
    cells: dict[tuple[str, str | None], int] = defaultdict(int)
    names: dict[str, str] = {}
    for action in summary.actions:
        if action.counted:
            domain = action.domain if action.domain in domains else None
            cells[(action.facility_code, domain)] += action.cost
            names[action.facility_code] = action.facility_name
    headers = [_("Code"), _("Facility"), *(f"{d.code} {d.name.get(lang)}" for d in summary.indicator_set.domains),
               _("Other (added actions)"), _("Still needed (Rp)"), _("Note")]
    sheet = table_sheet(workbook, _("Cost matrix"), headers, (10, 30, *(16,) * len(columns), 18, 60), 2)
    ws = sheet.ws
    for code in sorted(names):
        row = [cells.get((code, c), 0) for c in columns]
        sheet.append([text_cell(ws, code), text_cell(ws, names[code]),
                      *(text_cell(ws, v, number_format=RUPIAH_FORMAT) for v in row),
                      text_cell(ws, sum(row), number_format=RUPIAH_FORMAT, font=BOLD),
                      text_cell(ws, notes.get(code, ""), alignment=WRAP)])
    sheet.append([])
    by_column = [sum(v for (_code, c), v in cells.items() if c == column) for column in columns]
    sheet.append([text_cell(ws, _("District total"), font=BOLD), None,
                  *(text_cell(ws, v, number_format=RUPIAH_FORMAT, font=BOLD) for v in by_column),
                  text_cell(ws, sum(by_column), number_format=RUPIAH_FORMAT, font=BOLD)])
    finish_table(sheet, len(headers), len(names))
