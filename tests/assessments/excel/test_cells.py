"""No text becomes a formula; sheet names and cell references as Excel wants them."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from assessments.excel.cells import cell_reference, put, sheet_title


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://evil","klik")', "+628123", "-5 tangki", "@SUM(A1)",
                                  "\tx", "\rx", "=cmd|' /C calc'!A0"])
def test_risky_text_is_stored_as_text_that_shows_unchanged(text):
    book = Workbook()
    put(book.active["A1"], text)
    out = io.BytesIO()
    book.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    # XML reads a carriage return back as a line feed; either way the cell is text.
    assert cell.data_type == "s" and cell.value == text.replace("\r", "\n") and cell.quotePrefix


def test_plain_text_and_numbers_are_left_alone():
    book = Workbook()
    assert put(book.active["A1"], "Memenuhi").quotePrefix is False
    assert put(book.active["A2"], -5).data_type == "n"


def test_control_characters_xml_cannot_hold_are_dropped():
    book = Workbook()
    assert put(book.active["A1"], "tangki\x00 bocor\x1b").value == "tangki bocor"


@pytest.mark.parametrize(("name", "title"), [
    ("Air", "Air"),
    ("Pengelolaan limbah layanan kesehatan", "Pengelolaan limbah layanan"),
    ("Energi, bangunan dan pengelolaan fasilitas", "Energi, bangunan"),
    ("Air/sanitasi: [uji]?", "Air sanitasi uji"),
])
def test_sheet_titles_are_valid_and_cut_at_a_word(name, title):
    assert sheet_title(name) == title


def test_sheet_titles_are_unique():
    assert sheet_title("Air", ["air"]) == "Air (2)"


def test_cell_references_quote_names_with_spaces():
    assert cell_reference("Air", "D14") == "Air!D14"
    assert cell_reference("Kebersihan tangan", "D5") == "'Kebersihan tangan'!D5"


def test_plain_values_pass_as_they_are_and_risky_text_still_gets_a_guarded_cell():
    from openpyxl import Workbook

    from assessments.excel.cells import plain

    ws = Workbook(write_only=True).create_sheet()
    assert plain(ws, "Puskesmas Uitao") == "Puskesmas Uitao" and plain(ws, 3) == 3
    guarded = plain(ws, "=HYPERLINK(\"x\")")
    assert guarded.data_type == "s" and guarded.quotePrefix
