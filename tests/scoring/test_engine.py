"""Scoring arithmetic against figures computed by hand from tests/data/mini_indicators.yaml."""

from decimal import Decimal

import pytest

from scoring import FacilityProfile, InvalidScoreError, Score, UnknownIndicatorError, score_assessment
from scoring.engine import percent

FULL = FacilityProfile(inpatient=True, delivery=True)
OUTPATIENT = FacilityProfile(inpatient=False, delivery=False)


def test_domain_percentage_is_points_over_twice_the_applicable_answered(mini_set):
    result = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": 0, "HH1": 2, "HH2": "na"}, FULL)
    water = result.domain("W")
    assert (water.tally.points, water.tally.maximum) == (3, 6)
    assert water.percent == Decimal("50.0")
    assert (water.tally.met, water.tally.partial, water.tally.not_met) == (1, 1, 1)


def test_not_applicable_leaves_the_denominator(mini_set):
    result = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": 0, "HH1": 2, "HH2": "na"}, FULL)
    hygiene = result.domain("HH")
    assert (hygiene.tally.points, hygiene.tally.maximum, hygiene.tally.not_applicable) == (2, 2, 1)
    assert hygiene.percent == Decimal("100.0")


def test_overall_pools_every_domain_not_the_mean_of_domain_percentages(mini_set):
    result = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": 0, "HH1": 2, "HH2": "na"}, FULL)
    assert (result.overall.points, result.overall.maximum) == (5, 8)
    assert result.overall.percent == Decimal("62.5")  # the mean of 50 and 100 would be 75


def test_indicators_outside_the_facility_profile_count_as_not_applicable(mini_set):
    result = score_assessment(mini_set, {"W1": 2, "W2": 2, "W3": 0, "HH1": 1, "HH2": 0}, OUTPATIENT)
    assert result.domain("W").percent == Decimal("100.0")
    assert result.domain("HH").percent == Decimal("50.0")
    assert result.overall.percent == Decimal("83.3")
    assert result.answers["W3"] is Score.NOT_APPLICABLE


def test_partly_answered_assessment_is_scored_over_what_was_answered(mini_set):
    result = score_assessment(mini_set, {"W1": 1}, FULL)
    water, hygiene = result.domain("W"), result.domain("HH")
    assert water.percent == Decimal("50.0") and water.tally.unanswered == 2
    assert hygiene.percent is None and hygiene.tally.unanswered == 2
    assert result.overall.percent == Decimal("50.0")


def test_all_not_applicable_domain_has_no_percentage_rather_than_zero(mini_set):
    result = score_assessment(mini_set, {"W1": "na", "W2": "NA", "W3": "na", "HH1": 0}, FULL)
    assert result.domain("W").percent is None
    assert result.domain("W").tally.not_applicable == 3
    assert result.overall.percent == Decimal("0.0")


def test_essential_compliance_counts_fully_met_among_assessed(mini_set):
    result = score_assessment(mini_set, {"W1": 2, "W2": 1, "HH1": 2}, FULL)
    assert (result.essential.met, result.essential.assessed) == (2, 3)
    assert result.essential.percent == Decimal("66.7")
    assert result.essential.unmet == ("W2",)


def test_essential_compliance_lists_unanswered_essentials(mini_set):
    result = score_assessment(mini_set, {"W1": 1}, FULL)
    assert result.essential.unanswered == ("W2", "HH1")
    assert result.essential.percent == Decimal("0.0")


@pytest.mark.parametrize(
    ("points", "maximum", "expected"),
    [(1, 3, "33.3"), (2, 3, "66.7"), (1, 16, "6.3"), (3, 16, "18.8"), (0, 4, "0.0"), (4, 4, "100.0")],
)
def test_percent_rounds_half_up_to_one_decimal(points, maximum, expected):
    assert percent(points, maximum) == Decimal(expected)


def test_percent_of_nothing_is_none():
    assert percent(0, 0) is None


@pytest.mark.parametrize("bad", [3, -1, "ya", "", 1.5, True, None, "2.0"])
def test_score_outside_the_four_answers_raises_naming_indicator_and_value(mini_set, bad):
    with pytest.raises(InvalidScoreError) as raised:
        score_assessment(mini_set, {"W1": bad}, FULL)
    assert "W1" in str(raised.value) and repr(bad) in str(raised.value)


def test_unknown_indicator_code_raises_naming_it(mini_set):
    with pytest.raises(UnknownIndicatorError, match="'X9'"):
        score_assessment(mini_set, {"X9": 2}, FULL)


def test_scores_given_as_text_are_accepted(mini_set):
    result = score_assessment(mini_set, {"W1": "2", "W2": " 1 ", "HH1": "n/a"}, FULL)
    assert result.answers["W2"] is Score.PARTIAL and result.answers["HH1"] is Score.NOT_APPLICABLE


def test_every_indicator_met_scores_the_maximum_on_the_shipped_set(seed_set):
    result = score_assessment(seed_set, {i.code: 2 for i in seed_set.indicators})
    assert result.overall.percent == Decimal("100.0")
    assert all(d.percent == Decimal("100.0") for d in result.domains)
    assert set(result.jmp.values()) == {"basic"}


def test_every_indicator_not_met_has_no_service_on_the_shipped_set(seed_set):
    result = score_assessment(seed_set, {i.code: 0 for i in seed_set.indicators})
    assert result.overall.percent == Decimal("0.0")
    assert set(result.jmp.values()) == {"no_service"}
