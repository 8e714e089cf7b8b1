"""Stream every part of an upload once, before openpyxl: refuse DTDs, count elements against the bounds.

Every member of the archive goes through expat, whatever its name: openpyxl finds a sheet by
the workbook's relationships, so a sheet stored as ``xl/data.bin`` is read like any other.
expat decodes a part the way every XML parser does, by its byte-order mark or its XML
declaration (UTF-16 included), so a DOCTYPE cannot hide behind a name or an encoding. Nothing is
built: the handlers only count, and refuse the moment a count passes its bound, so a hostile
part costs no more than the bound it breaks.

A member expat cannot parse (an image, a damaged part) is left where it fails: openpyxl parses
with the same expat and stops at the same byte, so nothing beyond it is ever built, and a
DOCTYPE cannot come after it (it must precede the first element).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections import Counter
from typing import NoReturn
from xml.parsers import expat

from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.excel.upload_bounds import STYLE_KINDS, UploadBounds

_CHUNK = 64 * 1024
_RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
# Rows, cells, shared strings and styles are elements of SpreadsheetML (transitional or strict);
# a theme's fonts (DrawingML) are not style entries.
_SPREADSHEETML = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def scan_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], bounds: UploadBounds) -> None:
    """Refuse the first DTD or the first count beyond ``bounds``, with what and how much."""
    scan = _Scan(bounds)
    # The workbook and its relationships first, so that a refusal can name the sheet.
    for member in sorted(members, key=lambda m: m.filename not in (_WORKBOOK, _WORKBOOK_RELS)):
        scan.part(archive, member)


class _Scan:
    """The counts of one upload so far, and the sheet titles learnt from the workbook part."""

    def __init__(self, bounds: UploadBounds) -> None:
        self.bounds = bounds
        self.totals: Counter[str] = Counter()
        self.sheet_ids: dict[str, str] = {}  # relationship id -> sheet title (xl/workbook.xml)
        self.targets: dict[str, str] = {}  # relationship id -> part name (its relationships)

    def part(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = lambda *_: self._refuse_dtd(member.filename)
        parser.EntityDeclHandler = lambda *_: self._refuse_dtd(member.filename)
        sheet = _Sheet(self, member.filename)
        parser.StartElementHandler = sheet.start
        with archive.open(member) as stream:
            try:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except expat.ExpatError:
                return

    def count(self, what: str) -> int:
        self.totals[what] += 1
        return self.totals[what]

    def title(self, part: str) -> str:
        """The sheet's title where the workbook names it, else the part's name."""
        for rid, title in self.sheet_ids.items():
            if self.targets.get(rid) == part:
                return title
        return part

    @staticmethod
    def _refuse_dtd(name: str) -> None:
        _refuse(problem(None, "the part %(name)s declares a DOCTYPE, which Excel never writes", name=name))


class _Sheet:
    """The counting of one part: its rows in order, the cells of the current row."""

    def __init__(self, scan: _Scan, name: str) -> None:
        self.scan, self.name = scan, name
        self.bounds = scan.bounds
        self.rows = self.last_row = self.row_cells = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        if self.scan.count("elements") > self.bounds.elements:
            _refuse(problem(
                None, "the workbook holds more than %(limit)d XML elements; a washfit template has far fewer",
                limit=self.bounds.elements))
        if namespace in _SPREADSHEETML:
            self._spreadsheet_element(local, attributes)
        elif self.name == _WORKBOOK_RELS and local == "Relationship":
            target = attributes.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.scan.targets[attributes.get("Id", "")] = part

    def _spreadsheet_element(self, local: str, attributes: dict[str, str]) -> None:
        if local == "c":
            self._cell()
        elif local == "row":
            self._row(attributes.get("r"))
        elif local == "si" and self.scan.count("si") > self.bounds.shared_strings:
            _refuse(problem(
                None, "the workbook holds more than %(limit)d shared texts; a washfit template has far fewer",
                limit=self.bounds.shared_strings))
        elif local in self.bounds.styles and self.scan.count(local) > self.bounds.styles[local]:
            _refuse(problem(None, STYLE_KINDS[local], limit=self.bounds.styles[local]))
        elif self.name == _WORKBOOK and local == "sheet":
            self.scan.sheet_ids[attributes.get(_RELATIONSHIP_ID, "")] = attributes.get("name", "")

    def _row(self, number: str | None) -> None:
        self.rows += 1
        self.row_cells = 0
        if self.rows > self.bounds.rows_per_sheet:
            _refuse(problem(
                self.scan.title(self.name), "the sheet has more than %(limit)d rows; a washfit template has far fewer",
                limit=self.bounds.rows_per_sheet))
        if number is None:
            self.last_row += 1
            return
        row = int(number) if number.isdigit() else 0
        if row <= self.last_row:
            _refuse(problem(
                self.scan.title(self.name),
                "row %(row)s comes after row %(previous)d: rows must be numbered in order, each once (a damaged file?)",
                row=number[:20], previous=self.last_row))
        self.last_row = row

    def _cell(self) -> None:
        self.row_cells += 1
        if self.row_cells > self.bounds.cells_per_row:
            _refuse(problem(
                self.scan.title(self.name),
                "row %(row)d holds more than %(limit)d cells; a washfit template has far fewer",
                row=self.last_row, limit=self.bounds.cells_per_row))
        if self.scan.count("cells") > self.bounds.cells:
            _refuse(problem(None, "the workbook holds more than %(limit)d cells; a washfit template has far fewer",
                            limit=self.bounds.cells))


def _refuse(found: Problem) -> NoReturn:
    raise WorkbookRejected([found])
