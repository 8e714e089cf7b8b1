"""The files in examples/ score to the figures README.md computes by hand."""

from click.testing import CliRunner

from tests.conftest import ROOT
from washfit.cli import main


def scores(*args: str) -> dict[str, str]:
    result = CliRunner().invoke(main, ["score", *args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    table = {}
    for line in result.output.splitlines():
        words = line.split()
        if words and (words[0] == "Overall" or ((len(words) > 6 and words[-6].endswith("%")) or "—" in words)):
            table[words[0]] = next(w for w in words if w.endswith("%") or w == "—")
    return table | {"output": result.output}


def test_full_example_matches_the_readme():
    table = scores(str(ROOT / "examples" / "puskesmas-contoh.yaml"))
    assert {k: table[k] for k in ("W", "S", "HCWM", "HH", "EC", "EBF", "M", "Overall")} == {
        "W": "72.7%", "S": "72.2%", "HCWM": "66.7%", "HH": "50.0%", "EC": "31.3%",
        "EBF": "72.2%", "M": "60.0%", "Overall": "61.9%",
    }
    assert "Essential indicators fully met: 9 of 29 (31.0%)" in table["output"]


def test_partial_example_matches_the_readme():
    table = scores(str(ROOT / "examples" / "puskesmas-sebagian.csv"), "--no-inpatient")
    assert {k: table[k] for k in ("W", "S", "HCWM", "HH", "Overall")} == {
        "W": "71.4%", "S": "64.3%", "HCWM": "70.0%", "HH": "—", "Overall": "68.4%",
    }
    assert "Essential indicators fully met: 6 of 12 (50.0%)" in table["output"]
    assert "insufficient data" in table["output"]
