"""`washfit import-audits`: a de-identified file raises the linked gaps in `washfit budget`; names are refused."""

import datetime as dt

from sqlalchemy import func, select

from assessments.models import DeathAudit

RECENT = dt.date.today()


def _priorities(output):
    return {line.split()[1]: line.split()[2] for line in output.splitlines() if line.startswith("F1 ")}


def test_an_imported_audit_raises_the_linked_gap_in_the_budget(run_mini_cli, planned_district, tmp_path):
    before = run_mini_cli("budget", "--budget", "100000000")
    path = tmp_path / "audits.csv"
    path.write_text("facility,year,month,case_type,place,cause_group,factors\n"
                    f"F1,{RECENT.year},{RECENT.month},neonatal_death,facility,infection,no_running_water\n",
                    encoding="utf-8")
    imported = run_mini_cli("import-audits", str(path), "--user", "amp_sr")
    after = run_mini_cli("budget", "--budget", "100000000")
    assert imported.exit_code == 0 and "imported 1 cases (F1)" in imported.output
    assert _priorities(before.output)["W3"] == "P4" and _priorities(after.output)["W3"] == "P7"


def test_a_file_with_a_name_column_is_refused_with_nothing_stored(run_mini_cli, planned_district, tmp_path, session):
    path = tmp_path / "audits.csv"
    path.write_text("nama,facility,year,month,case_type,place,cause_group\nSiti,F1,2026,1,stillbirth,home,other\n",
                    encoding="utf-8")
    result = run_mini_cli("import-audits", str(path), "--user", "amp_sr")
    assert result.exit_code == 1 and "refused, nothing was stored" in result.output
    assert "column 1: looks like names" in result.output and "Siti" not in result.output
    assert session.scalar(select(func.count()).select_from(DeathAudit)) == 0


def test_a_viewer_may_not_import(run_mini_cli, planned_district, tmp_path):
    path = tmp_path / "audits.csv"
    path.write_text("facility,year,month,case_type,place,cause_group\nF1,2026,1,stillbirth,home,other\n",
                    encoding="utf-8")
    result = run_mini_cli("import-audits", str(path), "--user", "viewer")
    assert result.exit_code == 1 and "AMP-SR" in result.output
