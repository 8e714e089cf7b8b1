"""JMP service levels (advanced, basic, limited, no service) read from indicator scores, criterion by criterion.

The set's ``jmp_rules`` list, for each rung of each service area, the JMP's criteria and the
indicator scores that satisfy each (``scoring.jmp_criteria`` holds the JMP's list). Basic needs
every criterion, limited any one; advanced, where the district defines it, needs all of its own
on top of basic. The Python path (``score_assessment``) and the SQL path
(``assessments.scores.round_scores``) both hand the answers to the JMP indicators to the
functions here, so the rules exist once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from scoring.answers import Score
from scoring.definitions import IndicatorSet, JmpCriterion, JmpRule


class ServiceLevel(Enum):
    """The JMP ladder for health care facilities, top first, plus a rung for missing answers."""

    ADVANCED = "advanced"
    BASIC = "basic"
    LIMITED = "limited"
    NO_SERVICE = "no_service"
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True)
class JmpGap:
    """What keeps a facility from the next rung up in one area: the criteria its answers fail."""

    area: str
    rung: str  # "basic" or "advanced"
    unmet: tuple[JmpCriterion, ...]


# Each judged answer's points, looked up rather than computed by ``Score.points`` on every call.
_POINTS = {Score.MET: 2, Score.PARTIAL: 1, Score.NOT_MET: 0}


def criterion_outcome(criterion: JmpCriterion, answers: Mapping[str, Score]) -> bool | None:
    """Whether the answers satisfy the criterion; None while it cannot be judged.

    One judged indicator outside its accepted scores fails the criterion. Otherwise an
    unanswered indicator, or nothing judged at all (every indicator not applicable), leaves it
    open.
    """
    judged = unanswered = 0
    for code, accepted in criterion.scores:
        score = answers.get(code)
        if score is None:
            unanswered += 1
        elif score is not Score.NOT_APPLICABLE:
            if _POINTS[score] not in accepted:
                return False
            judged += 1
    if unanswered or not judged:
        return None
    return True


def _all(outcomes: Iterable[bool | None]) -> bool | None:
    """True when every outcome holds, False when one fails, else None (three-valued and)."""
    seen = list(outcomes)
    if False in seen:
        return False
    return None if None in seen else True


def _any(outcomes: Iterable[bool | None]) -> bool | None:
    """True when one outcome holds, False when all fail, else None (three-valued or)."""
    seen = list(outcomes)
    if True in seen:
        return True
    return None if None in seen else False


def rule_level(rule: JmpRule, answers: Mapping[str, Score]) -> ServiceLevel:
    """Climb the ladder from basic; a rung that cannot be judged stops the climb.

    Advanced is only claimed when every one of its criteria is known to hold: an unanswered
    advanced indicator leaves a basic facility at basic, never above it.
    """
    basic = _all(criterion_outcome(c, answers) for c in rule.basic)
    if basic is None:
        return ServiceLevel.INSUFFICIENT_DATA
    if basic:
        advanced = bool(rule.advanced) and _all(criterion_outcome(c, answers) for c in rule.advanced)
        return ServiceLevel.ADVANCED if advanced is True else ServiceLevel.BASIC
    limited = _any(criterion_outcome(c, answers) for c in rule.limited)
    if limited is None:
        return ServiceLevel.INSUFFICIENT_DATA
    return ServiceLevel.LIMITED if limited else ServiceLevel.NO_SERVICE


def service_levels(indicator_set: IndicatorSet, answers: Mapping[str, Score]) -> dict[str, ServiceLevel]:
    """The service level of each JMP area the set has rules for."""
    return {rule.area: rule_level(rule, answers) for rule in indicator_set.jmp_rules}


def jmp_gaps(indicator_set: IndicatorSet, answers: Mapping[str, Score]) -> dict[str, JmpGap]:
    """Per area below basic (or at basic where the district defines advanced), the criteria of
    the next rung up that the answers fail. Areas with no failed criterion are left out."""
    gaps: dict[str, JmpGap] = {}
    for rule in indicator_set.jmp_rules:
        level = rule_level(rule, answers)
        if level in (ServiceLevel.LIMITED, ServiceLevel.NO_SERVICE):
            rung, criteria = "basic", rule.basic
        elif level is ServiceLevel.BASIC and rule.advanced:
            rung, criteria = "advanced", rule.advanced
        else:
            continue
        unmet = tuple(c for c in criteria if criterion_outcome(c, answers) is False)
        if unmet:
            gaps[rule.area] = JmpGap(rule.area, rung, unmet)
    return gaps


def jmp_indicator_codes(indicator_set: IndicatorSet) -> tuple[str, ...]:
    """Every indicator a JMP rule reads, sorted: the answers the SQL path fetches."""
    return tuple(sorted({code for rule in indicator_set.jmp_rules for c in rule.criteria for code in c.codes}))
