"""Read an uploaded submissions export into one table, bounded by what it holds: the one place of those bounds.

Kobo and ODK Central export the same submissions as CSV (Central also zipped with its repeat
tables and attachments), XLSX (Kobo) or JSON (Kobo's API v2). Whatever the layout, the reader
below makes a header and rows of text, and refuses before reading further:

- more bytes than ``MAX_FILE_BYTES``; an empty file; NUL bytes; text that is not UTF-8 (with
  or without a byte order mark);
- a zip with too many members, members that unpack too large or compress suspiciously well
  (the same limits as the workbook checks), or no CSV at its top;
- an .xlsx that fails ``excel.package_checks.check_package`` (zip bombs, macros, DTDs), or any
  formula in it;
- JSON nested deeper than a submission ever is;
- more than ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns, ``MAX_CELLS`` cells, or a cell longer
  than ``MAX_CELL_CHARS`` characters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessments.excel.package_checks import BROKEN_ARCHIVE, RATIO_FLOOR, checked_workbook
from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.excel.upload_bounds import SUBMISSIONS_EXPORT

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 30 * 1024 * 1024
MAX_ROWS = 5000  # a district's rounds hold a few hundred submissions
MAX_COLUMNS = 1000  # the shipped set's form has about 150
MAX_CELLS = 1_000_000
MAX_CELL_CHARS = 10_000
MAX_JSON_DEPTH = 8


@dataclass(frozen=True)
class Table:
    """An export as header and rows of text; ``rows`` pairs each row with its number as people count it."""

    layout: str  # "csv", "zip", "xlsx" or "json"
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_table(data: bytes) -> Table:
    """The export in ``data`` as one table; raise ``WorkbookRejected`` saying what is wrong with it."""
    if not data:
        raise WorkbookRejected([problem(None, "the file is empty")])
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRejected([problem(None, "the file is larger than %(limit)s MB", limit=MAX_FILE_BYTES // 2**20)])
    if data.startswith(b"PK"):
        return _from_zip(data)
    text = _text(data)
    if text.lstrip()[:1] in ("{", "["):
        return _from_json(text)
    return _bounded("csv", _csv_rows(text))


def _text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WorkbookRejected([problem(
            None, "the file is not UTF-8 text; export it again from Kobo or ODK Central (they write UTF-8)")])
    if b"\x00" in data:
        raise WorkbookRejected([problem(None, "the file holds NUL bytes; it is not a text export")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookRejected([problem(
            None, "the file is not UTF-8 text; export it again from Kobo or ODK Central (they write UTF-8)")]) from None


def _csv_rows(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    # Kobo writes ";" by default, Central ","; the header decides.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except csv.Error:
        raise WorkbookRejected([problem(
            None, "the file is not a readable CSV export (a quote or a field is broken)")]) from None


def _from_zip(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except BROKEN_ARCHIVE:
        raise WorkbookRejected([problem(None, "the file is a damaged zip archive")]) from None
    with archive:
        names = {m.filename for m in archive.infolist()}
    if "xl/workbook.xml" in names:
        return _from_xlsx(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        _check_members(members)
        tables = sorted((m for m in members if m.filename.lower().endswith(".csv") and "/" not in m.filename),
                        key=lambda m: (len(m.filename), m.filename))
        if not tables:
            raise WorkbookRejected([problem(None, "the zip holds no CSV export of submissions")])
        try:
            # ODK Central names the root table after the form and each repeat after it: the root is the shortest.
            content = archive.read(tables[0])
        except BROKEN_ARCHIVE:
            raise WorkbookRejected([problem(None, "the file is a damaged zip archive")]) from None
    return _bounded("zip", _csv_rows(_text(content)))


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    """The zip bomb checks of ``excel.package_checks`` (same limits), worded for an export rather than a workbook."""
    if len(members) > SUBMISSIONS_EXPORT.members:
        raise WorkbookRejected([problem(None, "the zip holds too many files (%(count)d)", count=len(members))])
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookRejected([problem(
            None, "the zip unpacks to %(size)d MB, more than the %(limit)d MB allowed (a zip bomb?)",
            size=total // 2**20, limit=MAX_UNCOMPRESSED_BYTES // 2**20)])
    for member in members:
        ratio = SUBMISSIONS_EXPORT.compression_ratio
        if member.file_size > RATIO_FLOOR and member.file_size > ratio * max(member.compress_size, 1):
            raise WorkbookRejected([problem(
                None, "the part %(name)s is compressed %(ratio)d times, more than an export ever is (a zip bomb?)",
                name=member.filename, ratio=member.file_size // max(member.compress_size, 1))])


def _from_xlsx(data: bytes) -> Table:
    with checked_workbook(data, SUBMISSIONS_EXPORT) as workbook:
        ws = workbook.worksheets[0]  # Kobo puts the submissions first, each repeat on a sheet after them
        if (ws.max_row or 0) > MAX_ROWS + 1 or (ws.max_column or 0) > MAX_COLUMNS:
            raise WorkbookRejected([_too_large(ws.max_row or 0, ws.max_column or 0)])
        width = min(ws.max_column or MAX_COLUMNS, MAX_COLUMNS) + 1
        rows = [_trimmed([_xlsx_text(cell) for cell in row])
                for row in ws.iter_rows(max_row=MAX_ROWS + 2, max_col=width)]
    return _bounded("xlsx", rows)


def _trimmed(row: list[str]) -> list[str]:
    """A sheet row without the empty cells a sheet pads it with on the right."""
    while row and not row[-1]:
        row.pop()
    return row


def _xlsx_text(cell: object) -> str:
    if getattr(cell, "data_type", None) == "f":
        raise WorkbookRejected([problem(
            None, "the workbook holds a formula (cell %(cell)s); washfit accepts only values as Kobo exports them",
            cell=getattr(cell, "coordinate", "?"))])
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_json(text: str) -> Table:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise WorkbookRejected([problem(None, "the file is not valid JSON")]) from None
    records = document.get("results") if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise WorkbookRejected([problem(
            None, "the JSON is not a Kobo export of submissions (a list of results is expected)")])
    if len(records) > MAX_ROWS:
        raise WorkbookRejected([_too_large(len(records), 0)])
    flat = [_flatten(record) for record in records]
    header: list[str] = []
    seen: set[str] = set()
    for record in flat:
        for key in record:
            if key not in seen:
                seen.add(key)
                header.append(key)
                if len(header) > MAX_COLUMNS:
                    raise WorkbookRejected([_too_large(len(records), len(header))])
    return _bounded("json", [header, *([record.get(key, "") for key in header] for record in flat)])


def _flatten(record: Mapping[str, object], prefix: str = "", depth: int = 0) -> dict[str, str]:
    """A Kobo result with nested groups (``{"d_w": {"w_1": ...}}``) as ``d_w/w_1`` keys; values as text."""
    if depth > MAX_JSON_DEPTH:
        raise WorkbookRejected([problem(None, "the JSON is nested deeper than a submission ever is")])
    flat: dict[str, str] = {}
    for key, value in record.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key == "_validation_status":
            flat[path] = str(value.get("uid", ""))
        elif isinstance(value, dict):
            flat.update(_flatten(value, f"{path}/", depth + 1))
        elif isinstance(value, list):
            continue  # repeats, attachments, notes and geolocations: nothing washfit reads
        else:
            flat[path] = "" if value is None else str(value)
    return flat


def _bounded(layout: str, rows: Iterable[list[str]]) -> Table:
    rows = [list(row) for row in rows]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise WorkbookRejected([problem(None, "the file is empty")])
    header, body = rows[0], rows[1:]
    width = max(len(row) for row in rows)
    if len(body) > MAX_ROWS or width > MAX_COLUMNS or len(body) * width > MAX_CELLS:
        raise WorkbookRejected([_too_large(len(body), width)])
    for number, row in enumerate(rows, start=1):
        for cell in row:
            if "\x00" in cell:  # a JSON "\u0000" or a sheet's: no database column holds it
                raise WorkbookRejected([problem(None, "the file holds NUL bytes; it is not a text export")])
            if len(cell) > MAX_CELL_CHARS:
                raise WorkbookRejected([problem(
                    None, "row %(row)d holds a value longer than %(limit)d characters",
                    row=number, limit=MAX_CELL_CHARS)])
    # A CSV or sheet row is numbered as a spreadsheet shows it (the header is row 1); a JSON result by its place.
    first = 1 if layout == "json" else 2
    padded = tuple((number, tuple(row + [""] * (len(header) - len(row))))
                   for number, row in enumerate(body, start=first) if any(cell.strip() for cell in row))
    return Table(layout, tuple(h.strip() for h in header), padded)


def _too_large(rows: int, columns: int) -> Problem:
    return problem(None, "the file has %(rows)d rows and %(columns)d columns; washfit reads at most %(max_rows)d "
                         "submissions of %(max_columns)d columns", rows=rows, columns=columns,
                   max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
