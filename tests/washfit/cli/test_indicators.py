"""`washfit indicators` and `washfit score`, on the small test set so every figure is hand-checked."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import DATA
from washfit.cli import main


@pytest.fixture
def run(monkeypatch):
    """Invoke the command line with the mini indicator set configured."""
    monkeypatch.setenv("WASHFIT_INDICATORS", str(DATA / "mini_indicators.yaml"))

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_indicators_lists_every_domain_in_bahasa_indonesia_by_default(run):
    result = run("indicators")
    assert result.exit_code == 0
    assert "W  Air" in result.output and "HH1" in result.output
    assert "Sumber air layak di lokasi  [Esensial]" in result.output


def test_indicators_filters_by_domain_and_flag_in_english(run):
    result = run("indicators", "--domain", "w", "--flag", "essential", "--lang", "en")
    assert result.exit_code == 0
    codes = [line.split()[0] for line in result.output.splitlines() if line.startswith("  ")]
    assert codes == ["W1", "W2"]
    assert "Improved water source on premises  [Essential]" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("--domain", "X"), "unknown domain X"),
    (("--flag", "urgent"), "unknown flag urgent"),
])
def test_indicators_refuses_unknown_filters_with_exit_2(run, args, message):
    result = run("indicators", "--lang", "en", *args)
    assert result.exit_code == 2 and message in result.output


def test_score_yaml_prints_hand_computed_figures(run, tmp_path):
    path = write(tmp_path, "a.yaml", "facility: {code: T1, inpatient: true, delivery: true}\n"
                 "scores: {W1: 2, W2: 1, W3: 0, HH1: 2, HH2: na}\n")
    result = run("score", str(path), "--lang", "en")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line[:2] in ("W ", "HH", "Ov")}
    assert rows["W"][2:] == ["50.0%", "1", "1", "1", "0", "0"]
    assert rows["HH"][-6:] == ["100.0%", "1", "0", "0", "1", "0"]
    assert rows["Overall"][1] == "62.5%"
    assert "Essential indicators fully met: 2 of 3 (66.7%)" in result.output
    assert "Essential indicators not fully met: W2" in result.output
    assert "Water                       limited service" in result.output


def test_score_csv_uses_the_profile_options(run, tmp_path):
    path = write(tmp_path, "a.csv", "code,score,comment\nW1,2,\nW2,2,ok\nW3,0,\nHH1,1,\nHH2,0,\n")
    result = run("score", str(path), "--no-inpatient", "--no-delivery", "--lang", "en")
    assert result.exit_code == 0, result.output
    overall = next(line for line in result.output.splitlines() if line.startswith("Overall"))
    assert overall.split()[1] == "83.3%"


def test_score_prints_bahasa_indonesia_by_default(run, tmp_path):
    path = write(tmp_path, "a.yaml", "scores: {W1: 2}\n")
    result = run("score", str(path))
    assert result.exit_code == 0
    assert "Skor" in result.output and "Air" in result.output


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.yaml", "scores: {W1: ya}\n", "W1: 'ya' is not a score"),
    ("bad.yaml", "scores: {Z7: 2}\n", "unknown indicator code 'Z7'"),
    ("bad.yaml", "scores: [1, 2\n", "not valid YAML"),
    ("bad.yaml", "- W1\n", "expected a mapping with 'scores'"),
    ("bad.yaml", "facility: {inpatient: maybe}\nscores: {W1: 2}\n", "facility.inpatient must be true or false"),
    ("bad.csv", "indicator;nilai\nW1;2\n", "expected a header with the columns code and score"),
    ("bad.csv", "code,score\nW1,2\nW1,1\n", "line 3: indicator W1 answered twice"),
    ("bad.txt", "W1=2", "unknown format .txt"),
])
def test_score_bad_file_gives_one_line_and_exit_2(run, tmp_path, name, text, message):
    result = run("score", str(write(tmp_path, name, text)))
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_score_missing_file_gives_one_line_and_exit_2(run, tmp_path):
    result = run("score", str(tmp_path / "nowhere.yaml"))
    assert result.exit_code == 2 and "cannot read the file" in result.output


def test_broken_indicator_set_gives_one_line_and_exit_2(run, tmp_path, monkeypatch):
    monkeypatch.setenv("WASHFIT_INDICATORS", str(write(tmp_path, "set.yaml", "id: x\n")))
    result = run("indicators")
    assert result.exit_code == 2
    assert result.output.strip().endswith("set.yaml: applicability: is missing")
