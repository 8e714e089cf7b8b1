"""The XLSForm: checked by ODK Validate (through pyxform) and read back sheet by sheet."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from pyxform.errors import PyXFormError
from pyxform.validators.odk_validate import ODKValidateError

from assessments.xlsform.fields import FORM_ID, form_fields, name_of
from assessments.xlsform.form import FormData, FormFacility, form_version, write_form
from scoring import FacilityProfile, load_indicator_set

DATA = Path(__file__).resolve().parents[2] / "data"
EXPORTED = dt.datetime(2026, 5, 1, 7, 30, tzinfo=dt.UTC)
FACILITIES = (
    FormFacility("KPG01", "Puskesmas Baun", FacilityProfile(inpatient=True, delivery=True)),
    FormFacility("KPG02", "Puskesmas O'Ekam \"Lama\"", FacilityProfile(inpatient=False, delivery=True)),
    FormFacility("KPG 03/x", "Pustu = Oelnasi", FacilityProfile(inpatient=False, delivery=False)),
)


def features_set():
    return load_indicator_set(DATA / "xlsform_features.yaml")


def form_file(tmp_path: Path, indicator_set, round_name: str = "Baseline 2025", synthetic: bool = False,
              facilities=FACILITIES, set_data=None) -> Path:
    path = tmp_path / "form.xlsx"
    path.write_bytes(write_form(FormData(indicator_set, round_name, synthetic, facilities, EXPORTED, set_data)))
    return path


def sheet(path: Path, title: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path)[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_form_of_the_shipped_set_with_its_mapping_sheet_passes_odk_validate(tmp_path, seed_set, odk_validate):
    set_data = yaml.safe_load((DATA.parent.parent / "seed_indicators.yaml").read_text(encoding="utf-8"))
    xform = odk_validate(form_file(tmp_path, seed_set, set_data=set_data))
    assert f'id="{FORM_ID}"' in xform and 'version="20260501073000"' in xform
    assert "label_format" not in xform  # the mapping sheet is washfit's alone: the XForm never sees it


def test_form_with_every_feature_passes_odk_validate(tmp_path, odk_validate):
    # Quotes and apostrophes in the round and facility names, odd codes, a demo note, levels and none.
    xform = odk_validate(form_file(tmp_path, features_set(), round_name="Putaran 'ke-2' \"2026\"", synthetic=True))
    assert "hcwm_2_1" in xform and "i_4x" in xform and "demo_note" in xform


def test_odk_validate_refuses_a_broken_form(tmp_path, odk_validate):
    path = form_file(tmp_path, features_set())
    workbook = load_workbook(path)
    survey = workbook["survey"]
    header = [c.value for c in survey[1]]
    row = next(r[0].row for r in survey.iter_rows(min_row=2) if r[1].value == "w_10")
    # A calculation only ODK Validate reads: pyxform passes it through, the XPath parser refuses it.
    survey.cell(row=row, column=header.index("relevant") + 1, value="${w_3b} = = 'met'")
    workbook.save(path)
    with pytest.raises((PyXFormError, ODKValidateError)):
        odk_validate(path)


def test_form_has_one_group_per_domain_and_one_question_per_indicator(tmp_path, seed_set):
    survey = sheet(form_file(tmp_path, seed_set), "survey")
    assert sum(r["type"] == "begin_group" for r in survey) == len(seed_set.domains)
    questions = [r for r in survey if r["type"] == "select_one score"]
    assert [r["name"] for r in questions] == [name_of(i.code) for i in seed_set.indicators]
    assert all(r["label::Bahasa Indonesia (id)"] and r["label::English (en)"] for r in questions)
    comments = [r for r in survey if str(r["name"]).endswith("_c")]
    assert len(comments) == len(seed_set.indicators) and not any(r["required"] for r in comments)


def test_level_meanings_are_the_hints_in_both_languages(tmp_path):
    survey = {r["name"]: r for r in sheet(form_file(tmp_path, features_set()), "survey")}
    assert survey["w_3b"]["hint::Bahasa Indonesia (id)"] == (
        "Memenuhi: Ya, sepenuhnya · Memenuhi sebagian: Sebagian · Tidak memenuhi: Tidak")
    assert survey["w_3b"]["hint::English (en)"] == "Meets: Yes, fully · Partially meets: Partly · Does not meet: No"
    assert survey["w_10"]["hint::English (en)"] is None


def test_inpatient_and_delivery_indicators_are_relevant_only_where_the_facility_has_them(tmp_path):
    survey = {r["name"]: r for r in sheet(form_file(tmp_path, features_set()), "survey")}
    assert survey["w_10"]["relevant"] == "${inpatient} = 'yes'"
    assert survey["hcwm_2_1"]["relevant"] == "${delivery} = 'yes'"
    assert survey["w_3b"]["relevant"] is None
    assert survey["inpatient"]["calculation"] == "if(${facility} = 'KPG01', 'yes', 'no')"
    assert survey["delivery"]["calculation"] == "if(${facility} = 'KPG01' or ${facility} = 'KPG02', 'yes', 'no')"


def test_facilities_are_choices_with_code_and_name(tmp_path):
    choices = [r for r in sheet(form_file(tmp_path, features_set()), "choices") if r["list_name"] == "facility"]
    assert [r["name"] for r in choices] == ["KPG01", "KPG02", "KPG_03_x"]
    assert choices[2]["label::Bahasa Indonesia (id)"] == "KPG 03/x · Pustu = Oelnasi"


def test_scores_are_the_four_choices_in_both_languages(tmp_path):
    choices = [r for r in sheet(form_file(tmp_path, features_set()), "choices") if r["list_name"] == "score"]
    assert [(r["name"], r["label::Bahasa Indonesia (id)"], r["label::English (en)"]) for r in choices] == [
        ("met", "Memenuhi", "Meets"), ("partial", "Memenuhi sebagian", "Partially meets"),
        ("not_met", "Tidak memenuhi", "Does not meet"), ("na", "Tidak berlaku", "Not applicable")]


def test_settings_name_the_form_its_version_and_indonesian_first(tmp_path):
    (settings,) = sheet(form_file(tmp_path, features_set()), "settings")
    assert settings["form_id"] == FORM_ID
    assert settings["version"] == form_version(EXPORTED) == "20260501073000"
    assert settings["default_language"] == "Bahasa Indonesia (id)"
    assert settings["form_title"] == "Penilaian WASH FIT · Baseline 2025"


def test_the_same_export_gives_the_same_form_and_a_later_one_a_later_version(tmp_path, seed_set):
    data = FormData(seed_set, "Baseline 2025", False, FACILITIES, EXPORTED)
    assert write_form(data) == write_form(data) or sheet_values(write_form(data)) == sheet_values(write_form(data))
    later = FormData(seed_set, "Baseline 2025", False, FACILITIES, EXPORTED + dt.timedelta(days=1))
    assert form_version(later.exported_at) > form_version(EXPORTED)


def sheet_values(data: bytes) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for ws in workbook for row in ws.iter_rows(values_only=True)]


def test_formula_like_text_stays_text_in_the_form(tmp_path):
    path = form_file(tmp_path, features_set())
    cells = (c for row in load_workbook(path)["choices"].iter_rows() for c in row)
    cell = next(c for c in cells if c.value == "KPG 03/x · Pustu = Oelnasi")
    assert cell.data_type == "s"


@pytest.mark.parametrize("code, name", [("W1", "w_1"), ("W3b", "w_3b"), ("HCWM2.1", "hcwm_2_1"), ("4X", "i_4x"),
                                        ("hh-10", "hh_10")])
def test_field_names_are_derived_from_the_indicator_codes(code, name):
    assert name_of(code) == name


def test_field_names_of_the_shipped_set_are_unique_short_xml_names(seed_set):
    fields = form_fields(seed_set)
    assert len(set(fields.names)) == len(fields.names)
    assert all(name.isascii() and name[0].isalpha() and len(name) <= 20 for name in fields.names)
