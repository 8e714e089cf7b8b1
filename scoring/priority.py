"""The priority of an improvement action: WASH FIT's risk-assessment step as a transparent sum.

The guide asks the team to rank each gap by how likely and how severe the harm is. washfit
makes that a sum of points that anybody can redo by hand (the README's "Priorities" section):

- **gap**: not met 2 points, partially met 1 point;
- **essential**: +5, more than every other point together (2 + 2 + 1), so an essential
  gap always outranks a non-essential one;
- **delivery room**: +2 for a ``maternal`` indicator at a facility with delivery services
  (mothers and newborns are the most exposed patients of a puskesmas);
- **climate**: +1 for a ``climate`` indicator;
- **audit evidence**: +3 when the facility's maternal and perinatal death audits (AMP-SR)
  named, within the window, an avoidable factor linked to the indicator (``death_audit_codes.yaml``).
  A death audit is the strongest evidence of harm a district has, so this may lift a
  non-essential gap above an essential one; without audit evidence every essential gap still
  outranks every non-essential one.

An action a puskesmas head adds themselves has no gap to read and gets the lowest priority, 1.
A drafted action whose source assessment no longer records a gap for its indicator (the
assessment was reopened and corrected) gets 0 until the plan is re-drafted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scoring.definitions import FacilityProfile, Indicator

GAP_POINTS = {0: 2, 1: 1}
ESSENTIAL_POINTS = 5
DELIVERY_POINTS = 2
CLIMATE_POINTS = 1
AUDIT_POINTS = 3
CUSTOM_PRIORITY = 1
HIGHEST = max(GAP_POINTS.values()) + ESSENTIAL_POINTS + DELIVERY_POINTS + CLIMATE_POINTS + AUDIT_POINTS

# Every reason code a priority may give, in the order they are shown ("essential · delivery room ·
# not met"); ``assessments.i18n.labels.PRIORITY_REASON`` gives their words.
REASON_CODES = ("audit", "essential", "delivery_room", "climate", "not_met", "partially_met", "custom", "no_gap")
_GAP_REASON = {0: "not_met", 1: "partially_met"}

# WASH FIT's risk levels read from the priority: every essential gap is high.
HIGH_FROM = GAP_POINTS[1] + ESSENTIAL_POINTS
MEDIUM_FROM = 3
RISK_LEVELS = ("high", "medium", "low")


@dataclass(frozen=True)
class Priority:
    """A priority (higher is more urgent) with the reason codes that add up to it.

    ``audit_factors`` names the avoidable factors behind the ``audit`` reason, for its words.
    """

    value: int
    reasons: tuple[str, ...]
    audit_factors: tuple[str, ...] = ()

    @property
    def level(self) -> str:
        """``high``, ``medium`` or ``low``, as in the guide's risk assessment."""
        return risk_level(self.value)


def risk_level(value: int) -> str:
    """The risk level of a priority value."""
    if value >= HIGH_FROM:
        return "high"
    return "medium" if value >= MEDIUM_FROM else "low"


def gap_priority(
    indicator: Indicator, score: int, profile: FacilityProfile, audit_factors: Iterable[str] = ()
) -> Priority:
    """The priority of closing ``indicator``'s gap, scored ``score`` (0 or 1), at a facility.

    ``audit_factors`` are the codes of the avoidable factors linked to ``indicator`` that the
    facility's death audits named within the window (the caller looks them up; none by default).

    :raises ValueError: for a score that is not a gap (2, or anything but 0 and 1).
    """
    if score not in GAP_POINTS:
        raise ValueError(f"{indicator.code}: score {score!r} is not a gap (use 0 or 1)")
    value = GAP_POINTS[score]
    reasons: list[str] = []
    factors = tuple(sorted(set(audit_factors)))
    if factors:
        value += AUDIT_POINTS
        reasons.append("audit")
    if indicator.essential:
        value += ESSENTIAL_POINTS
        reasons.append("essential")
    if "maternal" in indicator.flags and profile.delivery:
        value += DELIVERY_POINTS
        reasons.append("delivery_room")
    if "climate" in indicator.flags:
        value += CLIMATE_POINTS
        reasons.append("climate")
    reasons.append(_GAP_REASON[score])
    return Priority(value, tuple(reasons), factors)


def custom_priority() -> Priority:
    """The priority of an action a puskesmas head added, with no indicator behind it."""
    return Priority(CUSTOM_PRIORITY, ("custom",))


def no_gap_priority() -> Priority:
    """The priority of a drafted action whose source assessment no longer shows a gap."""
    return Priority(0, ("no_gap",))


# The band of priority values each risk level covers, for ``judged_value``.
_LEVEL_BANDS = {"high": (HIGH_FROM, HIGHEST), "medium": (MEDIUM_FROM, HIGH_FROM - 1), "low": (1, MEDIUM_FROM - 1)}


def judged_value(value: int, team_level: str | None) -> int:
    """The priority an action is ordered and budgeted by: washfit's, moved into the team's level.

    washfit's sum stays the suggestion: without a team judgement, or where the team gives the
    level the sum already has, the value is the sum. Where the team's risk assessment (step 3)
    gives another level, the value is brought to the nearest value of that level's band, so
    every reader that orders by priority (plan, budget, exports) follows the team, and within a
    level washfit's sum still decides. A gap that no longer exists (0) stays 0.

    :raises ValueError: for a level that is not high, medium or low.
    """
    if team_level is None or value <= 0:
        return value
    if team_level not in _LEVEL_BANDS:
        raise ValueError(f"unknown risk level {team_level!r} (use {', '.join(RISK_LEVELS)})")
    low, high = _LEVEL_BANDS[team_level]
    return max(low, min(high, value))
