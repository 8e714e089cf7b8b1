"""Reading a filled-in workbook: good files give their answers, every bad file every problem, by cell."""

import dataclasses
import io
import zipfile

import pytest

from assessments.excel.offline_form_reader import read_assessment_workbook
from assessments.excel.package_checks import MAX_FILE_BYTES
from assessments.excel.problems import WorkbookRejected
from scoring import FacilityProfile, Score
from tests.assessments.excel.workbook_files import filled, other_tools_workbook, template_bytes, with_members, zip_bomb


def problems(data, indicator_set, **expected):
    with pytest.raises(WorkbookRejected) as refused:
        read_assessment_workbook(data, indicator_set, **expected)
    return [str(p) for p in refused.value.problems]


def test_filled_template_gives_every_answer_with_its_cell(mini_set):
    data = filled(template_bytes(mini_set), {"Air!D5": "Memenuhi", "Air!E5": "tangki bocor",
                                             "Air!D6": "memenuhi  SEBAGIAN",
                                             "'Kebersihan tangan'!D5": "Tidak berlaku"})
    contents = read_assessment_workbook(data, mini_set, facility_code="F1", round_name="Baseline 2025")
    answers = {a.code: (a.score, a.comment, a.location) for a in contents.answers}
    assert answers["W1"] == (Score.MET, "tangki bocor", "Air!D5")
    assert answers["W2"][0] is Score.PARTIAL
    assert answers["HH1"] == (Score.NOT_APPLICABLE, "", "'Kebersihan tangan'!D5")
    assert answers["W3"][0] is None
    assert (contents.facility_code, contents.round_name, contents.set_version) == ("F1", "Baseline 2025", "0.1")


def test_a_workbook_made_before_the_scores_meanings_column_still_reads(mini_set):
    """Workbooks made before column F held the level meanings: the reader never looked past E."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(filled(template_bytes(mini_set), {"Air!D5": "Memenuhi"})))
    for title in ("Air", "Kebersihan tangan"):
        book[title].delete_cols(6)
    out = io.BytesIO()
    book.save(out)
    contents = read_assessment_workbook(out.getvalue(), mini_set, facility_code="F1", round_name="Baseline 2025")
    assert {a.code: a.score for a in contents.answers}["W1"] is Score.MET


@pytest.mark.parametrize(("typed", "score"),
                         [(2, Score.MET), (1.0, Score.PARTIAL), ("0", Score.NOT_MET), ("NA", Score.NOT_APPLICABLE)])
def test_scores_typed_as_numbers_or_na_are_accepted(mini_set, typed, score):
    contents = read_assessment_workbook(filled(template_bytes(mini_set), {"Air!D5": typed}), mini_set)
    assert next(a.score for a in contents.answers if a.code == "W1") is score


def test_every_bad_cell_is_reported_by_sheet_and_cell(mini_set):
    data = filled(template_bytes(mini_set), {
        "Air!D5": "ya", "Air!D6": "=1+1", "Air!E7": "komentar tanpa skor", "'Kebersihan tangan'!A6": "ZZ9",
        "'Kebersihan tangan'!D5": 3,
    })
    found = problems(data, mini_set)
    assert found[0] == ('Air!D5: "ya" is not a score '
                        '(choose Memenuhi / Memenuhi sebagian / Tidak memenuhi / Tidak berlaku)')
    assert "Air!D6: a formula is not accepted here; type the value itself" in found
    assert "Air!E7: a comment needs a score in the same row" in found
    assert "'Kebersihan tangan'!A6: unknown indicator code \"ZZ9\"" in found
    assert any(p.startswith("'Kebersihan tangan'!D5: \"3\" is not a score") for p in found)
    assert len(found) == 5


def test_formula_in_a_comment_cell_is_refused(mini_set):
    assert problems(filled(template_bytes(mini_set), {"Air!D5": 2, "Air!E5": '=HYPERLINK("http://x")'}), mini_set) == [
        "Air!E5: a formula is not accepted here; type the value itself"]


def test_an_indicator_listed_twice_is_refused(mini_set):
    found = problems(filled(template_bytes(mini_set), {"Air!A6": "W1"}), mini_set)
    assert found == ["Air!A6: indicator W1 appears twice (also Air!A5)"]


def test_workbook_for_another_facility_or_round_is_refused(mini_set):
    found = problems(template_bytes(mini_set), mini_set, facility_code="F2", round_name="Follow-up 2026")
    assert found == ["the workbook is for facility F1, not F2",
                     "the workbook is for round Baseline 2025, not Follow-up 2026"]


def test_workbook_for_another_indicator_set_version_is_refused(mini_set):
    older = dataclasses.replace(mini_set, version="0.0")
    assert problems(template_bytes(older), mini_set) == [
        "the workbook was made for indicator set mini-test 0.0; its round uses mini-test 0.1: download a new template"]


def test_another_tools_workbook_is_refused(mini_set):
    assert problems(other_tools_workbook(), mini_set) == [
        "this is not a washfit assessment workbook; download the template from washfit and fill that in"]


def test_damaged_hidden_description_is_refused(mini_set):
    damaged = filled(template_bytes(mini_set), {"washfit!B1": "x"})
    assert "hidden description is missing or damaged" in problems(damaged, mini_set)[0]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"code,score\nW1,2\n", "the file is not an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "this is an old .xls file or a password-protected workbook"),
    (b"PK\x03\x04" + bytes(100), "the file is not an Excel workbook (.xlsx)"),
    (bytes(MAX_FILE_BYTES + 1), "the file is larger than 5 MB"),
])
def test_files_that_are_not_workbooks_are_refused(mini_set, data, message):
    assert problems(data, mini_set)[0].startswith(message)


def test_truncated_workbook_is_refused(mini_set):
    data = template_bytes(mini_set)
    assert problems(data[: len(data) // 2], mini_set) == ["the file is not an Excel workbook (.xlsx)"]


def test_zip_bomb_is_refused_from_its_directory(mini_set):
    assert problems(zip_bomb(40 * 2**20), mini_set) == [
        "the workbook unpacks to 40 MB, more than the 30 MB allowed (a zip bomb?)"]


def test_highly_compressed_part_is_refused(mini_set):
    [message] = problems(zip_bomb(20 * 2**20), mini_set)
    assert message.startswith("the part xl/worksheets/sheet1.xml is compressed") and "(a zip bomb?)" in message


def test_workbook_with_macros_is_refused(mini_set):
    data = with_members(template_bytes(mini_set), {"xl/vbaProject.bin": b"\x00" * 100})
    assert problems(data, mini_set) == ["the workbook contains macros; washfit accepts only the .xlsx it exported"]


def test_macro_enabled_workbook_is_refused(mini_set):
    data = template_bytes(mini_set)
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
    assert problems(with_members(data, {}, {"[Content_Types].xml": types}), mini_set) == [
        "the workbook is macro-enabled (.xlsm); save it as .xlsx (Excel Workbook)"]


def test_workbook_with_external_links_is_refused(mini_set):
    data = with_members(template_bytes(mini_set), {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    assert problems(data, mini_set) == ["the workbook links to other files or data sources; fill in a fresh template"]


def test_xml_with_entity_declarations_is_refused(mini_set):
    bomb = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><sst>&lol;</sst>'
    data = with_members(template_bytes(mini_set), {}, {"xl/worksheets/sheet2.xml": bomb})
    assert problems(data, mini_set) == [
        "the part xl/worksheets/sheet2.xml declares a DOCTYPE, which Excel never writes"]


def test_huge_sheet_is_refused_without_reading_its_rows(mini_set):
    found = problems(filled(template_bytes(mini_set), {"Air!D600": "Memenuhi", "Air!BZ5": "x"}), mini_set)
    assert found == ["Air: the sheet is 600 rows by 78 columns; a washfit template has at most 500 rows"]


def test_broken_sheet_xml_is_refused_not_raised(mini_set):
    data = with_members(template_bytes(mini_set), {}, {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row"})
    assert problems(data, mini_set) == ["the file could not be read as an Excel workbook"]


def test_rows_of_indicators_not_applying_are_read_as_not_applicable(mini_set):
    data = template_bytes(mini_set, profile=FacilityProfile(inpatient=False, delivery=False))
    answers = {a.code: a.score for a in read_assessment_workbook(data, mini_set).answers}
    assert answers["W3"] is Score.NOT_APPLICABLE and answers["HH2"] is Score.NOT_APPLICABLE
