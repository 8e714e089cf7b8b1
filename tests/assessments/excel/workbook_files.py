"""Workbooks for the Excel tests: templates filled in by code, and the hostile files an upload may be."""

from __future__ import annotations

import datetime as dt
import io
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
