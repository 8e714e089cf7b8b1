"""`washfit backup` and `washfit restore` from the command line."""

from click.testing import CliRunner
from sqlalchemy import func, select

from assessments.demo import load_demo
from assessments.models import Response
from tests.conftest import empty_tables
from washfit.cli import main


def test_backup_then_restore_into_an_empty_database(monkeypatch, database_url, engine, session, seed_set, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    load_demo(session, password="demo-password-1")
    session.commit()
    responses = session.scalar(select(func.count()).select_from(Response))
    target = tmp_path / "washfit.jsonl.gz"
    written = CliRunner().invoke(main, ["backup", "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert target.exists() and not (tmp_path / "washfit.jsonl.gz.partial").exists()
    refused = CliRunner().invoke(main, ["restore", str(target)])
    assert refused.exit_code == 2 and "not empty" in refused.output
    empty_tables(engine)
    restored = CliRunner().invoke(main, ["restore", str(target)])
    assert restored.exit_code == 0, restored.output
    assert session.scalar(select(func.count()).select_from(Response)) == responses


def test_restore_of_a_file_that_is_not_a_backup_is_one_line_exit_2(monkeypatch, database_url, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    bogus = tmp_path / "x.gz"
    bogus.write_bytes(b"PK\x03\x04 not a backup")
    result = CliRunner().invoke(main, ["restore", str(bogus)])
    assert result.exit_code == 2 and "not a washfit backup" in result.output
