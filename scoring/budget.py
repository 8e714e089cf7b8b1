"""What a budget buys first: the actions with the most risk reduction that fit within it.

Each candidate action has a cost in whole rupiah and a value (its priority). ``choose_actions``
picks the set with the largest total value whose cost fits the budget and, when a cap is given,
whose cost per facility fits the cap: a 0/1 knapsack, with groups when there is a cap.

**Exact method.** Dynamic programming over *value* rather than cost: priorities are small
integers (at most ``scoring.priority.HIGHEST``), so the table of "least cost that reaches a total
value of t" has at most Σ values entries, however large the rupiah amounts are. Without a cap
every action is a step of the table; with a cap each facility is first solved on its own (the
least cost of each value it can reach within the cap, dominated points dropped) and the table
then takes at most one point per facility. Among selections of equal value, the cheapest wins.

**Size limit and fallback.** The work is (number of steps) × (Σ values) table cells, where the
steps are the affordable actions and, under a cap, also the facilities' points. Up to
``EXACT_WORK_LIMIT`` cells (20 million: about 2,000 open actions of mean priority 5, several
times a district of 26 puskesmas; a few seconds) the answer is exact. Beyond it the greedy
fallback takes actions by value per rupiah, highest first (free actions first), whenever they
still fit the budget and their facility's cap, and keeps the better of that and the single most
valuable action that fits; without a cap this is at least half the optimum.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cmp_to_key
from operator import lt

EXACT_WORK_LIMIT = 20_000_000


@dataclass(frozen=True)
class Candidate:
    """An action that could be funded: its key, cost (rupiah), value (priority) and facility."""

    key: Hashable
    cost: int
    value: int
    group: Hashable = None


@dataclass(frozen=True)
class Selection:
    """The funded keys (in the candidates' order), their total cost and value, and the method."""

    funded: tuple[Hashable, ...]
    cost: int
    value: int
    method: str  # "exact" or "greedy"


@dataclass(frozen=True)
class _Point:
    """A reachable (value, cost) of one group, with the candidates that reach it."""

    value: int
    cost: int
    members: tuple[Candidate, ...]


def choose_actions(
    candidates: Sequence[Candidate],
    budget: int,
    cap_per_group: int | None = None,
    *,
    exact_limit: int = EXACT_WORK_LIMIT,
) -> Selection:
    """The most valuable selection whose cost fits ``budget`` (and ``cap_per_group`` per group).

    :raises ValueError: for a negative budget, cap, cost or value.
    """
    _check(candidates, budget, cap_per_group)
    limit = budget if cap_per_group is None else min(budget, cap_per_group)
    affordable = [c for c in candidates if c.cost <= limit]
    total_value = sum(c.value for c in affordable)
    frontiers = None
    if len(affordable) * total_value <= exact_limit:
        frontiers = [_frontier(members, limit) for members in _groups(affordable, cap_per_group)]
        if sum(len(f) for f in frontiers) * total_value > exact_limit:
            frontiers = None
    if frontiers is None:
        chosen = _greedy(affordable, budget, cap_per_group)
        method = "greedy"
    else:
        chosen = _combine(frontiers, budget)
        method = "exact"
    keys = {id(c) for c in chosen}
    funded = [c for c in candidates if id(c) in keys]
    return Selection(tuple(c.key for c in funded), sum(c.cost for c in funded), sum(c.value for c in funded), method)


def _check(candidates: Sequence[Candidate], budget: int, cap: int | None) -> None:
    if budget < 0 or (cap is not None and cap < 0):
        raise ValueError("the budget and the cap cannot be negative")
    for c in candidates:
        if c.cost < 0 or c.value < 0:
            raise ValueError(f"candidate {c.key!r}: cost and value cannot be negative")


def _groups(candidates: list[Candidate], cap: int | None) -> list[list[Candidate]]:
    """One group per facility under a cap; without one, every candidate stands alone."""
    if cap is None:
        return [[c] for c in candidates]
    grouped: dict[Hashable, list[Candidate]] = {}
    for c in candidates:
        grouped.setdefault(c.group, []).append(c)
    return list(grouped.values())


def _frontier(members: list[Candidate], limit: int) -> list[_Point]:
    """Every value the group reaches within ``limit`` at its least cost, dominated points dropped.

    The point of value 0 (fund nothing here) is implied and not listed.
    """
    if len(members) == 1:
        only = members[0]
        return [_Point(only.value, only.cost, (only,))] if only.value else []
    best, decisions = _least_costs(members, limit)
    points: list[_Point] = []
    cheapest_above = limit + 1
    for value in range(len(best) - 1, 0, -1):
        if best[value] < cheapest_above:  # cheaper than every higher value: not dominated
            cheapest_above = best[value]
            points.append(_Point(value, best[value], _trace(members, decisions, value)))
    return points[::-1]


def _least_costs(members: list[Candidate], limit: int) -> tuple[list[int], list[bytes]]:
    """Least cost of each total value (``limit + 1`` = out of reach) and each step's choices."""
    unreachable = limit + 1
    best = [0] + [unreachable] * sum(m.value for m in members)
    decisions = []
    for m in members:
        head = best[: len(best) - m.value]
        tail = best[m.value:]
        taking = [b + m.cost for b in head]
        decisions.append(bytes(map(lt, taking, tail)))
        best[m.value:] = map(min, taking, tail)
    return best, decisions


def _trace(members: list[Candidate], decisions: list[bytes], value: int) -> tuple[Candidate, ...]:
    chosen = []
    for m, taken in zip(reversed(members), reversed(decisions), strict=True):
        if value >= m.value and taken[value - m.value]:
            chosen.append(m)
            value -= m.value
    return tuple(chosen)


def _combine(frontiers: list[list[_Point]], budget: int) -> list[Candidate]:
    """At most one point per group, the most value within ``budget``, least cost among equals."""
    unreachable = budget + 1
    best = [0]
    choices: list[array[int]] = []
    for points in frontiers:
        grown = best + [unreachable] * (points[-1].value if points else 0)
        choice = array("H", bytes(2 * len(grown)))
        for index, point in enumerate(points, start=1):
            end = point.value + len(best)
            current = grown[point.value:end]
            taking = [b + point.cost for b in best]
            better = list(map(lt, taking, current))
            grown[point.value:end] = map(min, taking, current)
            kept = choice[point.value:end]
            choice[point.value:end] = array("H", (index if b else old for b, old in zip(better, kept, strict=True)))
        while len(grown) > 1 and grown[-1] > budget:  # nothing is built on an unaffordable total
            grown.pop()
        best = grown
        choices.append(choice)
    value = len(best) - 1
    chosen: list[Candidate] = []
    for points, choice in zip(reversed(frontiers), reversed(choices), strict=True):
        index = choice[value] if value < len(choice) else 0
        if index:
            chosen.extend(points[index - 1].members)
            value -= points[index - 1].value
    return chosen


def _by_value_per_rupiah(a: Candidate, b: Candidate) -> int:
    """Higher value per rupiah first (compared as cross products: no floats), then higher value."""
    left, right = a.value * b.cost, b.value * a.cost
    if left != right:
        return -1 if left > right else 1
    return b.value - a.value


def _greedy(candidates: Iterable[Candidate], budget: int, cap: int | None) -> list[Candidate]:
    ordered = sorted(candidates, key=cmp_to_key(_by_value_per_rupiah))
    chosen: list[Candidate] = []
    spent = 0
    per_group: dict[Hashable, int] = {}
    for c in ordered:
        in_group = per_group.get(c.group, 0)
        if spent + c.cost <= budget and (cap is None or in_group + c.cost <= cap):
            chosen.append(c)
            spent += c.cost
            per_group[c.group] = in_group + c.cost
    single = max(ordered, key=lambda c: c.value, default=None)  # every candidate fits on its own
    if single is not None and single.value > sum(c.value for c in chosen):
        return [single]
    return chosen
