"""Import de-identified death audit summaries from a CSV or XLSX file: all rows or none, with a row-level report.

The file is untrusted and may hold what must never be stored. It is refused whole, before any
row is read, when a column header looks like it holds identifying data (names, NIK, addresses,
exact dates, record numbers; see ``death_audits.identifiers``), and refused whole when any cell
does (a 16-digit number, an exact date, a date-typed cell). A problem names the row and column,
never the value. Only a file with no problem at all is stored; the same file twice is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from assessments.death_audits.cases import CaseSummary, add_case, check_case
from assessments.death_audits.codes import AuditCodes
from assessments.death_audits.identifiers import identifying_header, identifying_value
from assessments.errors import NotFound, PermissionDenied
from assessments.excel.package_checks import MAX_FILE_BYTES, checked_workbook
from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.excel.upload_bounds import DEATH_AUDITS
from assessments.i18n.labels import N_
from assessments.models import DeathAudit, Facility, User
from assessments.permissions import can_handle_audit_cases
from scoring.definitions import Text

MAX_ROWS = 2000
MAX_COLUMNS = 20
MAX_CELL = 2000
MAX_PROBLEMS = 100

# Header (lower case, spaces for _ and -) -> field; Bahasa Indonesia and English both read.
COLUMNS = {
    "facility": "facility", "facility code": "facility", "puskesmas": "facility", "kode puskesmas": "facility",
    "kode": "facility", "code": "facility",
    "year": "year", "tahun": "year",
    "month": "month", "bulan": "month",
    "case type": "case_type", "jenis kasus": "case_type",
    "place": "place", "tempat": "place",
    "cause group": "cause_group", "kelompok penyebab": "cause_group", "penyebab": "cause_group",
    "factors": "factors", "avoidable factors": "factors", "faktor": "factors",
    "faktor yang dapat dicegah": "factors",
    "recommendation": "recommendation", "rekomendasi": "recommendation",
    "response status": "response_status", "status tindak lanjut": "response_status",
}
REQUIRED = ("facility", "year", "month", "case_type", "place", "cause_group")
_MONTHS = {name: n for n, names in enumerate((
    ("jan", "januari", "january"), ("feb", "februari", "february"), ("mar", "maret", "march"),
    ("apr", "april"), ("mei", "may"), ("jun", "juni", "june"), ("jul", "juli", "july"),
    ("agu", "agt", "agustus", "aug", "august"), ("sep", "september"), ("okt", "oktober", "oct", "october"),
    ("nov", "november"), ("des", "desember", "dec", "december")), start=1) for name in names}


@dataclass(frozen=True)
class AuditImportResult:
    """A refused file with its problems, or a stored one with its number of cases."""

    file_name: str
    problems: tuple[Problem, ...]
    stored: int = 0
    facility_codes: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.problems


def import_audits(
    session: Session, codes: AuditCodes, data: bytes, actor: User, *, file_name: str, today: dt.date
) -> AuditImportResult:
    """Check every row of ``data``, then store them all; the caller commits when accepted, else rolls back."""
    if not can_handle_audit_cases(actor):
        return AuditImportResult(file_name, (problem(
            None, "only the AMP-SR team and administrators may see or change death audit cases"),))
    try:
        cases = read_audit_file(data, file_name, codes, today, set(session.scalars(select(Facility.code))))
    except WorkbookRejected as rejected:
        return AuditImportResult(file_name, tuple(rejected.problems))
    digest = hashlib.sha256(data).hexdigest()
    if session.scalar(select(exists().where(DeathAudit.import_digest == digest))):
        return AuditImportResult(file_name, (problem(None, "this file was imported before; nothing was stored again"),))
    try:
        for case in cases:
            add_case(session, codes, case, actor, today, import_digest=digest)
    except (NotFound, PermissionDenied) as exc:
        return AuditImportResult(file_name, (Problem(None, exc.message, exc.params),))
    return AuditImportResult(file_name, (), len(cases), tuple(sorted({c.facility_code for c in cases})))


def read_audit_file(
    data: bytes, file_name: str, codes: AuditCodes, today: dt.date, known_facilities: set[str]
) -> list[CaseSummary]:
    """The cases of a CSV or XLSX file; ``WorkbookRejected`` listing every problem (values never quoted)."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRejected([problem(None, "the file is larger than %(limit)s MB", limit=MAX_FILE_BYTES // 2**20)])
    rows = _xlsx_rows(data) if file_name.lower().endswith(".xlsx") else _csv_rows(data)
    header = next(rows, None)
    if header is None:
        raise WorkbookRejected([problem(None, "the file is empty")])
    fields = _fields(header)
    problems: list[Problem] = []
    cases = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise WorkbookRejected([problem(None, "the file has more than %(limit)d rows", limit=MAX_ROWS)])
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        case = _case(number, dict(zip(fields, row, strict=False)), codes, today, known_facilities, problems)
        if case is not None:
            cases.append(case)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise WorkbookRejected(problems[:MAX_PROBLEMS])
    if not cases:
        raise WorkbookRejected([problem(None, "the file has no cases below its header row")])
    return cases


# -- the file --------------------------------------------------------------------------------------

def _csv_rows(data: bytes) -> Iterator[list[object]]:
    if b"\x00" in data:
        raise WorkbookRejected([problem(None, "the file contains NUL bytes; it is not a text (CSV) file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookRejected([problem(None, "the file is not UTF-8 text; save the CSV as UTF-8")]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise WorkbookRejected([problem(None, "the file has more than %(limit)d columns", limit=MAX_COLUMNS)])
            yield list(row)
    except csv.Error:
        raise WorkbookRejected([problem(None, "the file is not a readable CSV file")]) from None


def _xlsx_rows(data: bytes) -> Iterator[list[object]]:
    with checked_workbook(data, DEATH_AUDITS, data_only=True) as workbook:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True):
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None:
                raise WorkbookRejected([problem(None, "the file has more than %(limit)d columns",
                                                limit=MAX_COLUMNS)])
            yield list(row[:MAX_COLUMNS])


def _fields(header: list[object]) -> list[str | None]:
    """The field of each column; the whole file is refused for an identifying or unknown column."""
    problems = []
    fields: list[str | None] = []
    for n, cell in enumerate(header, start=1):
        title = "" if cell is None else str(cell)[:MAX_CELL]
        key = " ".join(re.sub(r"[_\-]", " ", title.lower()).split())
        where = f"column {n}"
        if not key:
            fields.append(None)
        elif (what := identifying_header(title)) is not None:
            problems.append(problem(where, what))
            fields.append(None)
        elif key not in COLUMNS:
            problems.append(problem(where, "unknown column %(column)s (known: %(known)s)", column=key[:40],
                                    known=", ".join(sorted(set(COLUMNS.values())))))
            fields.append(None)
        else:
            fields.append(COLUMNS[key])
    present = set(fields)
    problems.extend(problem(None, "the column %(column)s is missing", column=f) for f in REQUIRED if f not in present)
    if problems:
        problems.append(problem(None, "nothing was stored: the file may hold only de-identified summaries"))
        raise WorkbookRejected(problems)
    return fields


# -- one row ---------------------------------------------------------------------------------------

def _case(
    number: int, row: dict[str | None, object], codes: AuditCodes, today: dt.date, known: set[str],
    problems: list[Problem],
) -> CaseSummary | None:
    found: list[Problem] = []

    def bad(field: str | None, message: str, **params: object) -> None:
        found.append(problem(f"row {number}" + (f", {field}" if field else ""), message, **params))

    values: dict[str, str] = {}
    for field, value in row.items():
        if field is None or value is None:
            continue
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            bad(field, N_("looks like an exact date: give only the month and year, in their own columns"))
            continue
        text = (str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)).strip()
        if len(text) > MAX_CELL:
            bad(field, N_("the text is longer than %(limit)d characters"), limit=MAX_CELL)
            continue
        if field not in ("year", "month") and (what := identifying_value(text)) is not None:
            bad(field, what)
            continue
        values[field] = text
    if found:
        problems.extend(found)
        return None
    year, month = _whole(values.get("year", "")), _month(values.get("month", ""))
    if year is None:
        bad("year", N_("the year must be a whole number such as 2025"))
    if month is None:
        bad("month", N_("the month must be 1 to 12"))
    facility = values.get("facility", "")
    if facility not in known:
        bad("facility", N_("unknown facility code %(code)s"), code=facility[:20])
    if found:
        problems.extend(found)
        return None
    assert year is not None and month is not None
    case = CaseSummary(
        facility_code=facility, year=year, month=month,
        case_type=_code(values.get("case_type", ""), codes.case_types),
        place=_code(values.get("place", ""), codes.places),
        cause_group=_code(values.get("cause_group", ""), codes.cause_groups),
        factors=tuple(f.lower() for f in re.split(r"[\s,;]+", values.get("factors", "")) if f),
        recommendation=values.get("recommendation", ""),
        response_status=values.get("response_status", "").lower() or "open",
    )
    for issue in check_case(codes, case, today):
        bad(issue.field, issue.message, **issue.params)
    problems.extend(found)
    return None if found else case


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 4 else None


def _month(text: str) -> int | None:
    return _whole(text) if text.isdigit() else _MONTHS.get(text.lower().rstrip("."))


def _code(text: str, known: Mapping[str, Text]) -> str:
    """The code of ``text``: the code itself, or its label in either language (any case)."""
    wanted = text.strip().lower()
    for code, label in known.items():
        if wanted in (code, label.id.lower(), label.en.lower()):
            return code
    return wanted
