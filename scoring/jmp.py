"""JMP service levels (basic, limited, no service) read from indicator scores by the set's rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from scoring.answers import Score
from scoring.definitions import IndicatorSet, JmpCondition, JmpRule


class ServiceLevel(Enum):
    """The JMP ladder for health care facilities, plus a rung for missing answers."""

    BASIC = "basic"
    LIMITED = "limited"
    NO_SERVICE = "no_service"
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True)
class ConditionCounts:
    """What a condition reads: of its indicators, how many pass, were judged, are unanswered.

    Counting is the only step that differs between scoring one assessment in Python and scoring
    a whole round in SQL; both hand their counts to the same rules below.
    """

    passing: int
    judged: int
    unanswered: int


def count_condition(condition: JmpCondition, answers: Mapping[str, Score]) -> ConditionCounts:
    """Count a condition's indicators in one assessment's answers (not applicable is skipped)."""
    scores = [answers.get(code) for code in condition.codes]
    judged = [s.points for s in scores if s is not None and s.points is not None]
    return ConditionCounts(
        passing=sum(1 for p in judged if p >= condition.minimum),
        judged=len(judged),
        unanswered=sum(1 for s in scores if s is None),
    )


def condition_outcome(mode: str, counts: ConditionCounts) -> bool | None:
    """Whether the condition holds; None when it cannot be judged yet.

    An ``any`` condition holds as soon as one indicator passes; an ``all`` condition fails as
    soon as one judged indicator falls short. Otherwise an unanswered indicator, or nothing
    judged at all, leaves the outcome open.
    """
    if mode == "any" and counts.passing:
        return True
    if mode == "all" and counts.passing < counts.judged:
        return False
    if counts.unanswered or not counts.judged:
        return None
    return mode == "all"


def service_levels(indicator_set: IndicatorSet, answers: Mapping[str, Score]) -> dict[str, ServiceLevel]:
    """The service level of each JMP area the set has rules for."""
    return service_levels_from_counts(indicator_set, jmp_counts(indicator_set, answers))


def jmp_counts(indicator_set: IndicatorSet, answers: Mapping[str, Score]) -> dict[tuple[str, str], ConditionCounts]:
    """Every rule's conditions counted over one assessment's answers."""
    return {(rule.area, rung): count_condition(getattr(rule, rung), answers)
            for rule in indicator_set.jmp_rules for rung in RUNGS}


def service_levels_from_counts(
    indicator_set: IndicatorSet, counts: Mapping[tuple[str, str], ConditionCounts]
) -> dict[str, ServiceLevel]:
    """The service levels from counts keyed by (area, "basic" or "limited")."""
    return {rule.area: _level(rule, counts) for rule in indicator_set.jmp_rules}


RUNGS = ("basic", "limited")


def _level(rule: JmpRule, counts: Mapping[tuple[str, str], ConditionCounts]) -> ServiceLevel:
    """Climb the ladder from the top; a rung that cannot be judged stops the climb."""
    for rung, level in zip(RUNGS, (ServiceLevel.BASIC, ServiceLevel.LIMITED), strict=True):
        holds = condition_outcome(getattr(rule, rung).mode, counts[(rule.area, rung)])
        if holds is None:
            return ServiceLevel.INSUFFICIENT_DATA
        if holds:
            return level
    return ServiceLevel.NO_SERVICE
