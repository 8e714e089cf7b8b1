"""The README's JMP table is the one the set generates, so the two cannot drift."""

import yaml

from scoring import parse_indicator_set
from scripts.jmp_table import END, README, START, readme_table, table, with_table
from tests.conftest import ROOT


def test_jmp_table_readme_equals_what_the_shipped_set_generates(seed_set):
    assert readme_table(README.read_text(encoding="utf-8")) == table(seed_set), (
        "run `python -m scripts.jmp_table --write`"
    )


def test_jmp_table_shows_each_criterion_with_the_scores_that_satisfy_it(seed_set):
    generated = table(seed_set)
    assert '`sanitation.basic.staff_toilet`: at least one toilet dedicated to staff | S4 = 2 ("A marked' in generated
    assert "W14 = 1 or 2" in generated
    assert generated.count("| no service |") == len(seed_set.jmp_rules)


def test_jmp_table_shows_a_district_advanced_rung_first():
    raw = yaml.safe_load((ROOT / "seed_indicators.yaml").read_text(encoding="utf-8"))
    raw["jmp_rules"][0]["advanced"] = {"piped_everywhere": {
        "text": {"id": "Air perpipaan", "en": "Piped water in every room"}, "scores": {"W1": [2]}}}
    rows = table(parse_indicator_set(raw)).splitlines()
    assert rows[2].startswith("| Water | advanced (all of) |") and "Piped water in every room" in rows[2]


def test_jmp_table_written_into_readme_replaces_only_the_table():
    readme = f"intro\n{START}\nold\n{END}\nafter\n"
    written = with_table(readme, "| new |\n")
    assert readme_table(written) == "| new |\n"
    assert written.startswith("intro\n") and written.endswith(f"{END}\nafter\n")
