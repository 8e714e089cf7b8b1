"""The team's risk level moves washfit's priority into its band; washfit's sum stays the default."""

import pytest

from scoring.priority import HIGH_FROM, HIGHEST, MEDIUM_FROM, judged_value, risk_level


def test_without_a_team_judgement_the_priority_is_washfits():
    assert judged_value(4, None) == 4


def test_a_team_level_equal_to_washfits_changes_nothing():
    assert judged_value(HIGH_FROM + 1, "high") == HIGH_FROM + 1


@pytest.mark.parametrize("value", range(1, HIGHEST + 1))
@pytest.mark.parametrize("level", ["high", "medium", "low"])
def test_the_judged_value_always_has_the_teams_level(value, level):
    assert risk_level(judged_value(value, level)) == level


def test_a_raised_gap_lands_at_the_bottom_of_the_higher_band_and_a_lowered_one_at_the_top_of_the_lower():
    assert judged_value(1, "high") == HIGH_FROM
    assert judged_value(HIGHEST, "medium") == HIGH_FROM - 1
    assert judged_value(MEDIUM_FROM, "low") == MEDIUM_FROM - 1


def test_a_gap_no_longer_on_record_stays_at_zero():
    assert judged_value(0, "high") == 0


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown risk level"):
        judged_value(3, "urgent")
