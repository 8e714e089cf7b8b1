"""JMP service levels read from the set's rules."""

import pytest

from scoring import FacilityProfile, score_assessment


@pytest.mark.parametrize(
    ("answers", "water", "hygiene"),
    [
        ({"W1": 2, "W2": 2, "HH1": 2}, "basic", "basic"),
        ({"W1": 2, "W2": 1, "HH1": 1}, "limited", "limited"),
        ({"W1": 1, "W2": 0, "HH1": 0}, "limited", "no_service"),
        ({"W1": 0, "W2": 0, "HH1": 0}, "no_service", "no_service"),
        ({"W1": 2}, "insufficient_data", "insufficient_data"),
        ({"W1": 0}, "no_service", "insufficient_data"),
        ({"W1": 2, "W2": "na", "HH1": "na"}, "basic", "insufficient_data"),
    ],
)
def test_service_level_follows_basic_then_limited_rules(mini_set, answers, water, hygiene):
    result = score_assessment(mini_set, answers, FacilityProfile())
    assert result.jmp == {"water": water, "hygiene": hygiene}
