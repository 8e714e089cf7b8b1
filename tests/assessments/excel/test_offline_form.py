"""The offline form: sheets per domain, drop-downs, locked structure, hidden description, pre-filled answers."""

import io

from openpyxl import load_workbook

from assessments.excel.offline_form import METADATA_SHEET, domain_sheet_titles, template_file_name
from scoring import FacilityProfile, Score
from tests.assessments.excel.workbook_files import template_bytes


def open_template(mini_set, **kwargs):
    return load_workbook(io.BytesIO(template_bytes(mini_set, **kwargs)))


def test_instructions_come_first_then_a_sheet_per_domain_by_its_indonesian_name(mini_set):
    book = open_template(mini_set)
    assert book.sheetnames == ["Petunjuk", "Air", "Kebersihan tangan", METADATA_SHEET]
    assert book.active.title == "Petunjuk"
    instructions = " ".join(str(c.value) for c in book["Petunjuk"]["A"] if c.value)
    assert "Cara mengisi" in instructions and "How to fill in" in instructions


def test_long_domain_names_become_short_valid_sheet_names(seed_set):
    titles = domain_sheet_titles(seed_set)
    assert all(len(t) <= 31 for t in titles.values()) and len(set(titles.values())) == len(titles)
    assert titles["EBF"] == "Energi, bangunan"


def test_rows_hold_code_both_languages_and_an_empty_score(mini_set):
    sheet = open_template(mini_set)["Air"]
    assert [c.value for c in sheet[5]] == [
        "W1", "Sumber air layak di lokasi", "Improved water source on premises", None, None, None]


def test_each_row_says_what_met_partly_met_and_not_met_mean_read_only(seed_set):
    book = load_workbook(io.BytesIO(template_bytes(seed_set)))
    guided = [indicator for indicator in seed_set.indicators if indicator.levels]
    first = guided[0]
    sheet = book[domain_sheet_titles(seed_set)[first.domain]]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == first.code)
    assert sheet["F4"].value.startswith("Arti skor")
    assert row[5].value == (f"Memenuhi: {first.levels.met.id}\nMemenuhi sebagian: {first.levels.partial.id}\n"
                            f"Tidak memenuhi: {first.levels.not_met.id}")
    assert row[5].protection.locked and row[5].alignment.wrap_text
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_the_instructions_print_on_one_a4_page(mini_set):
    sheet = open_template(mini_set)["Petunjuk"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("portrait", 9, 1, 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_score_cells_offer_the_four_answers_as_a_drop_down(mini_set):
    sheet = open_template(mini_set)["Air"]
    [validation] = sheet.data_validations.dataValidation
    assert validation.formula1 == '"Memenuhi,Memenuhi sebagian,Tidak memenuhi,Tidak berlaku"'
    assert {str(r) for r in validation.sqref.ranges} == {"D5", "D6", "D7"}


def test_only_score_and_comment_cells_are_unlocked_and_the_structure_is_locked(mini_set):
    book = open_template(mini_set)
    sheet = book["Air"]
    assert sheet.protection.sheet and book.security.lockStructure
    assert not sheet["D5"].protection.locked and not sheet["E5"].protection.locked
    assert sheet["A5"].protection.locked and sheet["B5"].protection.locked and sheet["D4"].protection.locked


def test_metadata_sheet_is_very_hidden_and_describes_the_file(mini_set):
    meta = open_template(mini_set)[METADATA_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert values["format"] == "washfit-assessment-workbook/1"
    assert (values["set_id"], values["set_version"], values["facility_code"], values["round_name"]) == (
        "mini-test", "0.1", "F1", "Baseline 2025")


def test_indicators_not_applying_are_grey_locked_and_not_applicable(mini_set):
    sheet = open_template(mini_set, profile=FacilityProfile(inpatient=True, delivery=False))["Air"]
    assert sheet["D7"].value == "Tidak berlaku" and sheet["D7"].protection.locked
    assert sheet["D7"].fill.fgColor.rgb.endswith("E7E6E6")
    assert "D7" not in {str(r) for v in sheet.data_validations.dataValidation for r in v.sqref.ranges}


def test_existing_answers_are_pre_filled(mini_set):
    book = open_template(mini_set, answers={"W2": (Score.PARTIAL, "pompa rusak"), "HH1": (Score.NOT_APPLICABLE, "")})
    assert (book["Air"]["D6"].value, book["Air"]["E6"].value) == ("Memenuhi sebagian", "pompa rusak")
    assert book["Kebersihan tangan"]["D5"].value == "Tidak berlaku"


def test_synthetic_rounds_say_so_on_the_instructions(mini_set):
    text = " ".join(str(c.value) for c in open_template(mini_set, synthetic=True)["Petunjuk"]["A"] if c.value)
    assert "DATA DEMO" in text and "synthetic" in text


def test_file_names_are_safe():
    assert template_file_name("KPG01", "Follow-up 2026 (demo)") == "washfit-KPG01-Follow-up-2026-demo.xlsx"
