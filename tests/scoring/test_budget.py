"""Budget selection: the exact method equals brute force; nothing funded beyond budget or cap."""

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.budget import Candidate, choose_actions


def brute_force(candidates, budget, cap):
    """The largest total value of any subset within budget (and cap per group)."""
    best = 0
    for size in range(len(candidates) + 1):
        for subset in combinations(candidates, size):
            if sum(c.cost for c in subset) > budget:
                continue
            groups = {c.group for c in subset}
            if cap is not None and any(sum(c.cost for c in subset if c.group == g) > cap for g in groups):
                continue
            best = max(best, sum(c.value for c in subset))
    return best


candidate_lists = st.lists(
    st.builds(Candidate, key=st.none(), cost=st.integers(0, 60).map(lambda n: n * 250_000),
              value=st.integers(0, 10), group=st.sampled_from("ABC")),
    max_size=9,
).map(lambda cs: [Candidate(n, c.cost, c.value, c.group) for n, c in enumerate(cs)])
budgets = st.integers(0, 200).map(lambda n: n * 250_000)
caps = st.one_of(st.none(), st.integers(0, 80).map(lambda n: n * 250_000))


def fits(selection, candidates, budget, cap):
    chosen = [c for c in candidates if c.key in selection.funded]
    assert sum(c.cost for c in chosen) == selection.cost <= budget
    assert sum(c.value for c in chosen) == selection.value
    if cap is not None:
        for group in {c.group for c in chosen}:
            assert sum(c.cost for c in chosen if c.group == group) <= cap
    return chosen


@settings(max_examples=300, deadline=None)
@given(candidate_lists, budgets, caps)
def test_exact_selection_equals_the_brute_force_optimum(candidates, budget, cap):
    selection = choose_actions(candidates, budget, cap)
    fits(selection, candidates, budget, cap)
    assert selection.method == "exact"
    assert selection.value == brute_force(candidates, budget, cap)


@settings(max_examples=200, deadline=None)
@given(candidate_lists, budgets, caps)
def test_greedy_fallback_never_exceeds_budget_or_cap(candidates, budget, cap):
    selection = choose_actions(candidates, budget, cap, exact_limit=-1)
    fits(selection, candidates, budget, cap)
    assert selection.method == "greedy"


@settings(max_examples=200, deadline=None)
@given(candidate_lists, budgets)
def test_greedy_fallback_without_a_cap_reaches_half_the_optimum(candidates, budget):
    selection = choose_actions(candidates, budget, exact_limit=-1)
    assert 2 * selection.value >= brute_force(candidates, budget, None)


def test_the_exact_method_beats_value_per_rupiah_where_greedy_goes_wrong():
    # Greedy by ratio takes A (3 per unit) and then nothing fits; B + C is worth more.
    candidates = [Candidate("A", 6, 18), Candidate("B", 5, 14), Candidate("C", 5, 14)]
    assert choose_actions(candidates, 10).funded == ("B", "C")
    assert choose_actions(candidates, 10, exact_limit=-1).value == 18


def test_a_cap_per_facility_spreads_the_money():
    candidates = [Candidate("a1", 40, 9, "A"), Candidate("a2", 40, 9, "A"), Candidate("b1", 40, 2, "B")]
    assert choose_actions(candidates, 120).funded == ("a1", "a2", "b1")
    assert choose_actions(candidates, 120, cap_per_group=50).funded == ("a1", "b1")


def test_among_equal_values_the_cheaper_selection_is_chosen():
    selection = choose_actions([Candidate("dear", 90, 5), Candidate("cheap", 10, 5)], 95)
    assert selection.funded == ("cheap",) and selection.cost == 10


def test_free_actions_are_always_funded_and_nothing_costs_more_than_the_budget():
    selection = choose_actions([Candidate("free", 0, 1), Candidate("big", 1_000, 10)], 999)
    assert selection.funded == ("free",) and selection.cost == 0


def test_a_district_sized_instance_is_solved_exactly():
    candidates = [Candidate(n, (n % 37 + 1) * 850_000, n % 10 + 1, n % 26) for n in range(800)]
    selection = choose_actions(candidates, 500_000_000, cap_per_group=30_000_000)
    fits(selection, candidates, 500_000_000, 30_000_000)
    assert selection.method == "exact"


@pytest.mark.parametrize(("budget", "cap"), [(-1, None), (10, -1)])
def test_negative_budgets_are_refused(budget, cap):
    with pytest.raises(ValueError):
        choose_actions([], budget, cap)
