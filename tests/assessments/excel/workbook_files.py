"""Workbooks for the Excel tests: templates filled in by code, and the hostile files an upload may be."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Mapping

from openpyxl import Workbook, load_workbook

from assessments.excel.offline_form import TemplateData, write_template
from scoring import FacilityProfile, IndicatorSet, Score


def template_bytes(indicator_set: IndicatorSet, *, facility_code: str = "F1", round_name: str = "Baseline 2025",
                   profile: FacilityProfile = FacilityProfile(), answers: Mapping[str, tuple[Score, str]] | None = None,
                   synthetic: bool = False) -> bytes:
    data = TemplateData(indicator_set, facility_code, "Puskesmas Satu", profile, round_name, synthetic,
                        answers or {}, dt.datetime(2025, 5, 2, 8, 0))
    out = io.BytesIO()
    write_template(data, out)
    return out.getvalue()


def filled(workbook: bytes, cells: Mapping[str, object]) -> bytes:
    """``workbook`` with ``{"Air!D5": "Memenuhi"}`` typed in, as a person would in Excel."""
    book = load_workbook(io.BytesIO(workbook))
    for reference, value in cells.items():
        sheet, coordinate = reference.rsplit("!", 1)
        book[sheet.strip("'")][coordinate] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_members(workbook: bytes, extra: Mapping[str, bytes], replace: Mapping[str, bytes] | None = None) -> bytes:
    """The same archive with parts added or replaced (macros, external links, doctypes)."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb(size: int) -> bytes:
    """A minimal "workbook" whose sheet unpacks to ``size`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * size)
    return out.getvalue()


def other_tools_workbook() -> bytes:
    book = Workbook()
    book.active.append(["code", "score"])
    book.active.append(["W1", 2])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- hostile workbooks: small files whose parts hold far more elements than any form -------------
# Each is a real offline form with one part replaced; the values vary so that the parts compress
# like real sheets (a few times, not the hundreds of times the zip-bomb check refuses).

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOMAIN_SHEET = "xl/worksheets/sheet2.xml"  # the first domain sheet (Air) of the offline form


def _numbers(count: int, seed: int) -> list[int]:
    return random.Random(seed).choices(range(1000, 10_000), k=count)


def _sheet(rows: str) -> bytes:
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def one_row_of_cells(workbook: bytes, cells: int = 1_660_000) -> bytes:
    """The domain sheet as one row of ``cells`` numbers, with no declared dimension."""
    row = "".join(f"<c><v>{n}</v></c>" for n in _numbers(cells, 1))
    return with_members(workbook, {}, {_DOMAIN_SHEET: _sheet(f'<row r="5">{row}</row>')})


def rows_all_numbered_one(workbook: bytes, rows: int = 700_000) -> bytes:
    """The domain sheet as ``rows`` rows that all claim to be row 1."""
    body = "".join(f'<row r="1"><c><v>{n}</v></c></row>' for n in _numbers(rows, 2))
    return with_members(workbook, {}, {_DOMAIN_SHEET: _sheet(body)})


def many_cell_formats(workbook: bytes, formats: int = 450_000) -> bytes:
    """``styles.xml`` with ``formats`` cell formats."""
    xfs = "".join(f'<xf numFmtId="{n % 50}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                  for n in _numbers(formats, 3))
    styles = (f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
              f'<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
              f'<cellXfs count="{formats}">{xfs}</cellXfs></styleSheet>')
    return with_members(workbook, {}, {"xl/styles.xml": styles.encode()})


def many_shared_strings(workbook: bytes, strings: int = 1_200_000) -> bytes:
    """A shared-strings part of ``strings`` strings, declared in the content types so it is read."""
    items = "".join(f"<si><t>{n}</t></si>" for n in _numbers(strings, 4))
    table = f'<sst xmlns="{_MAIN}" count="{strings}" uniqueCount="{strings}">{items}</sst>'.encode()
    types = zipfile.ZipFile(io.BytesIO(workbook)).read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return with_members(workbook, {"xl/sharedStrings.xml": table}, {"[Content_Types].xml": types})


HOSTILE_WORKBOOKS = {
    "one row of 1.66 M cells": one_row_of_cells,
    "450,000 cell formats": many_cell_formats,
    "1.2 M shared strings": many_shared_strings,
    "700,000 rows numbered 1": rows_all_numbered_one,
}
