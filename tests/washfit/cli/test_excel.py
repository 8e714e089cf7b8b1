"""`washfit export-template`, `import` and `export-summary` against a real database."""

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessments.models import Response
from tests.assessments.excel.workbook_files import filled, zip_bomb


def test_export_one_facility_to_a_file(run_mini_cli, district, tmp_path):
    result = run_mini_cli("export-template", "--facility", "F1", "-o", str(tmp_path / "f1.xlsx"))
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "f1.xlsx")["Air"]["D5"].value == "Memenuhi"


def test_export_every_facility_of_the_latest_round_to_a_folder(run_mini_cli, district, tmp_path):
    result = run_mini_cli("export-template", "-o", str(tmp_path / "forms"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "forms").iterdir()) == [
        "washfit-F1-Baseline-2025.xlsx", "washfit-F2-Baseline-2025.xlsx"]


@pytest.mark.parametrize(("args", "message"), [
    (("--round", "Nope"), "no assessment round Nope"),
    (("--facility", "ZZ"), "unknown facility code ZZ"),
])
def test_export_refusals_are_one_line(run_mini_cli, district, tmp_path, args, message):
    result = run_mini_cli("export-template", *args, "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_round_trip_through_the_command_line(run_mini_cli, district, tmp_path, session):
    run_mini_cli("export-template", "--facility", "F1", "-o", str(tmp_path / "f1.xlsx"))
    (tmp_path / "f1.xlsx").write_bytes(
        filled((tmp_path / "f1.xlsx").read_bytes(), {"Air!D5": "Tidak memenuhi", "Air!E5": "kering"}))
    result = run_mini_cli("import", "--user", "assessor", str(tmp_path / "f1.xlsx"))
    assert result.exit_code == 0, result.output
    assert "imported (F1, Baseline 2025), 1 answers changed" in result.output
    assert session.scalar(select(Response.comment).where(Response.indicator_code == "W1")) == "kering"
    again = run_mini_cli("import", "--user", "assessor", str(tmp_path / "f1.xlsx"))
    assert again.exit_code == 0 and "0 answers changed" in again.output


def test_a_refused_file_exits_non_zero_and_lists_its_problems_while_good_files_are_kept(
    run_mini_cli, district, tmp_path, session
):
    run_mini_cli("export-template", "--facility", "F1", "-o", str(tmp_path / "good.xlsx"))
    exported = (tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "good.xlsx").write_bytes(filled(exported, {"Air!D6": "Memenuhi"}))
    (tmp_path / "bad.xlsx").write_bytes(filled(exported, {"Air!D5": "ya", "Air!D7": "=1"}))
    (tmp_path / "bomb.xlsx").write_bytes(zip_bomb(40 * 2**20))
    files = (str(tmp_path / n) for n in ("bad.xlsx", "good.xlsx", "bomb.xlsx"))
    result = run_mini_cli("import", "--user", "assessor", *files)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bad.xlsx: refused, nothing was saved" in result.output
    assert 'Air!D5: "ya" is not a score' in result.output and "Air!D7: a formula is not accepted here" in result.output
    assert "(a zip bomb?)" in result.output
    session.expire_all()
    scores = {r.indicator_code: r.score for r in session.scalars(select(Response))}
    assert scores == {"W1": 2, "W2": 2, "HH1": 0}


def test_import_needs_a_known_user(run_mini_cli, district, tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"x")
    result = run_mini_cli("import", "--user", "nobody", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "no active user nobody" in result.output


def test_export_summary_writes_the_latest_round(run_mini_cli, district, tmp_path):
    result = run_mini_cli("export-summary", "-o", str(tmp_path / "summary.xlsx"))
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "summary.xlsx")
    assert book.sheetnames[0] == "Tentang" and book["Skor"]["A2"].value == "F1"


def test_import_of_an_old_workbook_names_the_answers_changed_since_and_overwrites_only_when_told(
        run_mini_cli, district, tmp_path, session, mini_set):
    from assessments.scores import entry
    from scoring import Score

    run_mini_cli("export-template", "--facility", "F1", "-o", str(tmp_path / "f1.xlsx"))
    assessment = session.merge(district["assessment"])
    entry.save_answers(session, mini_set, assessment, {"W1": entry.Answer(Score.PARTIAL)},
                       session.merge(district["users"]["admin"]), assessment.version)
    session.commit()
    (tmp_path / "f1.xlsx").write_bytes(filled((tmp_path / "f1.xlsx").read_bytes(), {"Air!D5": "Tidak memenuhi"}))
    refused = run_mini_cli("import", "--user", "assessor", str(tmp_path / "f1.xlsx"))
    assert refused.exit_code == 1
    assert ("Air!D5: W1 was changed in washfit after this workbook was downloaded: the workbook has Tidak memenuhi, "
            "washfit has Memenuhi sebagian") in refused.output and "--overwrite-changed" in refused.output
    session.expire_all()
    assert session.scalar(select(Response.score).where(Response.indicator_code == "W1")) == 1
    forced = run_mini_cli("import", "--user", "assessor", "--overwrite-changed", str(tmp_path / "f1.xlsx"))
    assert forced.exit_code == 0, forced.output
    session.expire_all()
    assert session.scalar(select(Response.score).where(Response.indicator_code == "W1")) == 0
