"""`washfit init-db`, `create-user` and `demo` against a real database."""

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from assessments.models import Facility, User
from washfit.cli import main


@pytest.fixture
def run(monkeypatch, database_url):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("WASHFIT_INDICATORS", raising=False)

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), input=input)

    return invoke


def test_init_db_is_idempotent(run):
    assert run("init-db").exit_code == 0
    result = run("init-db")
    assert result.exit_code == 0 and "Basis data sudah terbaru (revisi " in result.output


def test_init_db_says_it_created_a_new_database_and_what_it_upgraded_from(monkeypatch, tmp_path):
    from assessments.database import head_revision, make_engine, upgrade_to_head

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite'}")
    monkeypatch.delenv("WASHFIT_INDICATORS", raising=False)
    created = CliRunner().invoke(main, ["init-db"])
    assert created.exit_code == 0, created.output
    assert f"Basis data dibuat pada skema terbaru (revisi {head_revision()})." in created.output
    old = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{old}")
    upgrade_to_head(engine, "0008")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{old}")
    upgraded = CliRunner().invoke(main, ["init-db", "--lang", "en"])
    assert f"Database upgraded from revision 0008 to {head_revision()}." in upgraded.output


def test_set_password_is_the_way_back_into_the_demo(run, session):
    from assessments.accounts.users import authenticate

    assert run("demo").exit_code == 0
    result = run("set-password", "demo-admin", "--password", "a new long password")
    assert result.exit_code == 0 and "Kata sandi demo-admin diganti" in result.output
    assert authenticate(session, "demo-admin", "a new long password") is not None
    again = run("demo", "--if-empty")
    assert "washfit set-password demo-admin" in again.output
    unknown = run("set-password", "nobody", "--password", "a new long password")
    assert unknown.exit_code == 2 and "nobody" in unknown.output


def test_create_user_with_facilities(run, session, make_facility):
    make_facility(code="KPG01")
    result = run("create-user", "ani", "--role", "assessor", "--facility", "KPG01", "--password", "a long password")
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.username == "ani"))
    assert [f.code for f in user.facilities] == ["KPG01"]


@pytest.mark.parametrize(("args", "message"), [
    (("--role", "viewer", "--password", "short"), "at least 10 characters"),
    (("--role", "assessor", "--facility", "NOPE", "--password", "a long password"), "unknown facility code NOPE"),
])
def test_create_user_refusals_are_one_line_with_exit_2(run, args, message):
    result = run("create-user", "budi", *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_demo_loads_once_and_prints_the_logins(run, session):
    first = run("demo", "--password", "demo-password-1")
    assert first.exit_code == 0, first.output
    assert "SYNTHETIC" in first.output and "demo-admin" in first.output and "demo-password-1" in first.output
    assert session.scalar(select(func.count()).select_from(Facility)) == 26
    again = run("demo", "--if-empty")
    assert again.exit_code == 0 and "demo tidak dimuat" in again.output
    refused = run("demo")
    assert refused.exit_code == 2 and "not empty" in refused.output


def test_a_database_without_schema_gets_a_one_line_hint_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    result = CliRunner().invoke(main, ["create-user", "ani", "--role", "viewer", "--password", "a long password"])
    assert result.exit_code == 2
    assert "no such table" in result.output and "washfit init-db" in result.output
    assert "Traceback" not in result.output


def test_serve_production_runs_gunicorn_with_explicit_limits_from_options_or_environment(monkeypatch):
    started = []

    def exec_gunicorn(program, arguments):  # exec never returns
        started.append(arguments)
        raise SystemExit(0)

    monkeypatch.setattr("os.execvp", exec_gunicorn)
    monkeypatch.setenv("WASHFIT_TIMEOUT", "45")
    result = CliRunner().invoke(main, ["serve", "--production", "--workers", "3", "--max-requests", "500"])
    assert result.exit_code == 0, result.output
    [arguments] = started
    options = dict(zip(arguments[1:-1:2], arguments[2:-1:2], strict=True))
    wanted = ("--workers", "--timeout", "--max-requests", "--max-requests-jitter")
    assert [options[name] for name in wanted] == ["3", "45", "500", "50"]
    assert arguments[-1] == "washfit:create_app()"


def test_serve_refuses_a_timeout_that_would_never_end_a_stuck_worker():
    result = CliRunner().invoke(main, ["serve", "--production", "--timeout", "0"])
    assert result.exit_code != 0 and "--timeout" in result.output
