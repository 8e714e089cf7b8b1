"""The team's code lists and matrix are data: the shipped file loads, a broken one is refused by place."""

import copy

import pytest
import yaml

from assessments.teams.codes import DEFAULT_PATH, TeamCodesError, parse_team_codes


@pytest.fixture
def shipped():
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def test_the_shipped_matrix_gives_a_level_for_every_likelihood_and_severity(shipped):
    codes = parse_team_codes(shipped, "shipped")
    assert codes.level("likely", "major") == "high"
    assert codes.level("unlikely", "minor") == "low"
    assert len(codes.matrix) == len(codes.likelihood) * len(codes.severity)
    assert {"patients", "mothers", "staff", "carers", "community"} == set(codes.at_risk)


def test_a_matrix_with_a_missing_cell_is_refused_naming_the_row(shipped):
    broken = copy.deepcopy(shipped)
    del broken["matrix"]["likely"]["major"]
    with pytest.raises(TeamCodesError, match=r"matrix\.likely"):
        parse_team_codes(broken, "f.yaml")


def test_a_level_the_priorities_do_not_know_is_refused(shipped):
    broken = copy.deepcopy(shipped)
    broken["matrix"]["likely"]["major"] = "extreme"
    with pytest.raises(TeamCodesError, match=r"matrix\.likely\.major"):
        parse_team_codes(broken, "f.yaml")


def test_a_label_in_one_language_only_is_refused(shipped):
    broken = copy.deepcopy(shipped)
    broken["at_risk"]["staff"] = {"id": "petugas"}
    with pytest.raises(TeamCodesError, match=r"at_risk\.staff"):
        parse_team_codes(broken, "f.yaml")


def test_the_readmes_matrix_is_the_shipped_one(shipped):
    from tests.conftest import ROOT

    codes = parse_team_codes(shipped, "shipped")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| ") and "terjadi*)" in line.split("|")[1]]
    table = {row.split("|")[1].split("(")[0].strip(): [c.strip() for c in row.split("|")[2:5]] for row in rows}
    assert table == {likely: [codes.level(likely, s) for s in codes.severity] for likely in codes.likelihood}
