"""JMP service levels (basic, limited, no service) read from indicator scores by the set's rules."""

from __future__ import annotations

from enum import Enum
from typing import Mapping

from scoring.definitions import IndicatorSet, JmpCondition, JmpRule
from scoring.answers import Score


class ServiceLevel(Enum):
    """The JMP ladder for health care facilities, plus a rung for missing answers."""

    BASIC = "basic"
    LIMITED = "limited"
    NO_SERVICE = "no_service"
    INSUFFICIENT_DATA = "insufficient_data"


def condition_holds(condition: JmpCondition, answers: Mapping[str, Score]) -> bool | None:
    """Whether the condition holds; None when none of its indicators could be judged.

    Not-applicable indicators are skipped. An unanswered indicator in an ``all`` rule makes the
    rule undecidable unless another listed indicator already fails it.
    """
    scores = [answers.get(code) for code in condition.codes]
    unanswered = any(s is None for s in scores)
    judged = [s.points for s in scores if s is not None and s.points is not None]
    passing = [p for p in judged if p >= condition.minimum]
    if condition.mode == "any":
        if passing:
            return True
        return None if unanswered or not judged else False
    if len(passing) < len(judged):
        return False
    return None if unanswered or not judged else True


def service_levels(indicator_set: IndicatorSet, answers: Mapping[str, Score]) -> dict[str, ServiceLevel]:
    """The service level of each JMP area the set has rules for."""
    return {rule.area: _level(rule, answers) for rule in indicator_set.jmp_rules}


def _level(rule: JmpRule, answers: Mapping[str, Score]) -> ServiceLevel:
    """Climb the ladder from the top; a rung that cannot be judged stops the climb."""
    for condition, level in ((rule.basic, ServiceLevel.BASIC), (rule.limited, ServiceLevel.LIMITED)):
        holds = condition_holds(condition, answers)
        if holds is None:
            return ServiceLevel.INSUFFICIENT_DATA
        if holds:
            return level
    return ServiceLevel.NO_SERVICE
