"""The DHIS2 export: a round's figures as data values DHIS2 imports with idScheme=CODE, checked
against JSON Schemas written from the DHIS2 documentation (tests/data/dhis2)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from assessments.dhis2.metadata import dhis2_metadata, uid_for
from assessments.dhis2.scheme import JMP_LEVELS, data_elements
from assessments.dhis2.values import CSV_HEADER, SYNTHETIC_COMMENT, as_csv, as_json, round_data_values
from assessments.errors import InvalidInput
from assessments.indicator_sets import parse_set_text, round_set
from assessments.models import AuditEntry, Facility
from assessments.rounds import find_round
from tests.conftest import DATA


@pytest.fixture
def sent_district(district, session):
    """The district with F1's assessment submitted and F1 given a DHIS2 org unit; F2 has none."""
    district["assessment"].status = "submitted"
    district["f1"].dhis2_org_unit = "ORG-F1"
    session.add_all([district["assessment"], district["f1"]])
    session.commit()
    return district


def _by_element(payload: dict) -> dict[str, str]:
    return {v["dataElement"]: v["value"] for v in payload["dataValues"]}


def test_the_demo_export_names_the_26_puskesmas_by_their_org_unit_codes(demo_district, dhis2_schema):
    session = demo_district
    export = round_data_values(session, find_round(session, "Baseline 2025 (demo)"))
    payload = json.loads(as_json(export))
    dhis2_schema("dataValueSet", payload)
    org_units = set(session.scalars(select(Facility.dhis2_org_unit)))
    assert len(org_units) == 26 and None not in org_units
    assert {v["orgUnit"] for v in payload["dataValues"]} == org_units
    assert all(v["orgUnit"].startswith("DEMO-") and v["comment"] == SYNTHETIC_COMMENT for v in payload["dataValues"])
    assert payload["period"] == "2025" and payload["dataSet"] == "WASHFIT_YEARLY"
    assert not export.left_out and export.drafts == 0


def test_the_demo_follow_up_sends_only_submitted_and_validated_assessments_for_its_half_year(demo_district,
                                                                                            dhis2_schema):
    session = demo_district
    round_ = find_round(session, "Follow-up 2026 (demo)")
    export = round_data_values(session, round_, indicators=True)
    dhis2_schema("dataValueSet", json.loads(as_json(export)))
    statuses = {a.facility.code: a.status for a in round_.assessments}
    assert set(export.facilities) == {code for code, status in statuses.items() if status != "draft"}
    assert export.drafts == list(statuses.values()).count("draft") > 0
    assert export.period == "2026S1" and export.data_set == "WASHFIT_SIXMONTHLY"
    metadata = dhis2_metadata(round_set(round_), export.period, indicators=True)
    dhis2_schema("metadata", metadata)
    defined = {e["code"] for e in metadata["dataElements"]}
    assert {v.data_element for v in export.values} <= defined


def test_every_figure_of_a_facility_is_one_value_as_the_round_scores_it(sent_district, session, dhis2_schema):
    export = round_data_values(session, sent_district["round"])
    payload = json.loads(as_json(export))
    dhis2_schema("dataValueSet", payload)
    # W1 = 2, W2 = 1 (W3 unanswered), HH1 = 0: the mini set's figures, worked out by hand.
    assert _by_element(payload) == {
        "WASHFIT_W_PCT": "75.0", "WASHFIT_HH_PCT": "0.0", "WASHFIT_OVERALL_PCT": "50.0",
        "WASHFIT_ESSENTIAL_PCT": "33.3", "WASHFIT_JMP_WATER": "limited", "WASHFIT_JMP_HYGIENE": "no_service",
    }
    assert {v["orgUnit"] for v in payload["dataValues"]} == {"ORG-F1"} and payload["period"] == "2025"
    assert "comment" not in payload["dataValues"][0]  # not a synthetic round
    assert all(v["lastUpdated"].endswith("+00:00") for v in payload["dataValues"])


def test_indicators_add_one_value_per_scored_answer_and_not_applicable_sends_none(district, session, mini_set):
    from assessments.scores import entry

    assessment = district["assessment"]
    entry.save_answers(session, mini_set, assessment, {"HH2": entry.parse_answer("HH2", "na")},
                       session.merge(district["users"]["admin"]), assessment.version)
    assessment.status, district["f1"].dhis2_org_unit = "validated", "ORG-F1"
    session.add(district["f1"])
    session.commit()
    values = {v.data_element: v.value for v in round_data_values(session, district["round"], True).values}
    answers = {code: value for code, value in values.items() if code.startswith("WASHFIT_IND_")}
    assert answers == {"WASHFIT_IND_W1": "2", "WASHFIT_IND_W2": "1", "WASHFIT_IND_HH1": "0"}


def test_a_facility_without_an_org_unit_is_named_and_sent_nothing(sent_district, session, mini_set):
    from assessments.scores import entry

    f2 = session.merge(sent_district["f2"])
    other = entry.start_assessment(session, mini_set, f2, session.merge(sent_district["round"]),
                                   session.merge(sent_district["users"]["admin"]))
    other.status = "validated"
    session.commit()
    export = round_data_values(session, sent_district["round"])
    assert [f.code for f in export.left_out] == ["F2"] and export.facilities == ("F1",)
    assert {v.org_unit for v in export.values} == {"ORG-F1"}


def test_a_draft_is_not_sent_and_nothing_to_send_is_refused(district, session):
    district["f1"].dhis2_org_unit = "ORG-F1"
    session.add(district["f1"])
    session.commit()
    with pytest.raises(InvalidInput, match="no facility with a submitted or validated assessment"):
        round_data_values(session, district["round"])


def test_a_period_stored_by_hand_that_dhis2_does_not_know_is_refused(sent_district, session):
    sent_district["round"].dhis2_period = "2025Q1"
    session.add(sent_district["round"])
    session.commit()
    with pytest.raises(InvalidInput, match="DHIS2 period 2025Q1"):
        round_data_values(session, sent_district["round"])


def test_the_csv_has_dhis2s_columns_and_the_same_values_as_the_json(sent_district, session):
    export = round_data_values(session, sent_district["round"], indicators=True)
    rows = list(csv.reader(io.StringIO(as_csv(export).decode("utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert all(len(row) == len(CSV_HEADER) for row in rows)
    payload = json.loads(as_json(export))
    from_json = [(v["dataElement"], v["period"], v["orgUnit"], v["value"]) for v in payload["dataValues"]]
    assert [(r[0], r[1], r[2], r[5]) for r in rows[1:]] == from_json


def test_data_element_codes_follow_the_scheme_of_the_set(mini_set):
    codes = [e.code for e in data_elements(mini_set, indicators=True)]
    assert codes == [
        "WASHFIT_W_PCT", "WASHFIT_HH_PCT", "WASHFIT_OVERALL_PCT", "WASHFIT_ESSENTIAL_PCT",
        "WASHFIT_JMP_WATER", "WASHFIT_JMP_HYGIENE",
        *(f"WASHFIT_IND_{i.code}" for i in mini_set.indicators),
    ]


def test_the_seed_sets_codes_and_short_names_fit_dhis2s_limits(seed_set, dhis2_schema):
    metadata = dhis2_metadata(seed_set, "2025", indicators=True)
    dhis2_schema("metadata", metadata)
    codes = [e["code"] for e in metadata["dataElements"]]
    figures = len(seed_set.domains) + 2 + len(seed_set.jmp_rules)  # domains, overall, essential, JMP areas
    assert len(codes) == len(set(codes)) == figures + len(seed_set.indicators)
    assert len({e["shortName"] for e in metadata["dataElements"]}) == len(codes)
    assert len({e["name"] for e in metadata["dataElements"]}) == len(codes)


def _mini_with(old: str, new: str):
    return parse_set_text((DATA / "mini_indicators.yaml").read_text(encoding="utf-8").replace(old, new, 1))


def test_set_codes_that_would_merge_or_outgrow_dhis2s_codes_are_refused():
    merged = _mini_with("code: W3\n", "code: w1\n")  # W1 and w1 both become WASHFIT_IND_W1
    with pytest.raises(InvalidInput, match="WASHFIT_IND_W1"):
        data_elements(merged, indicators=True)
    long = _mini_with("code: HH\n", f"code: {'H' * 40}\n")
    with pytest.raises(InvalidInput, match="longer than DHIS2's 50 characters"):
        data_elements(long, indicators=False)


def test_metadata_links_each_element_to_the_option_set_and_data_set_by_stable_uids(mini_set, dhis2_schema):
    metadata = dhis2_metadata(mini_set, "2025S2")
    dhis2_schema("metadata", metadata)
    assert metadata == dhis2_metadata(mini_set, "2025S2")  # the same uids every time
    (option_set,), (data_set,) = metadata["optionSets"], metadata["dataSets"]
    assert [o["code"] for o in metadata["options"]] == list(JMP_LEVELS)
    assert {o["id"] for o in metadata["options"]} == {o["id"] for o in option_set["options"]}
    jmp = [e for e in metadata["dataElements"] if e["code"].startswith("WASHFIT_JMP_")]
    assert jmp and all(e["optionSet"] == {"id": option_set["id"]} for e in jmp)
    assert data_set["periodType"] == "SixMonthly" and data_set["code"] == "WASHFIT_SIXMONTHLY"
    assert [d["dataElement"]["id"] for d in data_set["dataSetElements"]] == [e["id"] for e in metadata["dataElements"]]
    assert uid_for("dataElement", "WASHFIT_W_PCT") == metadata["dataElements"][0]["id"]
    names = {e["code"]: (e["name"], e["translations"][0]["value"]) for e in metadata["dataElements"]}
    assert names["WASHFIT_W_PCT"] == ("Skor WASH FIT Air (%)", "WASH FIT score Water (%)")


def test_the_schemas_refuse_what_dhis2_would(dhis2_schema):
    good = {"dataValues": [{"dataElement": "WASHFIT_W_PCT", "period": "2025", "orgUnit": "X", "value": "1"}]}
    dhis2_schema("dataValueSet", good)
    for bad in ({"dataValues": [{"dataElement": "WASHFIT_W_PCT", "orgUnit": "X", "value": "1"}]},  # no period
                {"dataValues": [{**good["dataValues"][0], "period": "2025S3"}]},
                {"dataValues": [{**good["dataValues"][0], "value": 1}]},
                {"dataValues": [{**good["dataValues"][0], "orgunit": "X"}]}):
        with pytest.raises(AssertionError):
            dhis2_schema("dataValueSet", bad)


def test_exporting_writes_nothing_to_the_audit_trail(sent_district, session):
    before = session.query(AuditEntry).count()
    round_data_values(session, sent_district["round"], indicators=True)
    assert session.query(AuditEntry).count() == before
