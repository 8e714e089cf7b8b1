"""The offline assessment workbook: one per facility and round, filled in where there is no connection.

Layout (``excel_import`` reads the same constants back):

- "Petunjuk" (instructions, Bahasa Indonesia and English) first, with the visit beside them:
  the visit date, the assessors and the WASH FIT team leader in ``VISIT_CELLS`` (column C);
- one sheet per domain, named with the domain's Indonesian name: code, indicator in Bahasa
  Indonesia, English beside it, score (a drop-down of the four answers), comment, and what each
  score means for that indicator (the set's levels, as the web shows them; read-only, and outside
  the columns the import reads, so workbooks made before it was added import as they did);
- a very hidden sheet describing the file: a format marker, the indicator set and its version,
  the facility, the round, and the answers the workbook was pre-filled with.

Sheets are protected with only the score and comment cells of applicable indicators unlocked,
and the workbook structure is locked, so sheets cannot be renamed, added or unhidden by
accident. The protection has no password: it guards against slips, and the import checks
every cell whatever was done to the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessments.excel.cells import (
    BOLD,
    FONT_NAME,
    HEADER_FILL,
    HEADER_FONT,
    MUTED_FONT,
    THIN_BOTTOM,
    TITLE_FONT,
    WARNING_FILL,
    WARNING_FONT,
    WRAP,
    CellValue,
    fitted_height,
    print_landscape,
    print_one_page,
    put,
    set_widths,
    sheet_title,
)
from scoring import FacilityProfile, Indicator, IndicatorSet, Score

FORMAT_MARKER = "washfit-assessment-workbook/1"
METADATA_SHEET = "washfit"
INSTRUCTIONS_SHEET = "Petunjuk"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
COLUMNS = {"code": "A", "text_id": "B", "text_en": "C", "score": "D", "comment": "E"}
GUIDANCE_COLUMN = "F"  # what each score means: printed beside the row, never read back
SCORE_LABELS = {
    Score.MET: "Memenuhi",
    Score.PARTIAL: "Memenuhi sebagian",
    Score.NOT_MET: "Tidak memenuhi",
    Score.NOT_APPLICABLE: "Tidak berlaku",
}
_HEADERS = ("Kode\nCode", "Indikator", "Indicator (English)", "Skor\nScore", "Komentar\nComment",
            "Arti skor\nWhat the scores mean")
_GREY_FILL = PatternFill("solid", fgColor="E7E6E6")
_GREY_FONT = Font(name=FONT_NAME, color="7F7F7F")
_INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
_UNLOCKED = Protection(locked=False)
_WIDTHS = (9, 45, 40, 20, 35, 60)
# The visit's cells on the instructions sheet, by the assessment's field names; labels in column B.
VISIT_CELLS = {"assessed_on": "C1", "assessors": "C2", "team_leader": "C3"}
_VISIT_LABELS = {"assessed_on": "Tanggal kunjungan (TTTT-BB-HH)\nVisit date (YYYY-MM-DD)",
                 "assessors": "Penilai (dipisah koma)\nAssessors (comma-separated)",
                 "team_leader": "Ketua tim WASH FIT\nWASH FIT team leader"}


@dataclass(frozen=True)
class TemplateData:
    """What one facility's workbook shows: plain values, read from the database by the caller."""

    indicator_set: IndicatorSet
    facility_code: str
    facility_name: str
    profile: FacilityProfile
    round_name: str
    synthetic: bool
    answers: Mapping[str, tuple[Score, str]]
    exported_at: dt.datetime
    assessed_on: dt.date | None = None
    assessors: str = ""
    team_leader: str = ""

    @property
    def visit(self) -> dict[str, dt.date | str | None]:
        return {"assessed_on": self.assessed_on, "assessors": self.assessors, "team_leader": self.team_leader}


def domain_sheet_titles(indicator_set: IndicatorSet) -> dict[str, str]:
    """Each domain's sheet name, by domain code, unique and valid in Excel."""
    titles: dict[str, str] = {}
    for domain in indicator_set.domains:
        titles[domain.code] = sheet_title(domain.name.id, [INSTRUCTIONS_SHEET, METADATA_SHEET, *titles.values()])
    return titles


def template_file_name(facility_code: str, round_name: str) -> str:
    """``washfit-KPG01-Baseline-2025.xlsx``: safe on every file system and in a download header."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in f"{facility_code}-{round_name}")
    return f"washfit-{'-'.join(filter(None, safe.split('-')))}.xlsx"


def write_template(data: TemplateData, out: BinaryIO) -> None:
    """Write the facility's workbook to ``out``."""
    workbook = Workbook()
    first = workbook.active
    assert isinstance(first, Worksheet)  # a new workbook has one sheet, a worksheet
    _instructions(first, data)
    for domain in data.indicator_set.domains:
        ws = workbook.create_sheet(domain_sheet_titles(data.indicator_set)[domain.code])
        _domain_sheet(ws, data, domain.code)
    _metadata_sheet(workbook.create_sheet(METADATA_SHEET), data)
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.save(out)


def _new_cell(ws: Worksheet, row: int, column: int) -> Cell:
    """The cell at ``row`` and ``column`` of a sheet being written, which has no merged cells."""
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # only a merged range holds MergedCells
    return cell


def _instructions(ws: Worksheet, data: TemplateData) -> None:
    ws.title = INSTRUCTIONS_SHEET
    widths = (60, 16, 14)  # fits A4 portrait at 100% (LibreOffice does not shrink a sheet wider than the page)
    set_widths(ws, widths)
    _visit_cells(ws, data)
    lines: list[tuple[str, Font | None]] = [
        ("Formulir penilaian WASH FIT · WASH FIT assessment form", TITLE_FONT),
        (f"{data.facility_name} ({data.facility_code}) · {data.round_name}", BOLD),
        (f"{data.indicator_set.title.id} · {data.indicator_set.id} {data.indicator_set.version}", None),
        (f"Dibuat oleh washfit / exported by washfit: {data.exported_at:%Y-%m-%d %H:%M} UTC", MUTED_FONT),
        ("", None),
    ]
    if data.synthetic:
        demo = ("DATA DEMO: skor yang sudah terisi adalah data sintetis, bukan hasil penilaian nyata. "
                "DEMO DATA: the pre-filled scores are synthetic, not real assessment results.")
        lines.insert(1, (demo, WARNING_FONT))
    labels = " / ".join(SCORE_LABELS.values())
    lines += [
        ("Cara mengisi", BOLD),
        ("1. Setiap lembar berisi satu domain. Isi kolom Skor (D) dengan memilih dari daftar: " + labels + ".", None),
        (("2. Kolom Komentar (E) boleh diisi untuk menjelaskan skor. "
          "Komentar memerlukan skor pada baris yang sama."), None),
        ("3. Baris abu-abu tidak berlaku untuk fasilitas ini dan dikunci.", None),
        ("4. Kode yang dicetak tebal adalah indikator esensial. Kolom Arti skor (F) menjelaskan arti setiap skor.",
         None),
        ("5. Jangan mengganti nama lembar atau memindahkan baris. Simpan sebagai .xlsx (bukan .xlsm atau .xls).", None),
        (("6. Unggah berkas ini di washfit (halaman penilaian fasilitas) "
          "atau jalankan: washfit import BERKAS.xlsx"), None),
        (("   Berkas diperiksa seluruhnya sebelum disimpan: bila ada masalah, tidak ada yang disimpan dan setiap "
          "masalah disebutkan dengan lembar dan selnya (misalnya Air!D14)."), None),
        (("   Skor yang dikosongkan menghapus jawaban yang sudah ada; jawaban yang tidak diubah di berkas ini tidak "
          "menimpa perubahan yang dibuat orang lain di washfit."), None),
        ("", None),
        ("How to fill in", BOLD),
        ("1. Each sheet holds one domain. Fill in the Score column (D) by choosing from the list: " + labels
         + " (met / partially met / not met / not applicable).", None),
        ("2. The Comment column (E) may explain the score. A comment needs a score in the same row.", None),
        ("3. Grey rows do not apply to this facility and are locked.", None),
        ("4. Codes in bold are essential indicators. The column What the scores mean (F) explains each score.", None),
        ("5. Do not rename sheets or move rows. Save as .xlsx (not .xlsm or .xls).", None),
        ("6. Upload this file in washfit (the facility's assessment page) or run: washfit import FILE.xlsx", None),
        (("   The whole file is checked before anything is saved: if there is a problem nothing is saved, and every "
          "problem is named by sheet and cell (e.g. Air!D14)."), None),
        (("   Clearing a score removes the stored answer; answers you leave unchanged in this file do not overwrite "
          "changes others made in washfit meanwhile."), None),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = put(_new_cell(ws, row, 1), text)
        cell.alignment = WRAP
        if font is not None:
            cell.font = font
        if font is WARNING_FONT:
            cell.fill = WARNING_FILL
        ws.row_dimensions[row].height = fitted_height(ws[row], widths)
    ws.protection.sheet = True
    print_one_page(ws)


def _visit_cells(ws: Worksheet, data: TemplateData) -> None:
    """The visit's labels (B) and its three input cells (C), unlocked, pre-filled with what washfit holds."""
    for field, address in VISIT_CELLS.items():
        label = put(ws[f"B{address[1:]}"], _VISIT_LABELS[field])
        label.font, label.fill, label.alignment = HEADER_FONT, HEADER_FILL, WRAP
        cell = put(ws[address], data.visit[field] or None)
        cell.protection, cell.fill, cell.border, cell.alignment = _UNLOCKED, _INPUT_FILL, THIN_BOTTOM, WRAP
        if field == "assessed_on":
            cell.number_format = "yyyy-mm-dd"


def _domain_sheet(ws: Worksheet, data: TemplateData, domain_code: str) -> None:
    indicator_set = data.indicator_set
    domain = indicator_set.domain(domain_code)
    set_widths(ws, _WIDTHS)
    put(ws["A1"], f"{domain.code} · {domain.name.id}").font = TITLE_FONT
    subtitle = f"{domain.name.en} · {data.facility_name} ({data.facility_code}) · {data.round_name}"
    put(ws["A2"], subtitle).font = MUTED_FONT
    put(ws["A3"], "Pilih skor di kolom D dari daftar · Choose the score in column D from the list").font = MUTED_FONT
    for column, label in zip((*COLUMNS.values(), GUIDANCE_COLUMN), _HEADERS, strict=True):
        cell = put(ws[f"{column}{HEADER_ROW}"], label)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    ws.row_dimensions[HEADER_ROW].height = fitted_height(ws[HEADER_ROW], _WIDTHS)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(SCORE_LABELS.values()) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Skor / Score",
        error="Pilih salah satu skor dari daftar. Choose one of the scores in the list.",
        showInputMessage=True, promptTitle="Skor / Score", prompt=" / ".join(SCORE_LABELS.values()),
    )
    ws.add_data_validation(validation)
    for row, indicator in enumerate(domain.indicators, start=FIRST_ROW):
        _indicator_row(ws, row, indicator, data, validation)
    ws.freeze_panes = f"B{FIRST_ROW}"
    ws.protection.sheet = True
    # Resizing rows and columns is harmless and helps on small screens.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    print_landscape(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _indicator_row(
    ws: Worksheet, row: int, indicator: Indicator, data: TemplateData, validation: DataValidation
) -> None:
    applies = indicator.applies(data.profile)
    stored = data.answers.get(indicator.code)
    values = {
        "code": indicator.code,
        "text_id": indicator.text.id,
        "text_en": indicator.text.en,
        "score": SCORE_LABELS[stored[0]] if stored and applies else (
            None if applies else SCORE_LABELS[Score.NOT_APPLICABLE]),
        "comment": stored[1] if stored and applies else (
            None if applies else data.indicator_set.applicability[indicator.applies_to].id),
    }
    values["guidance"] = level_meanings(indicator)
    for key, column in (*COLUMNS.items(), ("guidance", GUIDANCE_COLUMN)):
        cell = put(ws[f"{column}{row}"], values[key])
        cell.alignment = WRAP
        cell.border = THIN_BOTTOM
        if not applies:
            cell.fill, cell.font = _GREY_FILL, _GREY_FONT
        elif key in ("score", "comment"):
            cell.protection, cell.fill = _UNLOCKED, _INPUT_FILL
    if indicator.essential:
        ws[f"A{row}"].font = Font(name=FONT_NAME, bold=True, color="7F7F7F" if not applies else None)
    if applies:
        validation.add(f"{COLUMNS['score']}{row}")
    ws.row_dimensions[row].height = fitted_height(ws[row], _WIDTHS)


def level_meanings(indicator: Indicator) -> str | None:
    """What met, partly met and not met look like for ``indicator``, in Bahasa Indonesia (None if the set says not)."""
    if indicator.levels is None:
        return None
    levels = indicator.levels
    return "\n".join((f"{SCORE_LABELS[Score.MET]}: {levels.met.id}",
                      f"{SCORE_LABELS[Score.PARTIAL]}: {levels.partial.id}",
                      f"{SCORE_LABELS[Score.NOT_MET]}: {levels.not_met.id}"))


def _metadata_sheet(ws: Worksheet, data: TemplateData) -> None:
    rows: list[tuple[CellValue, ...]] = [
        ("format", FORMAT_MARKER),
        ("set_id", data.indicator_set.id),
        ("set_version", data.indicator_set.version),
        ("facility_code", data.facility_code),
        ("round_name", data.round_name),
        ("exported_at", data.exported_at.isoformat(timespec="seconds")),
        *((f"visit_{field}", value.isoformat() if isinstance(value, dt.date) else value or None)
          for field, value in data.visit.items()),
    ]
    rows += [("answer", code, str(score.value), comment) for code, (score, comment) in sorted(data.answers.items())]
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            put(_new_cell(ws, number, column), value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
