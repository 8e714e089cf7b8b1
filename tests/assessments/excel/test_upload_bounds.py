"""Uploads are bounded by what they hold: a real form sits far inside, each hostile file is refused by its count."""

import dataclasses
import datetime as dt
from types import MappingProxyType

import pytest
import yaml

from assessments.excel.package_checks import check_package
from assessments.excel.problems import WorkbookRejected
from assessments.excel.upload_bounds import OFFLINE_FORM, XLSFORM
from assessments.xlsform.form import FormData, write_form
from scoring import Score
from tests.assessments.excel.workbook_files import HOSTILE_WORKBOOKS, filled, template_bytes, with_members
from tests.conftest import ROOT


def refusal(data, bounds=OFFLINE_FORM):
    with pytest.raises(WorkbookRejected) as refused:
        check_package(data, bounds)
    return [str(p) for p in refused.value.problems]


def test_a_real_form_stays_ten_times_inside_every_count(seed_set):
    """The exported form for the shipped set, every answer pre-filled and typed over, passes bounds a tenth as large."""
    answers = {indicator.code: (Score.MET, "catatan") for domain in seed_set.domains for indicator in domain.indicators}
    typed = {f"Air!{column}{row}": "Memenuhi sebagian" if column == "D" else "diperbaiki" for column in "DE"
             for row in range(5, 17)}
    form = filled(template_bytes(seed_set, answers=answers), typed)
    tenth = dataclasses.replace(
        OFFLINE_FORM, rows_per_sheet=OFFLINE_FORM.rows_per_sheet // 10, cells_per_row=OFFLINE_FORM.cells_per_row // 10,
        cells=OFFLINE_FORM.cells // 10, shared_strings=OFFLINE_FORM.shared_strings // 10,
        elements=OFFLINE_FORM.elements // 10,
        styles=MappingProxyType({kind: limit // 10 for kind, limit in OFFLINE_FORM.styles.items()}))
    check_package(form, tenth)


@pytest.mark.parametrize(("hostile", "message"), [
    ("one row of 1.66 M cells", "Air: row 5 holds more than 60 cells; a washfit template has far fewer"),
    ("450,000 cell formats", "the workbook defines more than 2000 cell formats; a washfit template has a few dozen"),
    ("1.2 M shared strings", "the workbook holds more than 20000 shared texts; a washfit template has far fewer"),
    ("700,000 rows numbered 1",
     "Air: row 1 comes after row 1: rows must be numbered in order, each once (a damaged file?)"),
])
def test_each_hostile_workbook_is_refused_by_the_count_it_breaks(mini_set, hostile, message):
    assert refusal(HOSTILE_WORKBOOKS[hostile](template_bytes(mini_set))) == [message]


def _sheet(rows):
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f'{rows}</sheetData></worksheet>').encode()


@pytest.mark.parametrize(("rows", "message"), [
    ('<row r="3"/><row r="2"/>', "Air: row 2 comes after row 3"),
    ('<row r="2"/><row/><row r="3"/>', "Air: row 3 comes after row 3"),
    ('<row r="x"/>', 'Air: row x comes after row 0'),
    ("<row/>" * 1001, "Air: the sheet has more than 1000 rows"),
    ("<row>" + "<c/>" * 61 + "</row>", "Air: row 1 holds more than 60 cells"),
    ("".join(f"<row>{''.join(f'<c><v>{r * 50 + c}</v></c>' for c in range(50))}</row>" for r in range(401)),
     "the workbook holds more than 20000 cells"),
])
def test_rows_out_of_order_or_beyond_the_forms_shape_are_refused(mini_set, rows, message):
    data = with_members(template_bytes(mini_set), {}, {"xl/worksheets/sheet2.xml": _sheet(rows)})
    [found] = refusal(data)
    assert found.startswith(message)


def test_a_sheet_the_workbook_does_not_name_is_refused_by_its_part_name(mini_set):
    data = with_members(template_bytes(mini_set), {"xl/stray.xml": _sheet("<row/>" * 1001)})
    assert refusal(data) == ["xl/stray.xml: the sheet has more than 1000 rows; a washfit template has far fewer"]


def test_elements_beyond_any_count_named_are_bounded_in_all(mini_set):
    elements = "".join(f"<q{n}/>" for n in range(200_001))  # varied, so that it compresses like a sheet
    data = with_members(template_bytes(mini_set), {"docProps/custom.xml": f"<p>{elements}</p>".encode()})
    assert refusal(data) == ["the workbook holds more than 200000 XML elements; a washfit template has far fewer"]


_BOMB = '<?xml version="1.0" encoding="{}"?><!DOCTYPE lol [<!ENTITY lol "lol">]><worksheet>&lol;</worksheet>'


@pytest.mark.parametrize(("name", "content"), [
    ("xl/worksheets/sheet2.xml", _BOMB.format("UTF-16").encode("utf-16")),  # with its byte-order mark
    ("xl/worksheets/sheet2.xml", _BOMB.format("UTF-16").encode("utf-16-le")),  # without one
    ("xl/worksheets/sheet2.xml", b"\xef\xbb\xbf" + _BOMB.format("UTF-8").encode()),
    ("xl/worksheets/sheet2.xml", _BOMB.format("ISO-8859-1").encode("latin-1")),
    ("xl/worksheets/data.bin", _BOMB.format("UTF-8").encode()),
    ("xl/media/image1.png", _BOMB.format("UTF-16").encode("utf-16-be")),
])
def test_a_dtd_is_refused_in_any_part_whatever_its_name_or_encoding(mini_set, name, content):
    data = with_members(template_bytes(mini_set), {name: content} if name != "xl/worksheets/sheet2.xml" else {},
                        {"xl/worksheets/sheet2.xml": content} if name == "xl/worksheets/sheet2.xml" else {})
    assert refusal(data) == [f"the part {name} declares a DOCTYPE, which Excel never writes"]


def test_binary_parts_and_dtd_words_in_text_are_not_refused(mini_set):
    data = with_members(template_bytes(mini_set), {
        "xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
        "docProps/custom.xml": b"<p>&lt;!DOCTYPE x&gt; <![CDATA[<!ENTITY]]></p>"})
    check_package(data, OFFLINE_FORM)


def test_washfits_own_xlsform_of_the_shipped_set_stays_five_times_inside_the_xlsform_bounds(seed_set):
    """The XLSForm a round exports (169 survey rows, 2,265 rows of mapping) passes bounds a fifth as large."""
    data = write_form(FormData(seed_set, "Baseline 2025", False, [], dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
                               set_data=yaml.safe_load((ROOT / "seed_indicators.yaml").read_text(encoding="utf-8"))))
    fifth = dataclasses.replace(
        XLSFORM, rows_per_sheet=XLSFORM.rows_per_sheet // 5, cells_per_row=XLSFORM.cells_per_row // 5,
        cells=XLSFORM.cells // 5, shared_strings=XLSFORM.shared_strings // 5, elements=XLSFORM.elements // 5,
        file_bytes=XLSFORM.file_bytes // 5)
    check_package(data, fifth)
