"""A set read from an XLSForm: washfit's own form back to an equal set, a district's form through a mapping."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from assessments.errors import InvalidInput
from assessments.excel.problems import WorkbookRejected
from assessments.indicator_sets import import_set, parse_set_text, set_differences
from assessments.models import AuditEntry, StoredIndicatorSet
from assessments.xlsform.form import MAP_SHEET, FormData, FormFacility, plain_yaml, write_form
from assessments.xlsform.set_import import import_form_set, read_form_set
from scoring import FacilityProfile
from tests.conftest import DATA, ROOT

EXPORTED = dt.datetime(2026, 5, 1, 7, 30, tzinfo=dt.UTC)
SURVEY_HEADER = ("type", "name", "label::Bahasa Indonesia (id)", "label::English (en)", "relevant")
SURVEY = (
    ("start", "start", "", "", ""),
    ("select_one puskesmas", "puskesmas", "Puskesmas", "Health centre", ""),
    ("begin_group", "air", "Air", "Water", ""),
    ("select_one skor", "W1", "Sumber air layak di lokasi", "Improved water source on premises", ""),
    ("select_one skor", "W2", "Air tersedia setiap saat", "Water available at all times", ""),
    ("text", "W2_catatan", "Catatan", "Note", ""),
    ("end_group", "", "", "", ""),
    ("begin group", "kebersihan_tangan", "Kebersihan tangan", "Hand hygiene", ""),
    ("select_one skor", "HH1", "Sarana cuci tangan di titik layanan", "Hand hygiene at points of care", ""),
    ("end group", "", "", "", ""),
)
CHOICES = (("list_name", "name", "label::Bahasa Indonesia (id)", "label::English (en)"),
           ("puskesmas", "KPG01", "Baun", "Baun"),
           ("skor", "ya", "Ya", "Yes"), ("skor", "sebagian", "Sebagian", "Partly"),
           ("skor", "tidak", "Tidak", "No"), ("skor", "tb", "Tidak berlaku", "Not applicable"))
SETTINGS = (("form_title", "form_id", "version"), ("WASH FIT Kupang (Kobo)", "washfit_kupang", "2024.1"))
ACTIONS = [{"text": {"id": "Pasang tangki", "en": "Install a tank"}, "items": [{"item": "TANK", "quantity": 1}]}]
MAPPING = {
    "set": {"id": "kupang-kobo", "source": {"citation": "Dinkes Kabupaten Kupang, formulir Kobo", "licence": "CC BY"}},
    "scores": {"ya": "met", "sebagian": "partial", "tidak": "not_met", "tb": "na"},
    "domains": {"air": "W", "kebersihan_tangan": {"code": "HH", "name": {"id": "Cuci tangan", "en": "Hand washing"}}},
    "indicators": {"W1": {"flags": ["essential"], "service_area": "water"}, "HH1": {"flags": ["gedsi"]}},
}


def xlsform(survey=SURVEY, choices=CHOICES, settings=SETTINGS, header=SURVEY_HEADER) -> bytes:
    """A district's XLSForm as Kobo would hold it: survey, choices, settings."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in (header, *survey):
        sheet.append(list(row))
    for title, rows in (("choices", choices), ("settings", settings)):
        added = workbook.create_sheet(title)
        for row in rows:
            added.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def mapping(**changes) -> str:
    """The mapping of the district's form, based on the mini set's first version, with ``changes`` at the top."""
    return plain_yaml({"based_on": "mini-test@0.1", **MAPPING, **changes})


def full_mapping() -> str:
    """The mapping without a base set: everything the form does not say, from the mini set's own fields."""
    mini = yaml.safe_load((DATA / "mini_indicators.yaml").read_text(encoding="utf-8"))
    fields = {k: mini[k] for k in ("edition", "flags", "applicability", "service_areas", "cost_items")}
    rules = [{"area": "water", "basic": {"improved_on_premises": {"scores": {"W1": [2]}},
                                         "available": {"scores": {"W2": [2]}}},
              "limited": {"on_premises_not_available": {"scores": {"W1": [1, 2]}}}}]
    indicators = {code: {**MAPPING["indicators"].get(code, {}), "actions": ACTIONS} for code in ("W1", "W2", "HH1")}
    indicators["HH1"]["flags"] = ["gender_equity"]
    return plain_yaml({**MAPPING, "set": {**MAPPING["set"], **fields, "jmp_rules": rules},
                           "indicators": indicators})


def own_form(path, round_name: str = "Baseline 2025") -> bytes:
    text = path.read_text(encoding="utf-8")
    return write_form(FormData(parse_set_text(text), round_name, False,
                               [FormFacility("KPG01", "Puskesmas Baun", FacilityProfile(True, True))], EXPORTED,
                               set_data=yaml.safe_load(text)))


def by_value(indicator_set) -> dict[str, object]:
    """Every field of a set (``IndicatorSet`` compares by identity, so tests compare by this)."""
    return {f.name: getattr(indicator_set, f.name) for f in dataclasses.fields(indicator_set)}


def problems(data: bytes, map_text: str | None = None) -> list[str]:
    with pytest.raises(WorkbookRejected) as refused:
        read_form_set(data, map_text, "form.xlsx")
    return [str(p) for p in refused.value.problems]


# -- washfit's own form --------------------------------------------------------------------------

@pytest.mark.parametrize("path", [ROOT / "seed_indicators.yaml", DATA / "mini_indicators.yaml",
                                  DATA / "mini_indicators_v2.yaml", DATA / "xlsform_features.yaml"],
                         ids=["seed", "mini", "mini-v2", "features"])
def test_washfits_own_form_reads_back_to_an_equal_set_without_a_mapping(path):
    original = parse_set_text(path.read_text(encoding="utf-8"))
    back = parse_set_text(read_form_set(own_form(path), None, "form.xlsx"))
    assert by_value(back) == by_value(original)
    assert set_differences(original, back) == []


def relabelled_own_form(name: str, english: str) -> bytes:
    """The mini set's own form with the English label of row ``name`` edited, as someone would in Kobo."""
    workbook = load_workbook(io.BytesIO(own_form(DATA / "mini_indicators.yaml")))
    survey = workbook["survey"]
    header = [c.value for c in survey[1]]
    row = next(r for r in survey.iter_rows(min_row=2) if r[1].value == name)
    row[header.index("label::English (en)")].value = english
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_own_form_read_back_takes_the_texts_from_the_labels_where_someone_edited_one():
    data = relabelled_own_form("w_2", "W2 · Water available day and night (essential)")
    back = parse_set_text(read_form_set(data, None, "form.xlsx"))
    assert back.indicator("W2").text.en == "Water available day and night"
    assert back.indicator("W2").text.id == "Air tersedia setiap saat" and back.indicator("W2").essential


def test_own_form_with_a_mapping_of_a_new_version_reads_as_that_version():
    back = parse_set_text(read_form_set(own_form(DATA / "mini_indicators.yaml"), "set: {version: '0.3'}\n", "f.xlsx"))
    assert (back.id, back.version, len(back.indicators)) == ("mini-test", "0.3", 5)


def test_own_form_imported_where_its_set_is_stored_changes_nothing(session):
    stored = import_set(session, (DATA / "mini_indicators.yaml").read_text(encoding="utf-8"), "test").stored
    result = import_form_set(session, own_form(DATA / "mini_indicators.yaml"), None, "admin", "form.xlsx")
    assert not result.created and result.stored.id == stored.id
    assert session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 1


def test_own_form_keeps_its_mapping_in_a_sheet_of_text_lines():
    workbook = load_workbook(io.BytesIO(own_form(DATA / "mini_indicators.yaml")))
    lines = [row[0] or "" for row in workbook[MAP_SHEET].iter_rows(values_only=True)]
    assert yaml.safe_load("\n".join(lines))["indicators"]["w_1"]["code"] == "W1"
    assert workbook.sheetnames == ["survey", "choices", "settings", MAP_SHEET]


# -- a district's form ---------------------------------------------------------------------------

def test_a_districts_form_reads_codes_texts_and_domains_from_rows_labels_and_groups():
    read = parse_set_text(read_form_set(xlsform(), full_mapping(), "kobo.xlsx"))
    assert (read.id, read.version, read.title.en) == ("kupang-kobo", "2024.1", "WASH FIT Kupang (Kobo)")
    assert [(d.code, d.name.id, [i.code for i in d.indicators]) for d in read.domains] == [
        ("W", "Air", ["W1", "W2"]), ("HH", "Cuci tangan", ["HH1"])]
    assert read.indicator("W1").text.en == "Improved water source on premises"
    assert read.indicator("W1").essential and read.indicator("HH1").flags == {"gedsi"}
    assert read.indicator("W2").applies_to == "all" and read.source["licence"] == "CC BY"


def test_a_form_in_one_language_gives_its_text_in_both():
    header = ("type", "name", "label")
    survey = [row[:3] for row in SURVEY]
    settings = (("form_title", "form_id", "version", "default_language"),
                ("WASH FIT", "wf", "1", "Bahasa Indonesia (id)"))
    read = parse_set_text(read_form_set(xlsform(survey, settings=settings, header=header), full_mapping(), "f.xlsx"))
    assert read.indicator("W2").text.id == read.indicator("W2").text.en == "Air tersedia setiap saat"


def test_a_form_without_a_mapping_of_its_choices_is_refused_saying_so():
    assert "survey: the form has no select_one row whose choices are scores: name them under scores in the mapping" \
        in problems(xlsform(), None)


def test_every_problem_is_reported_with_its_sheet_and_row():
    survey = (*SURVEY, ("select_one skor", "S1", "Toilet", "Toilet", ""))  # in no group
    choices = (*CHOICES, ("skor", "mungkin", "Mungkin", "Maybe"))
    found = problems(xlsform(survey, choices), full_mapping())
    assert ("choices!B7: the choice mungkin of the list skor says no score: name it under scores in the mapping "
            "(met, partial, not_met or na)") in found
    assert "survey!B12: the indicator S1 has no domain: it is in no group, and the mapping gives it no domain" in found
    assert ("survey!B12: the indicator S1 has no improvement actions: give them under indicators.S1.actions in the "
            "mapping, or name a set it is based_on") in found


def test_a_mapping_that_leaves_an_indicator_without_a_domain_is_refused_at_its_row():
    changed = yaml.safe_load(full_mapping())
    del changed["domains"]["kebersihan_tangan"]
    found = problems(xlsform(), plain_yaml(changed))
    assert found == [("survey!B10: the indicator HH1 has no domain: the mapping names none of its groups "
                      "(kebersihan_tangan) under domains")]


def test_duplicate_codes_are_refused_naming_both_rows():
    survey = (*SURVEY[:4], ("select_one skor", "W1", "Lagi", "Again", ""), *SURVEY[4:])
    assert "survey!B6: the code W1 is also the code of survey row 5" in problems(xlsform(survey), full_mapping())


def test_a_mapping_naming_a_row_the_form_lacks_or_an_unknown_field_is_refused():
    changed = yaml.safe_load(full_mapping())
    changed["indicators"]["W9"] = {"flags": ["essential"]}
    changed["indicators"]["W1"]["colour"] = "blue"
    changed["extra"] = 1
    found = problems(xlsform(), plain_yaml(changed))
    assert any(p.startswith("mapping: extra: not a field of the mapping") for p in found)
    assert any(p.startswith("mapping: indicators.W1.colour: not a field of an indicator") for p in found)
    assert "mapping: indicators.W9: the form has no select_one row W9" in problems(
        xlsform(), plain_yaml({**yaml.safe_load(full_mapping()), "indicators": {
            **yaml.safe_load(full_mapping())["indicators"], "W9": {}}}))


def test_the_strict_loaders_refusal_is_placed_at_the_row_it_comes_from():
    changed = yaml.safe_load(full_mapping())
    changed["indicators"]["W2"]["flags"] = ["sparkly"]
    assert problems(xlsform(), plain_yaml(changed)) == [
        ("survey!B6: the set read from the form is not valid: form.xlsx: domains[0].indicators[1].flags[0]: "
         "unknown flag 'sparkly'")]


@pytest.mark.parametrize("map_text, says", [
    ("scores: {ya: 2\n", "mapping: the mapping is not valid YAML (line 2)"),
    ("scores: {ya: 2}\x00", "mapping: the mapping is not a text file"),
    ("a: &x [1]\nb: *x\n", "mapping: the mapping uses YAML aliases, which washfit does not accept"),
    ("- 1\n", "mapping: the mapping must be a YAML mapping (docs/indicator-set-format.md)"),
    ("scores: {ya: maybe}\n", "mapping: scores.ya: maybe is not a score (met, partial, not_met, na or 2, 1, 0)"),
])
def test_a_bad_mapping_is_refused_saying_what(map_text, says):
    assert says in problems(xlsform(), map_text)


@pytest.mark.parametrize("data, says", [
    (b"", "the file is empty"),
    (b"PK\x03\x04 broken zip", "the file is not an Excel workbook (.xlsx)"),
    (b"id: x\x00\x00\x00", "the file is not an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "this is an old .xls file"),
])
def test_a_corrupt_file_is_refused_saying_what(data, says):
    assert any(says in p for p in problems(data, full_mapping()))


def test_a_workbook_without_a_survey_is_not_an_xlsform():
    workbook = Workbook()
    out = io.BytesIO()
    workbook.save(out)
    assert problems(out.getvalue()) == ["the workbook has no sheet survey: it is not an XLSForm"]


# -- stored, on both databases -------------------------------------------------------------------

def test_import_form_set_takes_what_the_form_does_not_say_from_the_set_it_is_based_on(session):
    import_set(session, (DATA / "mini_indicators.yaml").read_text(encoding="utf-8"), "test")
    result = import_form_set(session, xlsform(), mapping(), "admin", "kobo.xlsx")
    session.commit()
    read = parse_set_text(result.stored.yaml_text)
    assert result.created and result.stored.ref == "kupang-kobo@2024.1"
    assert read.indicator("W2").actions[0].text.en == "Add storage"  # the mini set's action for W2
    assert read.indicator("W2").flags == {"essential", "climate"}
    assert read.indicator("W1").flags == {"essential"}  # the mapping's word over the base set's
    assert [r.area for r in read.jmp_rules] == ["water", "hygiene"]
    assert read.source["derived_from"] == "mini-test@0.1"
    assert session.scalar(select(AuditEntry.new_value).where(AuditEntry.entity == "indicator_set",
                                                             AuditEntry.field == "imported")
                          .order_by(AuditEntry.id.desc()).limit(1)) == "kupang-kobo@2024.1"


@pytest.mark.parametrize("case", ["unknown choice", "no domain", "duplicate code", "corrupt", "nul in mapping",
                                  "base not stored"])
def test_a_refused_form_writes_nothing(session, case):
    import_set(session, (DATA / "mini_indicators.yaml").read_text(encoding="utf-8"), "test")
    session.commit()
    before = (session.scalar(select(func.count()).select_from(StoredIndicatorSet)),
              session.scalar(select(func.count()).select_from(AuditEntry)))
    data, map_text = {
        "unknown choice": (xlsform(choices=(*CHOICES, ("skor", "x", "X", "X"))), mapping()),
        "no domain": (xlsform(), mapping(domains={"air": "W"})),
        "duplicate code": (xlsform((*SURVEY, ("begin_group", "lagi", "Lagi", "Again", ""),
                                    ("select_one skor", "W1", "Lagi", "Again", ""), ("end_group", "", "", "", ""))),
                           mapping()),
        "corrupt": (b"PK\x03\x04" + bytes(200), mapping()),
        "nul in mapping": (xlsform(), mapping() + "\x00"),
        "base not stored": (xlsform(), mapping(based_on="mini-test@9.9")),
    }[case]
    with pytest.raises(WorkbookRejected):
        import_form_set(session, data, map_text, "admin", "kobo.xlsx")
    session.rollback()
    assert (session.scalar(select(func.count()).select_from(StoredIndicatorSet)),
            session.scalar(select(func.count()).select_from(AuditEntry))) == before


def test_the_example_mapping_reads_a_districts_form_of_the_shipped_indicators(session, seed_set):
    """examples/xlsform-pemetaan-contoh.yaml on a form with the shipped codes, one renamed row and one local row."""
    import_set(session, (ROOT / "seed_indicators.yaml").read_text(encoding="utf-8"), "test")
    groups = {"W": "air", "S": "sanitasi", "HCWM": "limbah", "HH": "cuci_tangan", "EC": "kebersihan_lingkungan",
              "EBF": "bangunan", "M": "manajemen"}
    survey = [("select_one skor", "jenis_puskesmas", "Jenis", "Kind", "")]
    for domain in seed_set.domains:
        survey.append(("begin_group", groups[domain.code], domain.name.id, domain.name.en, ""))
        survey += [("select_one skor", "w1" if i.code == "W1" else i.code, i.text.id, i.text.en, "")
                   for i in domain.indicators]
        if domain.code == "W":
            survey.append(("select_one skor", "w_lokal_1", "Air hujan ditampung", "Rainwater harvested", ""))
        survey.append(("end_group", "", "", "", ""))
    example = (ROOT / "examples" / "xlsform-pemetaan-contoh.yaml").read_text(encoding="utf-8")
    read = parse_set_text(import_form_set(session, xlsform(survey), example, "admin", "kobo.xlsx").stored.yaml_text)
    assert (read.id, read.version, read.source["derived_from"]) == ("kupang-kobo", "2025.1", "washfit-2022@1.2.0")
    assert len(read.indicators) == len(seed_set.indicators) + 1
    assert read.indicator("W20").applies_to == "rainfall_sufficient" and read.indicator("W20").domain == "W"
    assert read.indicator("W1").actions == seed_set.indicator("W1").actions
    assert read.indicator("S3").text == seed_set.indicator("S3").text


def test_own_form_with_a_question_deleted_in_kobo_reads_without_that_indicator():
    workbook = load_workbook(io.BytesIO(own_form(DATA / "mini_indicators.yaml")))
    survey = workbook["survey"]
    for number in sorted((r[0].row for r in survey.iter_rows(min_row=2) if r[1].value in ("hh_2", "hh_2_c")),
                         reverse=True):
        survey.delete_rows(number)
    out = io.BytesIO()
    workbook.save(out)
    back = parse_set_text(read_form_set(out.getvalue(), "set: {version: '0.1-kupang'}\n", "form.xlsx"))
    assert [i.code for i in back.indicators] == ["W1", "W2", "W3", "HH1"]


def test_own_form_edited_but_under_its_stored_version_is_refused_saying_what_differs(session):
    import_set(session, (DATA / "mini_indicators.yaml").read_text(encoding="utf-8"), "test")
    session.commit()
    data = relabelled_own_form("hh_1", "HH1 · Soap and water at every point of care (essential)")
    with pytest.raises(InvalidInput) as refused:
        import_form_set(session, data, None, "admin", "form.xlsx")
    assert "indicators changed: HH1" in str(refused.value) and "new version" in str(refused.value)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 1
