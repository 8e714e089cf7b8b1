"""The four answers an indicator can take, and strict parsing of what people type for them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from scoring.definitions import IndicatorSet
from scoring.errors import InvalidScoreError


class Score(Enum):
    """The four answers an indicator can receive."""

    NOT_MET = 0
    PARTIAL = 1
    MET = 2
    NOT_APPLICABLE = "na"

    @property
    def points(self) -> int | None:
        """The points the answer scores, or None when it does not count."""
        return None if self is Score.NOT_APPLICABLE else int(self.value)


_WORDS = {"na": Score.NOT_APPLICABLE, "n/a": Score.NOT_APPLICABLE}


def parse_score(value: object, code: str | None = None) -> Score:
    """Turn 0, 1, 2 or "na" (also as text) into a ``Score``; anything else raises."""
    if isinstance(value, Score):
        return value
    if isinstance(value, bool):
        raise InvalidScoreError(value, code)
    if isinstance(value, int) and value in (0, 1, 2):
        return Score(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("0", "1", "2"):
            return Score(int(word))
        if word in _WORDS:
            return _WORDS[word]
    raise InvalidScoreError(value, code)


def validate_answers(indicator_set: IndicatorSet, answers: Mapping[str, object]) -> dict[str, Score]:
    """Check every code and value; return the answers as ``Score`` by code."""
    checked: dict[str, Score] = {}
    for code, value in answers.items():
        indicator_set.indicator(code)
        checked[code] = parse_score(value, code)
    return checked
