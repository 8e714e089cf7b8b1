"""Long commands show a progress bar when a person watches the terminal, and stay silent otherwise."""

import pytest
from click.testing import CliRunner

from washfit.cli import main


@pytest.fixture
def watched(monkeypatch):
    """Make the commands believe stderr is a terminal (CliRunner's never is)."""
    monkeypatch.setattr("washfit.cli.common.attached_to_terminal", lambda: True)


@pytest.mark.parametrize("attached", [False, True])
def test_demo_and_backup_show_their_bar_only_on_a_terminal(request, monkeypatch, database_url, tmp_path, attached):
    monkeypatch.setenv("DATABASE_URL", database_url)
    if attached:
        request.getfixturevalue("watched")
    demo = CliRunner().invoke(main, ["demo", "--password", "demo-password-1"])
    backup = CliRunner().invoke(main, ["backup", "-o", str(tmp_path / "b.jsonl.gz")])
    assert demo.exit_code == 0 and backup.exit_code == 0, demo.output + backup.output
    assert ("Demo" in demo.stderr) is attached and ("Cadangan / backup" in backup.stderr) is attached
    assert "demo-admin" in demo.stdout and "Backup written" in backup.stdout  # the report stays on stdout


def test_importing_workbooks_shows_its_bar_on_a_terminal(watched, run_mini_cli, district, tmp_path):
    exported = run_mini_cli("export-template", "--facility", "F1", "-o", str(tmp_path / "f1.xlsx"))
    assert exported.exit_code == 0, exported.output
    imported = run_mini_cli("import", str(tmp_path / "f1.xlsx"), "--user", "assessor")
    assert "Impor / import" in imported.stderr and "imported" in imported.stdout
