"""Comparing two rounds of one facility."""

from decimal import Decimal

import pytest

from scoring import Score, compare_assessments, score_assessment


def test_change_per_domain_is_in_percentage_points(mini_set):
    before = score_assessment(mini_set, {"W1": 0, "W2": 1, "W3": 0, "HH1": 2, "HH2": 2})
    after = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": 1, "HH1": 2, "HH2": 1})
    comparison = compare_assessments(before, after)
    water, hygiene = comparison.domains
    assert (water.before, water.after, water.change) == (Decimal("16.7"), Decimal("66.7"), Decimal("50.0"))
    assert hygiene.change == Decimal("-25.0")
    assert comparison.overall.change == Decimal("20.0")


def test_indicator_changes_say_which_way(mini_set):
    before = score_assessment(mini_set, {"W1": 0, "W2": 1, "HH1": 2})
    after = score_assessment(mini_set, {"W1": 2, "W2": 1, "HH1": 1, "HH2": "na"})
    comparison = compare_assessments(before, after)
    by_code = {c.code: c for c in comparison.indicators}
    assert set(by_code) == {"W1", "HH1", "HH2"}
    assert by_code["W1"].direction == "better"
    assert by_code["HH1"].direction == "worse"
    assert by_code["HH2"].direction == "changed" and by_code["HH2"].after is Score.NOT_APPLICABLE
    assert [c.code for c in comparison.improved] == ["W1"]


def test_domain_without_score_in_one_round_has_no_change(mini_set):
    before = score_assessment(mini_set, {"W1": 1})
    after = score_assessment(mini_set, {"W1": 2, "HH1": 2})
    hygiene = compare_assessments(before, after).domains[1]
    assert hygiene.before is None and hygiene.change is None


def test_rounds_scored_with_different_sets_are_refused(mini_set, seed_set):
    with pytest.raises(ValueError, match="cannot compare"):
        compare_assessments(score_assessment(mini_set, {}), score_assessment(seed_set, {}))
