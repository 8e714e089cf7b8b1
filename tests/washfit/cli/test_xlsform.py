"""`washfit export-xlsform` and `washfit import-submissions` against a real database."""

from sqlalchemy import func, select

from assessments.models import AuditEntry, Response
from tests.assessments.xlsform.submission_files import central_csv, kobo_json, read_form, submission


def exported(run_mini_cli, tmp_path):
    path = tmp_path / "form.xlsx"
    result = run_mini_cli("export-xlsform", "--round", "Baseline 2025", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "Baseline 2025 · mini-test 0.1" in result.output
    return read_form(path.read_bytes())


def sub(form, answers, instance="uuid:1"):
    return submission(form, "F1", answers, instance=instance, submitted="2025-05-03T03:00:00Z",
                      round_name="Baseline 2025", indicator_set="mini-test 0.1")


def test_export_then_import_then_import_again(run_mini_cli, district, tmp_path, session):
    form = exported(run_mini_cli, tmp_path)
    path = tmp_path / "kobo.json"
    path.write_bytes(kobo_json(form, [sub(form, {"w_1": "not_met", "hh_1": "met"})]))
    result = run_mini_cli("import-submissions", str(path), "--round", "Baseline 2025", "--user", "assessor")
    assert result.exit_code == 0, result.output
    assert "1 kiriman diimpor, 2 jawaban berubah" in result.output
    session.expire_all()
    scores = dict(session.execute(select(Response.indicator_code, Response.score)).tuples().all())
    assert scores == {"W1": 0, "W2": 1, "HH1": 2}
    again = run_mini_cli("import-submissions", str(path), "--round", "Baseline 2025", "--user", "assessor")
    assert again.exit_code == 0 and "uuid:1 sudah diimpor" in again.output


def test_a_refused_file_exits_1_names_row_and_column_and_writes_nothing(run_mini_cli, district, tmp_path, session):
    form = exported(run_mini_cli, tmp_path)
    path = tmp_path / "central.csv"
    path.write_bytes(central_csv(form, [sub(form, {"w_1": "met"}), sub(form, {"w_2": "ya"}, instance="uuid:2")]))
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    result = run_mini_cli("import-submissions", str(path), "--round", "Baseline 2025", "--user", "assessor")
    assert result.exit_code == 1
    assert "ditolak, tidak ada yang disimpan" in result.output
    assert 'baris 3, kolom d_w-w_2: "ya" bukan pilihan yang dikenal' in result.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == before
    english = run_mini_cli("import-submissions", str(path), "--round", "Baseline 2025", "--user", "assessor",
                           "--lang", "en")
    assert 'row 3, column d_w-w_2: "ya" is not a known choice' in english.output


def test_an_unknown_round_or_user_is_one_line(run_mini_cli, district, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n")
    result = run_mini_cli("import-submissions", str(path), "--round", "Nope", "--user", "assessor")
    assert result.exit_code == 2 and "no assessment round Nope" in result.output and "Traceback" not in result.output
