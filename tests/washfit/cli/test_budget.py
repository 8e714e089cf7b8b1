"""`washfit budget` and `washfit draft-plans` against a real database."""

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from assessments.models import PlanAction
from tests.conftest import DATA
from washfit.cli import main


@pytest.fixture
def run(monkeypatch, database_url):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("WASHFIT_INDICATORS", str(DATA / "mini_indicators.yaml"))

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_budget_prints_the_funded_actions_and_the_total_last(run, planned_district):
    result = run("budget", "--budget", "6000000")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "Total: Rp 5.500.000 of Rp 6.000.000"
    funded = [line.split()[1] for line in lines if line.startswith("F1 ")]
    assert funded == ["HH1", "W2"]


def test_budget_takes_thousands_dots_a_cap_and_a_round(run, planned_district):
    result = run("budget", "--budget", "100.000.000", "--cap-per-facility", "5.500.000", "--round", "Baseline 2025")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "Total: Rp 5.500.000 of Rp 100.000.000"


@pytest.mark.parametrize(("args", "message"), [
    (("--budget", "1,5"), "not a whole number of rupiah"),
    (("--budget", "-1"), "not a whole number of rupiah"),
    (("--budget", "1000", "--round", "Nope"), "no assessment round Nope"),
])
def test_budget_refusals_are_one_line_with_exit_2(run, planned_district, args, message):
    result = run("budget", *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_the_funded_total_never_exceeds_the_budget(run, planned_district):
    for budget in (0, 499_999, 500_000, 5_000_000, 11_999_999, 12_000_000, 50_000_000):
        last = run("budget", "--budget", str(budget)).output.strip().splitlines()[-1]
        total = int(re.match(r"Total: Rp ([\d.]+) of", last).group(1).replace(".", ""))
        assert total <= budget


def test_draft_plans_drafts_every_facility_with_a_submitted_assessment(run, session, planned_district):
    session.execute(PlanAction.__table__.delete())
    session.commit()
    result = run("draft-plans")
    assert result.exit_code == 0, result.output
    assert "F1: 3 added" in result.output and "1 plans drafted" in result.output
    assert session.scalar(select(func.count()).select_from(PlanAction)) == 3


def test_budget_sourced_only_leaves_out_actions_resting_on_estimates(run, planned_district):
    result = run("budget", "--budget", "100000000", "--sourced-only")
    assert result.exit_code == 0, result.output
    assert "2 tindakan terbuka tidak diikutkan" in result.output
    assert [line.split()[1] for line in result.output.splitlines() if line.startswith("F1 ")] == ["HH1"]
    assert result.output.strip().splitlines()[-1] == "Total: Rp 500.000 of Rp 100.000.000"
