"""The district summary workbook and a puskesmas's plan workbook, streamed with openpyxl's write-only mode.

Rows go to a temporary file as they are appended, so memory does not grow with the number of
facilities. Nothing here reads the database: ``excel_services`` gathers the plain values.
Labels come in Bahasa Indonesia and English (``lang``), like the indicator set itself.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Iterable, Mapping, Protocol, Sequence

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from assessments.excel_cells import (
    BOLD,
    CHANGE_FORMAT,
    MUTED_FONT,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    SCALE_HIGH,
    SCALE_LOW,
    TITLE_FONT,
    WARNING_FILL,
    WARNING_FONT,
    WRAP,
    StreamedSheet,
    header_row,
    plain,
    print_landscape,
    text_cell,
)
from scoring import AssessmentScore, Comparison, IndicatorSet, Score, ScoreChange, ScoreSummary

# Bahasa Indonesia first, English second, as everywhere in washfit.
LABELS: dict[str, tuple[str, str]] = {
    "about": ("Tentang", "About"),
    "scores": ("Skor", "Scores"),
    "change": ("Perubahan", "Change"),
    "jmp": ("Layanan JMP", "JMP services"),
    "indicators": ("Indikator", "Indicators"),
    "answers": ("Jawaban", "Answers"),
    "actions": ("Aksi", "Actions"),
    "cost_facility": ("Biaya per puskesmas", "Cost by facility"),
    "cost_domain": ("Biaya per domain", "Cost by domain"),
    "code": ("Kode", "Code"),
    "facility": ("Puskesmas", "Facility"),
    "kecamatan": ("Kecamatan", "Kecamatan"),
    "status": ("Status", "Status"),
    "overall": ("Keseluruhan", "Overall"),
    "overall_change": ("Perubahan keseluruhan", "Overall change"),
    "essential": ("Esensial terpenuhi", "Essential met"),
    "essential_count": ("Esensial (terpenuhi / dinilai)", "Essential (met / assessed)"),
    "unanswered": ("Belum dijawab", "Unanswered"),
    "domain": ("Domain", "Domain"),
    "indicator": ("Indikator", "Indicator"),
    "is_essential": ("Esensial", "Essential"),
    "statement": ("Pernyataan indikator", "Indicator statement"),
    "applicable": ("Fasilitas berlaku", "Facilities it applies to"),
    "met": ("Memenuhi", "Met"),
    "partial": ("Memenuhi sebagian", "Partially met"),
    "not_met": ("Tidak memenuhi", "Not met"),
    "not_applicable": ("Tidak berlaku", "Not applicable"),
    "share_met": ("% memenuhi", "% met"),
    "score": ("Skor", "Score"),
    "comment": ("Komentar", "Comment"),
    "action": ("Aksi", "Action"),
    "priority": ("Prioritas", "Priority"),
    "reasons": ("Alasan", "Reasons"),
    "funding": ("Sumber dana", "Funding"),
    "responsible": ("Penanggung jawab", "Responsible"),
    "target_date": ("Target", "Target date"),
    "cost": ("Biaya (Rp)", "Cost (Rp)"),
    "actions_count": ("Jumlah aksi", "Actions"),
    "open_cost": ("Biaya yang masih diperlukan (Rp)", "Still needed (Rp)"),
    "total_cost": ("Biaya semua aksi kecuali dibatalkan (Rp)", "Cost of all actions but dropped (Rp)"),
    "district_total": ("Total kabupaten", "District total"),
    "charts": ("Grafik", "Charts"),
    "facility_total": ("Total puskesmas", "Facility total"),
    "other": ("Lainnya (aksi tambahan)", "Other (added actions)"),
    "round": ("Putaran", "Round"),
    "yes": ("Ya", "Yes"),
    "none": ("belum dinilai", "not assessed"),
    "draft": ("draf", "draft"),
    "submitted": ("diajukan", "submitted"),
    "validated": ("divalidasi", "validated"),
    "planned": ("direncanakan", "planned"),
    "in_progress": ("sedang berjalan", "in progress"),
    "done": ("selesai", "done"),
    "dropped": ("dibatalkan", "dropped"),
    "basic": ("layanan dasar", "basic service"),
    "limited": ("layanan terbatas", "limited service"),
    "no_service": ("tanpa layanan", "no service"),
    "insufficient_data": ("data belum cukup", "insufficient data"),
    "no_previous": ("Tidak ada putaran sebelumnya untuk dibandingkan.", "There is no earlier round to compare with."),
    "no_actions": ("Belum ada aksi perbaikan.", "No improvement actions yet."),
}


def label(key: str, lang: str) -> str:
    """A workbook label in ``lang`` (Bahasa Indonesia unless "en")."""
    indonesian, english = LABELS[key]
    return english if lang == "en" else indonesian


class ActionRow(Protocol):
    """The fields of ``assessments.plans.PlanActionView`` that the workbooks show."""

    facility_code: str
    facility_name: str
    domain: str | None
    indicator_code: str | None
    text: str
    priority: int
    reasons: tuple[str, ...]
    status: str
    funding_source: str | None
    responsible: str
    target_date: dt.date | None
    cost: int
    counted: bool  # still needs money: open and its indicator not yet met (as the web counts it)


@dataclass(frozen=True)
class FacilitySummaryRow:
    """A facility's line in the district summary; ``score`` is None when it was not assessed."""

    code: str
    name: str
    kecamatan: str
    status: str | None
    score: ScoreSummary | None
    change: ScoreChange | None


@dataclass(frozen=True)
class SummaryAnswer:
    """One stored answer: facility, indicator, stored score (None = not applicable) and comment."""

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


def summary_file_name(round_name: str) -> str:
    return "washfit-ringkasan-" + _slug(round_name) + ".xlsx"


def plan_file_name(facility_code: str) -> str:
    return "washfit-rencana-" + _slug(facility_code) + ".xlsx"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text).split()) or "washfit"


# -- the district summary ---------------------------------------------------------------------------

def write_district_summary(
    summary: DistrictSummary, out: BinaryIO, lang: str = "id", images: Sequence[tuple[str, bytes]] = ()
) -> None:
    """Write the district summary workbook to ``out``; ``images`` (title, PNG) go on a charts sheet."""
    workbook = Workbook(write_only=True)
    about = [
        (label("round", lang), summary.round_name),
        ("Dibandingkan dengan / compared with", summary.previous_round_name or "—"),
    ]
    _about_sheet(workbook, lang, "Ringkasan kabupaten WASH FIT · WASH FIT district summary", summary.indicator_set,
                 summary.exported_at, summary.synthetic, about, _sheet_guide(lang))
    _scores_sheet(workbook, summary, lang)
    if images:
        _charts_sheet(workbook, images, lang)
    _change_sheet(workbook, summary, lang)
    _jmp_sheet(workbook, summary, lang)
    _indicator_sheet(workbook, summary, lang)
    _answers_sheet(workbook, summary, lang)
    _actions_sheet(workbook, summary.actions, lang)
    _cost_by_facility_sheet(workbook, summary.actions, lang)
    _cost_by_domain_sheet(workbook, summary.actions, summary.indicator_set, lang, label("district_total", lang))
    workbook.save(out)


PIXELS_PER_ROW = 20  # a default row is 15 points


def _charts_sheet(workbook: Workbook, images: Sequence[tuple[str, bytes]], lang: str) -> None:
    """One picture under the other, each with its title above it."""
    ws = workbook.create_sheet(label("charts", lang))
    row = 1
    for title, png in images:
        picture = Image(io.BytesIO(png))
        ws.add_image(picture, f"A{row + 1}")
        ws.append([text_cell(ws, title, font=BOLD)])
        spacing = math.ceil(picture.height / PIXELS_PER_ROW) + 2
        for _ in range(spacing - 1):
            ws.append([])
        row += spacing


def _sheet_guide(lang: str) -> list[tuple[str, str]]:
    if lang == "en":
        return [
            ("Scores", "facility × domain score (%), overall, change since the previous round, essential indicators met"),
            ("Charts", "the heat map of domain scores and the JMP service ladder, as on the dashboard"),
            ("Change", "change per domain in percentage points since the previous round"),
            ("JMP services", "JMP service level per service area"),
            ("Indicators", "per indicator: how many facilities meet, partly meet or do not meet it"),
            ("Answers", "every answer with its comment"),
            ("Actions", "the costed improvement actions, one row each"),
            ("Cost by facility / by domain", "totals per facility, per domain and for the district"),
            ("Method", "domain score = points ÷ (2 × applicable answered indicators); empty = nothing to score"),
        ]
    return [
        ("Skor", "skor per puskesmas × domain (%), keseluruhan, perubahan sejak putaran sebelumnya, indikator esensial"),
        ("Grafik", "peta panas skor domain dan tangga layanan JMP, seperti di dasbor"),
        ("Perubahan", "perubahan per domain dalam poin persentase sejak putaran sebelumnya"),
        ("Layanan JMP", "tingkat layanan JMP per bidang layanan"),
        ("Indikator", "per indikator: berapa puskesmas memenuhi, memenuhi sebagian, atau tidak memenuhi"),
        ("Jawaban", "setiap jawaban beserta komentarnya"),
        ("Aksi", "aksi perbaikan beserta biayanya, satu baris per aksi"),
        ("Biaya per puskesmas / domain", "total per puskesmas, per domain dan untuk kabupaten"),
        ("Metode", "skor domain = jumlah poin ÷ (2 × indikator berlaku yang dijawab); kosong = tidak ada yang dinilai"),
    ]


def _about_sheet(
    workbook: Workbook,
    lang: str,
    title: str,
    indicator_set: IndicatorSet,
    exported_at: dt.datetime,
    synthetic: bool,
    details: Sequence[tuple[str, str]],
    guide: Sequence[tuple[str, str]],
) -> None:
    sheet = StreamedSheet(workbook.create_sheet(label("about", lang)), (34, 110))
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
        ("Set indikator / indicator set", f"{indicator_set.title.get(lang)} · {indicator_set.id} {indicator_set.version}"),
        ("Rujukan / reference", indicator_set.source.get("citation", "")),
    ]
    for key, value in rows:
        sheet.append([text_cell(ws, key, font=BOLD), text_cell(ws, value, alignment=WRAP)])
    sheet.append([])
    for key, value in guide:
        sheet.append([text_cell(ws, key, font=BOLD), text_cell(ws, value, alignment=WRAP)])


def _table_sheet(workbook: Workbook, key: str, lang: str, headers: Sequence[str], widths: Iterable[float],
                 frozen_columns: int = 0) -> StreamedSheet:
    """A sheet whose first row is a frozen header, repeated on every printed page."""
    sheet = StreamedSheet(workbook.create_sheet(label(key, lang)), widths)
    sheet.ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    print_landscape(sheet.ws, "1:1")
    sheet.append(header_row(sheet.ws, headers))
    return sheet


def _finish_table(sheet: StreamedSheet, columns: int, rows: int) -> None:
    """Filters over the table: the header and the ``rows`` data rows under it."""
    sheet.ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _color_scale(sheet: StreamedSheet, first_column: int, last_column: int, rows: int, high: float = 1) -> None:
    if rows:
        cells = f"{get_column_letter(first_column)}2:{get_column_letter(last_column)}{rows + 1}"
        sheet.ws.conditional_formatting.add(cells, ColorScaleRule(
            start_type="num", start_value=0, start_color=SCALE_LOW, end_type="num", end_value=high, end_color=SCALE_HIGH))


def _fraction(value: Decimal | None) -> float | None:
    """A percentage (72.7) as the fraction Excel formats as 72.7 %."""
    return None if value is None else float(value / 100)


def _points(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _scores_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    domains = summary.indicator_set.domains
    headers = [label("code", lang), label("facility", lang), label("kecamatan", lang), label("status", lang),
               *(f"{d.code} {d.name.get(lang)}" for d in domains), label("overall", lang),
               label("overall_change", lang), label("essential", lang), label("essential_count", lang),
               label("unanswered", lang)]
    sheet = _table_sheet(workbook, "scores", lang, headers, (10, 30, 18, 13, *(14,) * len(domains), 13, 14, 13, 16, 11), 2)
    ws = sheet.ws
    for row in summary.rows:
        score = row.score
        cells = [text_cell(ws, row.code), text_cell(ws, row.name), text_cell(ws, row.kecamatan),
                 text_cell(ws, label(row.status or "none", lang))]
        if score is None:
            sheet.append(cells)
            continue
        cells += [text_cell(ws, _fraction(d.percent), number_format=PERCENT_FORMAT) for d in score.domains]
        cells += [
            text_cell(ws, _fraction(score.overall.percent), number_format=PERCENT_FORMAT, font=BOLD),
            text_cell(ws, _points(row.change.overall.change) if row.change else None, number_format=CHANGE_FORMAT),
            text_cell(ws, _fraction(score.essential.percent), number_format=PERCENT_FORMAT),
            text_cell(ws, f"{score.essential.met} / {score.essential.assessed}"),
            text_cell(ws, score.overall.unanswered),
        ]
        sheet.append(cells)
    _color_scale(sheet, 5, 5 + len(domains), len(summary.rows))
    _finish_table(sheet, len(headers), len(summary.rows))


def _change_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    domains = summary.indicator_set.domains
    headers = [label("code", lang), label("facility", lang),
               *(f"{d.code} {d.name.get(lang)}" for d in domains), label("overall", lang)]
    sheet = _table_sheet(workbook, "change", lang, headers, (10, 30, *(14,) * (len(domains) + 1)), 2)
    ws = sheet.ws
    if summary.previous_round_name is None:
        sheet.append([text_cell(ws, label("no_previous", lang), font=MUTED_FONT)])
        return
    for row in summary.rows:
        cells = [text_cell(ws, row.code), text_cell(ws, row.name)]
        if row.change is not None:
            changes = [*row.change.domains, row.change.overall]
            cells += [text_cell(ws, _points(c.change), number_format=CHANGE_FORMAT) for c in changes]
        sheet.append(cells)
    _finish_table(sheet, len(headers), len(summary.rows))


def _jmp_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    areas = [rule.area for rule in summary.indicator_set.jmp_rules]
    headers = [label("code", lang), label("facility", lang),
               *(summary.indicator_set.service_areas[a].get(lang) for a in areas)]
    sheet = _table_sheet(workbook, "jmp", lang, headers, (10, 30, *(20,) * len(areas)), 2)
    ws = sheet.ws
    for row in summary.rows:
        levels = [label(row.score.jmp[a], lang) for a in areas] if row.score else []
        sheet.append([text_cell(ws, row.code), text_cell(ws, row.name), *(text_cell(ws, v) for v in levels)])
    _finish_table(sheet, len(headers), len(summary.rows))


def _indicator_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    headers = [label("code", lang), label("domain", lang), label("indicator", lang), label("is_essential", lang),
               label("applicable", lang), label("met", lang), label("partial", lang), label("not_met", lang),
               label("not_applicable", lang), label("unanswered", lang), label("share_met", lang)]
    sheet = _table_sheet(workbook, "indicators", lang, headers, (9, 9, 60, 10, 11, 11, 11, 11, 11, 11, 11), 1)
    ws = sheet.ws
    assessed = sum(1 for row in summary.rows if row.score is not None)
    indicators = summary.indicator_set.indicators
    for indicator in indicators:
        counts: dict[Score | None, int] = defaultdict(int, summary.indicator_counts.get(indicator.code, {}))
        answered = counts[Score.MET] + counts[Score.PARTIAL] + counts[Score.NOT_MET]
        sheet.append([
            text_cell(ws, indicator.code), text_cell(ws, indicator.domain),
            text_cell(ws, indicator.text.get(lang), alignment=WRAP),
            text_cell(ws, label("yes", lang) if indicator.essential else ""),
            text_cell(ws, assessed - counts[Score.NOT_APPLICABLE]),
            *(text_cell(ws, counts[s]) for s in (Score.MET, Score.PARTIAL, Score.NOT_MET, Score.NOT_APPLICABLE, None)),
            text_cell(ws, counts[Score.MET] / answered if answered else None, number_format=PERCENT_FORMAT),
        ])
    _color_scale(sheet, 11, 11, len(indicators))
    _finish_table(sheet, len(headers), len(indicators))


def _answers_sheet(workbook: Workbook, summary: DistrictSummary, lang: str) -> None:
    headers = [label("code", lang), label("facility", lang), label("domain", lang), label("indicator", lang),
               label("statement", lang), label("score", lang), label("comment", lang)]
    sheet = _table_sheet(workbook, "answers", lang, headers, (10, 28, 9, 9, 60, 18, 50), 2)
    ws = sheet.ws
    names = {row.code: row.name for row in summary.rows}
    indicator_set = summary.indicator_set
    count = 0
    for answer in summary.answers:
        if answer.indicator_code not in indicator_set:
            continue
        indicator = indicator_set.indicator(answer.indicator_code)
        score = Score.NOT_APPLICABLE if answer.score is None else Score(answer.score)
        # The longest table (every answer of the round): plain values, a styled cell only for a comment.
        sheet.append([
            plain(ws, answer.facility_code), plain(ws, names.get(answer.facility_code, "")),
            plain(ws, indicator.domain), plain(ws, indicator.code), plain(ws, indicator.text.get(lang)),
            plain(ws, label(score.name.lower(), lang)),
            text_cell(ws, answer.comment, alignment=WRAP) if answer.comment else "",
        ])
        count += 1
    _finish_table(sheet, len(headers), count)


def _actions_sheet(workbook: Workbook, actions: Sequence[ActionRow], lang: str) -> None:
    headers = [label("code", lang), label("facility", lang), label("domain", lang), label("indicator", lang),
               label("action", lang), label("priority", lang), label("reasons", lang), label("status", lang),
               label("funding", lang), label("responsible", lang), label("target_date", lang), label("cost", lang)]
    sheet = _table_sheet(workbook, "actions", lang, headers, (10, 26, 9, 9, 55, 10, 30, 15, 12, 20, 12, 16), 2)
    ws = sheet.ws
    if not actions:
        sheet.append([text_cell(ws, label("no_actions", lang), font=MUTED_FONT)])
        return
    for action in actions:
        sheet.append([
            text_cell(ws, action.facility_code), text_cell(ws, action.facility_name),
            text_cell(ws, action.domain or ""), text_cell(ws, action.indicator_code or ""),
            text_cell(ws, action.text, alignment=WRAP), text_cell(ws, action.priority),
            text_cell(ws, ", ".join(action.reasons), alignment=WRAP), text_cell(ws, _status(action.status, lang)),
            text_cell(ws, action.funding_source or ""), text_cell(ws, action.responsible),
            text_cell(ws, action.target_date, number_format="yyyy-mm-dd"),
            text_cell(ws, action.cost, number_format=RUPIAH_FORMAT),
        ])
    _finish_table(sheet, len(headers), len(actions))


def _status(status: str, lang: str) -> str:
    return label(status, lang) if status in LABELS else status


@dataclass
class _Totals:
    count: int = 0
    total: int = 0
    open: int = 0

    def add(self, action: ActionRow) -> None:
        self.count += 1
        if action.status != "dropped":
            self.total += action.cost
        if action.counted:
            self.open += action.cost


def _totals_sheet(workbook: Workbook, key: str, lang: str, first_headers: Sequence[str], widths: Iterable[float],
                  groups: Sequence[tuple[Sequence[str], _Totals]], total_label: str) -> None:
    """A table of action count and costs per group, a blank row, and the total of them all."""
    headers = [*first_headers, label("actions_count", lang), label("total_cost", lang), label("open_cost", lang)]
    sheet = _table_sheet(workbook, key, lang, headers, widths, len(first_headers))
    ws = sheet.ws
    overall = _Totals()
    for names, totals in groups:
        sheet.append([*(text_cell(ws, n) for n in names), text_cell(ws, totals.count),
                   text_cell(ws, totals.total, number_format=RUPIAH_FORMAT),
                   text_cell(ws, totals.open, number_format=RUPIAH_FORMAT)])
        overall.count += totals.count
        overall.total += totals.total
        overall.open += totals.open
    sheet.append([])
    padding = [None] * (len(first_headers) - 1)
    sheet.append([text_cell(ws, total_label, font=BOLD), *padding, text_cell(ws, overall.count, font=BOLD),
               text_cell(ws, overall.total, number_format=RUPIAH_FORMAT, font=BOLD),
               text_cell(ws, overall.open, number_format=RUPIAH_FORMAT, font=BOLD)])
    _finish_table(sheet, len(headers), len(groups))


def _cost_by_facility_sheet(workbook: Workbook, actions: Sequence[ActionRow], lang: str) -> None:
    groups: dict[tuple[str, str], _Totals] = defaultdict(_Totals)
    for action in actions:
        groups[(action.facility_code, action.facility_name)].add(action)
    _totals_sheet(workbook, "cost_facility", lang, [label("code", lang), label("facility", lang)],
                  (16, 30, 12, 22, 22), sorted(groups.items()), label("district_total", lang))


def _cost_by_domain_sheet(
    workbook: Workbook, actions: Sequence[ActionRow], indicator_set: IndicatorSet, lang: str, total_label: str
) -> None:
    names = {d.code: d.name.get(lang) for d in indicator_set.domains}
    order = {code: index for index, code in enumerate(names)}
    groups: dict[str | None, _Totals] = defaultdict(_Totals)
    for action in actions:
        groups[action.domain].add(action)
    rows = [((code or "—", names.get(code or "", label("other", lang))), totals)
            for code, totals in sorted(groups.items(), key=lambda item: order.get(item[0] or "", len(order)))]
    _totals_sheet(workbook, "cost_domain", lang, [label("domain", lang), ""], (16, 40, 12, 22, 22), rows, total_label)


# -- a facility's plan --------------------------------------------------------------------------------

def write_facility_plan(plan: FacilityPlan, out: BinaryIO, lang: str = "id") -> None:
    """Write a puskesmas's plan workbook (its scores, its actions with cost and status) to ``out``."""
    workbook = Workbook(write_only=True)
    guide = [
        (label("scores", lang), "skor per putaran dan perubahannya · scores per round and their change"),
        (label("actions", lang), "aksi perbaikan, status dan biayanya · improvement actions, status and cost"),
        (label("cost_domain", lang), "biaya per domain dan total · cost per domain and in total"),
    ]
    _about_sheet(workbook, lang, f"Rencana perbaikan WASH FIT · WASH FIT improvement plan: {plan.name}",
                 plan.indicator_set, plan.exported_at, plan.synthetic, [(label("facility", lang), f"{plan.name} ({plan.code})")],
                 guide)
    _facility_scores_sheet(workbook, plan, lang)
    _actions_sheet(workbook, plan.actions, lang)
    _cost_by_domain_sheet(workbook, plan.actions, plan.indicator_set, lang, label("facility_total", lang))
    workbook.save(out)


def _facility_scores_sheet(workbook: Workbook, plan: FacilityPlan, lang: str) -> None:
    domains = plan.indicator_set.domains
    areas = [rule.area for rule in plan.indicator_set.jmp_rules]
    headers = [label("round", lang), label("status", lang), *(f"{d.code} {d.name.get(lang)}" for d in domains),
               label("overall", lang), label("overall_change", lang), label("essential", lang),
               *(plan.indicator_set.service_areas[a].get(lang) for a in areas)]
    sheet = _table_sheet(workbook, "scores", lang, headers,
                      (24, 12, *(14,) * len(domains), 13, 14, 13, *(18,) * len(areas)), 1)
    ws = sheet.ws
    for round_name, status, score, change in plan.rounds:
        sheet.append([
            text_cell(ws, round_name), text_cell(ws, label(status, lang)),
            *(text_cell(ws, _fraction(d.percent), number_format=PERCENT_FORMAT) for d in score.domains),
            text_cell(ws, _fraction(score.overall.percent), number_format=PERCENT_FORMAT, font=BOLD),
            text_cell(ws, _points(change.overall.change) if change else None, number_format=CHANGE_FORMAT),
            text_cell(ws, _fraction(score.essential.percent), number_format=PERCENT_FORMAT),
            *(text_cell(ws, label(score.jmp[a], lang)) for a in areas),
        ])
    _color_scale(sheet, 3, 3 + len(domains), len(plan.rounds))
    _finish_table(sheet, len(headers), len(plan.rounds))
