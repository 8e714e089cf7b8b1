"""`washfit export-dhis2`: the demo's rounds as DHIS2 files, and refusals that write nothing."""

from __future__ import annotations

import csv
import json
import os

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from assessments.models import Facility
from washfit.cli import main

BASELINE = "Baseline 2025 (demo)"


@pytest.fixture
def run(monkeypatch, database_url, demo_district):
    monkeypatch.setenv("DATABASE_URL", database_url)

    def invoke(*args: str):
        return CliRunner().invoke(main, ["export-dhis2", *args])

    return invoke


def test_the_demo_round_as_json_names_every_puskesmas_by_its_org_unit(run, tmp_path, session, dhis2_schema):
    out = tmp_path / "baseline.json"
    result = run("--round", BASELINE, "-o", str(out))
    assert result.exit_code == 0, result.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    dhis2_schema("dataValueSet", payload)
    assert {v["orgUnit"] for v in payload["dataValues"]} == set(session.scalars(select(Facility.dhis2_org_unit)))
    assert "26 fasilitas" in result.stdout and "periode 2025" in result.stdout
    assert "SINTETIS" in result.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # as any new file, not the temporary file's 0600


def test_the_csv_with_indicators_and_the_metadata_match(run, tmp_path, dhis2_schema):
    values, metadata = tmp_path / "follow-up.csv", tmp_path / "metadata.json"
    assert run("--round", "Follow-up 2026 (demo)", "--format", "csv", "--indicators", "-o", str(values)).exit_code == 0
    assert run("--round", "Follow-up 2026 (demo)", "--indicators", "--metadata", "-o", str(metadata)).exit_code == 0
    with values.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    defined = json.loads(metadata.read_text(encoding="utf-8"))
    dhis2_schema("metadata", defined)
    assert {r["dataelement"] for r in rows} <= {e["code"] for e in defined["dataElements"]}
    assert {r["period"] for r in rows} == {"2026S1"} and defined["dataSets"][0]["periodType"] == "SixMonthly"
    assert any(r["dataelement"].startswith("WASHFIT_IND_") for r in rows)


def test_facilities_without_an_org_unit_are_listed_in_bahasa_indonesia_and_left_out(run, tmp_path, session):
    session.execute(update(Facility).where(Facility.code.in_(("KPG01", "KPG02"))).values(dhis2_org_unit=None))
    session.commit()
    out = tmp_path / "baseline.json"
    result = run("--round", BASELINE, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Tidak diekspor, tanpa unit organisasi DHIS2" in result.stderr
    assert "KPG01" in result.stderr and "KPG02" in result.stderr
    org_units = {v["orgUnit"] for v in json.loads(out.read_text(encoding="utf-8"))["dataValues"]}
    assert len(org_units) == 24
    english = run("--round", BASELINE, "--lang", "en", "-o", str(out))
    assert "Left out, without a DHIS2 org unit" in english.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--round", "No such round"), "tidak ada putaran penilaian No such round"),
    (("--round", BASELINE, "--metadata", "--format", "csv"), "metadata hanya berformat JSON"),
])
def test_a_refused_export_says_why_and_leaves_the_file_as_it_was(run, tmp_path, args, message):
    out = tmp_path / "kept.json"
    out.write_text("earlier export", encoding="utf-8")
    result = run(*args, "-o", str(out))
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json"]


def test_no_facility_with_an_org_unit_writes_no_file(run, tmp_path, session):
    session.execute(update(Facility).values(dhis2_org_unit=None))
    session.commit()
    out = tmp_path / "none.json"
    result = run("--round", BASELINE, "-o", str(out))
    assert result.exit_code == 2 and "tidak ada fasilitas" in result.output
    assert not out.exists() and not list(tmp_path.iterdir())


def test_a_period_dhis2_does_not_know_writes_no_file(run, tmp_path, session):
    from assessments.models import AssessmentRound

    session.execute(update(AssessmentRound).where(AssessmentRound.name == BASELINE).values(dhis2_period="2025Q3"))
    session.commit()
    out = tmp_path / "bad.csv"
    result = run("--round", BASELINE, "--format", "csv", "-o", str(out))
    assert result.exit_code == 2 and "Periode DHIS2 2025Q3" in result.output and not out.exists()


def test_a_folder_that_does_not_exist_is_a_one_line_refusal(run, tmp_path):
    result = run("--round", BASELINE, "-o", str(tmp_path / "missing" / "x.json"))
    assert result.exit_code == 2 and "tidak dapat ditulis" in result.output and "Traceback" not in result.output
