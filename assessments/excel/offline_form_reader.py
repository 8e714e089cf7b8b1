"""Read a filled-in offline assessment workbook: check the package, then every cell; never touch the database.

After ``package_checks`` has passed the file, openpyxl reads it in read-only mode: our format
marker and metadata, the indicator set version, the facility and round, declared sheet sizes;
then every row up to a limit: known codes, scores among the four answers, no formulas, comments
that fit. Every problem found is kept with its place (``Air!D14``), so one pass tells the team
all there is to fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, TypeAlias, cast, overload

from openpyxl import Workbook
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from assessments.excel.cells import cell_reference
from assessments.excel.offline_form import (
    COLUMNS,
    FIRST_ROW,
    FORMAT_MARKER,
    INSTRUCTIONS_SHEET,
    METADATA_SHEET,
    SCORE_LABELS,
    VISIT_CELLS,
    domain_sheet_titles,
)
from assessments.excel.package_checks import checked_workbook
from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.excel.upload_bounds import OFFLINE_FORM
from assessments.scores.entry import MAX_ASSESSORS, MAX_COMMENT, MAX_LEADER
from scoring import IndicatorSet, Score, ScoringError, parse_score

MAX_ROWS = 500  # a domain has a few dozen indicators
MAX_COLUMNS = 50
MAX_METADATA_ROWS = OFFLINE_FORM.rows_per_sheet
MAX_PROBLEMS = 100

# What a read-only sheet yields for a cell: a ReadOnlyCell, or EmptyCell where the file has none.
_ReadCell: TypeAlias = ReadOnlyCell | EmptyCell


class _ReadOnlySheet(Protocol):
    """The part of a read-only worksheet read here, typed as openpyxl's read-only mode returns it.

    The openpyxl stubs copy ``Worksheet.iter_rows`` onto ``ReadOnlyWorksheet`` unchanged, typed for
    a Worksheet (its ``self`` and its cells), so mypy refuses the call on a read-only sheet.
    """

    @property
    def max_row(self) -> int | None: ...
    @property
    def max_column(self) -> int | None: ...
    @overload
    def iter_rows(self, *, min_row: int, max_row: int, max_col: int,
                  values_only: Literal[True]) -> Iterator[tuple[object, ...]]: ...
    @overload
    def iter_rows(self, *, min_row: int, max_row: int, max_col: int) -> Iterator[tuple[_ReadCell, ...]]: ...


_BY_LABEL = {" ".join(label.lower().split()): score for score, label in SCORE_LABELS.items()}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CellAnswer:
    """An answer read from a row: the score (None when empty), the comment and where it stands."""

    code: str
    score: Score | None
    comment: str
    location: str


@dataclass(frozen=True)
class WorkbookContents:
    """Everything read from a valid workbook, ready for ``offline_form_import`` to store."""

    set_id: str
    set_version: str
    facility_code: str
    round_name: str
    answers: tuple[CellAnswer, ...]
    prefilled: Mapping[str, tuple[Score | None, str]]
    # The visit as the Petunjuk sheet holds it and as the workbook was pre-filled with, by field
    # (``assessed_on`` as YYYY-MM-DD text, None when empty); empty when the sheet has no visit cells.
    visit: Mapping[str, str | None] = dataclasses.field(default_factory=dict)
    prefilled_visit: Mapping[str, str | None] = dataclasses.field(default_factory=dict)


def read_assessment_workbook(
    data: bytes,
    indicator_set: IndicatorSet,
    *,
    facility_code: str | None = None,
    round_name: str | None = None,
) -> WorkbookContents:
    """Check and read an uploaded workbook; raise ``WorkbookRejected`` listing every problem.

    ``facility_code`` and ``round_name``, when given, are what the upload was meant for (the
    page it was sent from); the workbook must say the same.
    """
    with checked_workbook(data, OFFLINE_FORM) as workbook:
        return _read(workbook, indicator_set, facility_code, round_name)


def workbook_round_name(data: bytes) -> str | None:
    """The round a workbook says it is for, read from its hidden sheet before the whole check.

    The command line needs it to know which round's set to read the workbook with; None when
    the file is not a readable washfit workbook (the full check then says why).
    """
    try:
        with checked_workbook(data, OFFLINE_FORM) as workbook:
            if METADATA_SHEET not in workbook.sheetnames:
                return None
            for row in workbook[METADATA_SHEET].iter_rows(min_row=1, max_row=MAX_METADATA_ROWS, max_col=2,
                                                          values_only=True):
                if row and row[0] == "round_name" and row[1] is not None:
                    return str(row[1])
    except WorkbookRejected:  # whatever is wrong, the full check reports it
        return None
    return None


# -- 4: the workbook ------------------------------------------------------------------------------

def _read(
    workbook: Workbook, indicator_set: IndicatorSet, facility_code: str | None, round_name: str | None
) -> WorkbookContents:
    if METADATA_SHEET not in workbook.sheetnames:
        raise WorkbookRejected([problem(
            None, "this is not a washfit assessment workbook; download the template from washfit and fill that in")])
    meta, prefilled = _metadata(_worksheet(workbook, METADATA_SHEET), indicator_set)
    problems = _check_identity(meta, indicator_set, facility_code, round_name)
    if problems:
        raise WorkbookRejected(problems)
    expected = domain_sheet_titles(indicator_set)
    missing = [title for title in expected.values() if title not in workbook.sheetnames]
    if missing:
        raise WorkbookRejected([problem(None, "the sheet %(sheet)s is missing", sheet=title) for title in missing])
    problems = []
    answers: list[CellAnswer] = []
    seen: dict[str, str] = {}
    for title in expected.values():
        rows = _sheet_rows(_worksheet(workbook, title), title, problems)
        for row_number, row in rows:
            answer = _row_answer(title, row_number, row, indicator_set, seen, problems)
            if answer is not None:
                answers.append(answer)
        if len(problems) >= MAX_PROBLEMS:
            break
    visit = _visit(workbook, problems) if INSTRUCTIONS_SHEET in workbook.sheetnames else {}
    if problems:
        raise WorkbookRejected(_capped(problems))
    return WorkbookContents(
        set_id=meta["set_id"], set_version=meta["set_version"], facility_code=meta["facility_code"],
        round_name=meta["round_name"], answers=tuple(answers), prefilled=prefilled, visit=visit,
        prefilled_visit={field: meta.get(f"visit_{field}") for field in VISIT_CELLS},
    )


_VISIT_LIMITS = {"assessors": MAX_ASSESSORS, "team_leader": MAX_LEADER}


def _visit(workbook: Workbook, problems: list[Problem]) -> dict[str, str | None]:
    """The visit cells of the instructions sheet: a date, two short texts; a problem for each bad cell."""
    rows = list(_worksheet(workbook, INSTRUCTIONS_SHEET).iter_rows(min_row=1, max_row=len(VISIT_CELLS), max_col=3))
    visit: dict[str, str | None] = {}
    for field, address in VISIT_CELLS.items():
        number = int(address[1:])
        row = rows[number - 1] if number <= len(rows) else ()
        cell = row[2] if len(row) > 2 else None
        where = cell_reference(INSTRUCTIONS_SHEET, address)
        if _is_formula(cell):
            problems.append(problem(where, "a formula is not accepted here; type the value itself"))
            continue
        value = None if cell is None else cell.value
        if field == "assessed_on":
            visit[field] = _visit_date(value, where, problems)
            continue
        text = _text(cell)
        if any(ord(c) < 32 or ord(c) == 127 for c in text):
            problems.append(problem(where, "control characters (such as NUL) are not allowed here"))
        elif len(text) > _VISIT_LIMITS[field]:
            problems.append(problem(where, "the text is longer than %(limit)d characters", limit=_VISIT_LIMITS[field]))
        else:
            visit[field] = text or None
    return visit


def _visit_date(value: object, where: str, problems: list[Problem]) -> str | None:
    """A date cell (as Excel stores it) or YYYY-MM-DD text; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        problems.append(problem(where, "%(value)s is not a date (write it as YYYY-MM-DD)", value=_quoted(value)))
        return None


def _worksheet(workbook: Workbook, title: str) -> _ReadOnlySheet:
    """The sheet ``title`` of the workbook, opened read-only; a chartsheet by that name is unreadable."""
    ws = workbook[title]
    if not isinstance(ws, ReadOnlyWorksheet):
        raise WorkbookRejected([problem(None, "the file could not be read as an Excel workbook")])
    return cast(_ReadOnlySheet, ws)


def _metadata(
    ws: _ReadOnlySheet, indicator_set: IndicatorSet
) -> tuple[dict[str, str], dict[str, tuple[Score | None, str]]]:
    """The key/value rows of the hidden sheet and the answers the workbook was pre-filled with."""
    meta: dict[str, str] = {}
    prefilled: dict[str, tuple[Score | None, str]] = {}
    for row in ws.iter_rows(min_row=1, max_row=MAX_METADATA_ROWS, max_col=4, values_only=True):
        key = row[0] if row else None
        if key == "answer":
            code, score, comment = (str(v) if v is not None else "" for v in row[1:4])
            try:
                prefilled[code] = (parse_score(score) if score else None, comment)
            except ScoringError:
                raise _not_ours() from None
        elif isinstance(key, str) and row[1] is not None:
            meta[key] = str(row[1])
    required = {"set_id", "set_version", "facility_code", "round_name"}
    if meta.get("format") != FORMAT_MARKER or not required <= meta.keys():
        raise _not_ours()
    same_set = (meta["set_id"], meta["set_version"]) == (indicator_set.id, indicator_set.version)
    if same_set and any(code not in indicator_set for code in prefilled):
        raise _not_ours()  # (a workbook of another set is refused for that, by _check_identity)
    return meta, prefilled


def _not_ours() -> WorkbookRejected:
    return WorkbookRejected([problem(
        None, "this is not a washfit assessment workbook (its hidden description is missing or damaged); "
              "download a fresh template")])


def _check_identity(
    meta: Mapping[str, str], indicator_set: IndicatorSet, facility_code: str | None, round_name: str | None
) -> list[Problem]:
    problems = []
    if (meta["set_id"], meta["set_version"]) != (indicator_set.id, indicator_set.version):
        problems.append(problem(
            None,
            "the workbook was made for indicator set %(theirs)s; its round uses %(ours)s: download a new template",
            theirs=f"{meta['set_id']} {meta['set_version']}", ours=f"{indicator_set.id} {indicator_set.version}"))
    if facility_code is not None and meta["facility_code"] != facility_code:
        problems.append(problem(
            None, "the workbook is for facility %(theirs)s, not %(ours)s",
            theirs=meta["facility_code"], ours=facility_code))
    if round_name is not None and meta["round_name"] != round_name:
        problems.append(problem(
            None, "the workbook is for round %(theirs)s, not %(ours)s", theirs=meta["round_name"], ours=round_name))
    return problems


def _sheet_rows(ws: _ReadOnlySheet, title: str, problems: list[Problem]) -> Iterator[tuple[int, tuple[_ReadCell, ...]]]:
    """The data rows of a domain sheet, refusing a sheet larger than any template."""
    if (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLUMNS:
        problems.append(problem(
            title, "the sheet is %(rows)d rows by %(columns)d columns; a washfit template has at most %(limit)d rows",
            rows=ws.max_row or 0, columns=ws.max_column or 0, limit=MAX_ROWS))
        return
    # max_row bounds the work even when the sheet does not declare its size.
    yield from enumerate(ws.iter_rows(min_row=FIRST_ROW, max_row=MAX_ROWS, max_col=len(COLUMNS)), start=FIRST_ROW)


def _row_answer(
    title: str,
    number: int,
    row: tuple[_ReadCell, ...],
    indicator_set: IndicatorSet,
    seen: dict[str, str],
    problems: list[Problem],
) -> CellAnswer | None:
    cells = dict(zip(COLUMNS, row, strict=False))  # openpyxl pads rows to max_col; .get() copes if not

    def where(column: str) -> str:
        return cell_reference(title, f"{COLUMNS[column]}{number}")

    code_cell, score_cell, comment_cell = cells.get("code"), cells.get("score"), cells.get("comment")
    code = _text(code_cell)
    if not code:
        if _text(score_cell) or _text(comment_cell):
            problems.append(problem(where("code"), "an answer without an indicator code"))
        return None
    if code not in indicator_set:
        problems.append(problem(where("code"), "unknown indicator code %(code)s", code=_quoted(code)))
        return None
    if code in seen:
        problems.append(problem(
            where("code"), "indicator %(code)s appears twice (also %(other)s)", code=code, other=seen[code]))
        return None
    seen[code] = where("code")
    found = len(problems)
    for key in ("score", "comment"):
        if _is_formula(cells.get(key)):
            problems.append(problem(where(key), "a formula is not accepted here; type the value itself"))
    if len(problems) > found:
        return None
    score = _score(score_cell, where("score"), problems)
    comment = _text(comment_cell)
    if len(comment) > MAX_COMMENT:
        problems.append(problem(where("comment"), "the comment is longer than %(limit)d characters", limit=MAX_COMMENT))
    elif comment and score is None and len(problems) == found:
        problems.append(problem(where("comment"), "a comment needs a score in the same row"))
    if len(problems) > found:
        return None
    return CellAnswer(code, score, comment, where("score"))


def _score(cell: _ReadCell | None, location: str, problems: list[Problem]) -> Score | None:
    """The four labels of the drop-down, or 0, 1, 2 and na as typed by hand; empty is unanswered."""
    value = None if cell is None else cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        label = _BY_LABEL.get(" ".join(value.lower().split()))
        if label is not None:
            return label
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return parse_score(value)
    except ScoringError:
        problems.append(problem(location, "%(value)s is not a score (choose %(labels)s)",
                                value=_quoted(value), labels=" / ".join(SCORE_LABELS.values())))
        return None


def _is_formula(cell: _ReadCell | None) -> bool:
    return cell is not None and cell.data_type == "f"


def _text(cell: _ReadCell | None) -> str:
    value = None if cell is None else cell.value
    return "" if value is None else str(value).strip()


def _quoted(value: object) -> str:
    """A value as the report shows it: in double quotes, control characters visible, cut short."""
    text = _SPACES.sub(" ", str(value))
    return '"' + (text[:40] + "…" if len(text) > 40 else text) + '"'


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    hidden = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], problem(None, "… and %(count)d more problems", count=hidden)]
