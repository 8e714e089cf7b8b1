"""Read a district price list (SSH export, .xlsx or .csv) into plain rows; never touch the database.

SSH exports differ from district to district, so the columns are found by their headings in
the first rows (``Kode``, ``Uraian``, ``Spesifikasi``, ``Satuan``, ``Harga Satuan``, ``Dasar
Hukum``, ``Tahun``, or their English names). A workbook passes ``package_checks`` before
openpyxl sees it; a CSV is bounded by bytes, rows and columns here. Every problem is kept with
its row, so one pass tells the office all there is to fix.

``preview_price_file`` and ``import_price_file`` are the use cases the web and the command line
share: read the file, then ``assessments.plans.price_lists``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from sqlalchemy.orm import Session

from assessments.excel.package_checks import MAX_FILE_BYTES, checked_workbook
from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.excel.upload_bounds import PRICE_LIST
from assessments.models import User
from assessments.plans.price_lists import (
    ImportResult,
    PriceListInfo,
    PriceListRow,
    PricePreview,
    apply_price_list,
    fold,
    preview_price_list,
)
from assessments.plans.prices import YEARS
from scoring import IndicatorSet

MAX_ROWS = 20_000  # a Kabupaten SSH has a few thousand lines
MAX_COLUMNS = 40
MAX_CELL = 500
MAX_PROBLEMS = 50
HEADER_ROWS = 20  # the headings are within the first rows (a title may come first)

HEADINGS = {
    "code": ("kode", "kode barang", "kode ssh", "kode item", "kode rekening", "code", "item code"),
    "name": ("uraian", "nama", "nama barang", "uraian barang", "nama item", "item", "item name", "name"),
    "specification": ("spesifikasi", "specification", "spec"),
    "unit": ("satuan", "unit"),
    "unit_price": ("harga", "harga satuan", "harga satuan (rp)", "harga (rp)", "unit price", "unit price (rp)",
                   "price"),
    "document": ("dasar hukum", "peraturan", "regulasi", "dokumen", "sumber", "document", "regulation", "source"),
    "year": ("tahun", "tahun anggaran", "year"),
}
_BY_HEADING = {heading: field for field, headings in HEADINGS.items() for heading in headings}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _whole(value: object) -> int | None:
    """Whole rupiah or a year from a cell: a number, ``1.500.000``, ``Rp 1.500.000,00``; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else None
    text = _text(value).replace("\u00a0", "").replace(" ", "")
    if text[:2].lower() == "rp":
        text = text[2:]
    if text.endswith((",00", ",0")):
        text = text.rsplit(",", 1)[0]
    text = text.replace(".", "")
    return int(text) if text.isdigit() and text.isascii() and len(text) <= 15 else None


def _columns(header: Sequence[object]) -> dict[str, int] | None:
    """Column index per field when ``header`` is the heading row (a unit, a price and a code or name)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _BY_HEADING.get(fold(_text(cell)).rstrip(":"))
        if field and field not in found:
            found[field] = index
    if "unit" in found and "unit_price" in found and ("code" in found or "name" in found):
        return found
    return None


def _rows(values: Iterator[Sequence[object]]) -> list[PriceListRow]:
    problems: list[Problem] = []
    rows: list[PriceListRow] = []
    columns = None
    for number, cells in enumerate(values, start=1):
        if number > MAX_ROWS:
            raise WorkbookRejected([problem(None, "the price list has more than %(limit)d rows", limit=MAX_ROWS)])
        if len(cells) > MAX_COLUMNS:
            cells = cells[:MAX_COLUMNS]
        if columns is None:
            columns = _columns(cells)
            if columns is None and number >= HEADER_ROWS:
                break
            continue
        row = _row(number, cells, columns, problems)
        if row is not None:
            rows.append(row)
        if len(problems) >= MAX_PROBLEMS:
            break
    if columns is None:
        raise WorkbookRejected([problem(None, "no heading row found: the price list needs the columns Satuan, "
                                              "Harga Satuan and Kode or Uraian")])
    if problems:
        raise WorkbookRejected(problems)
    if not rows:
        raise WorkbookRejected([problem(None, "the price list has no priced lines")])
    return rows


def _row(number: int, cells: Sequence[object], columns: dict[str, int], problems: list[Problem]) -> PriceListRow | None:
    def get(field: str) -> object:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None

    texts = {f: _text(get(f)) for f in ("code", "name", "specification", "unit", "document")}
    if not any(texts.values()) and get("unit_price") in (None, ""):
        return None  # a blank line, or a group heading without a price
    for field, text in texts.items():
        if "\x00" in text or len(text) > MAX_CELL:
            problems.append(problem(None, "row %(line)d: the cell %(field)s holds a NUL byte or more than %(limit)d "
                                          "characters", line=number, field=field, limit=MAX_CELL))
            return None
    if get("unit_price") in (None, "") and not texts["unit"]:
        return None  # a group heading (e.g. "1.1 Alat Tulis Kantor")
    price = _whole(get("unit_price"))
    if price is None:
        problems.append(problem(None, "row %(line)d: %(value)s is not a whole number of rupiah", line=number,
                                value=_text(get("unit_price"))[:40]))
        return None
    year = None
    if get("year") not in (None, ""):
        year = _whole(get("year"))
        if year is None or not YEARS[0] <= year <= YEARS[1]:
            problems.append(problem(None, "row %(line)d: %(year)s is not a plausible year", line=number,
                                    year=_text(get("year"))[:20]))
            return None
    if not texts["unit"]:
        problems.append(problem(None, "row %(line)d: the unit (Satuan) is empty", line=number))
        return None
    return PriceListRow(number, texts["code"], texts["name"], texts["specification"], texts["unit"], price,
                        texts["document"], year)


def _csv_values(data: bytes) -> Iterator[Sequence[object]]:
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRejected([problem(None, "the file is larger than %(limit)s MB", limit=MAX_FILE_BYTES // 2**20)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise WorkbookRejected([problem(None, "the CSV file is not UTF-8 text")]) from None
    if "\x00" in text:
        raise WorkbookRejected([problem(None, "the file holds NUL bytes; it is not a CSV text file")])
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error:
        raise WorkbookRejected([problem(None, "the CSV file could not be read")]) from None


def _xlsx_values(data: bytes) -> Iterator[Sequence[object]]:
    with checked_workbook(data, PRICE_LIST, data_only=True) as workbook:
        yield from workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)


def read_price_list(data: bytes, filename: str) -> list[PriceListRow]:
    """Every priced line of the list in ``data`` (.xlsx, or .csv by its name), or WorkbookRejected."""
    if not data:
        raise WorkbookRejected([problem(None, "the file is empty")])
    if filename.lower().endswith(".csv"):
        return _rows(_csv_values(data))
    return _rows(_xlsx_values(data))


def preview_price_file(
    session: Session, indicator_set: IndicatorSet, data: bytes, filename: str, info: PriceListInfo, actor: User
) -> PricePreview:
    """What importing the price list file would change (nothing is written)."""
    return preview_price_list(session, indicator_set, read_price_list(data, filename), info, actor)


def import_price_file(
    session: Session, indicator_set: IndicatorSet, data: bytes, filename: str, info: PriceListInfo, actor: User,
    expected: str | None = None,
) -> ImportResult:
    """Import the price list file all or nothing (see ``price_lists.apply_price_list``)."""
    rows = read_price_list(data, filename)
    return apply_price_list(session, indicator_set, rows, info, actor, name=filename, expected=expected)
