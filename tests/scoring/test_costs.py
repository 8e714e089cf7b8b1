"""Cost arithmetic: Σ quantity × unit cost in whole rupiah, overrides winning, no floats."""

import pytest

from scoring.costs import CostError, CostLine, action_cost


@pytest.mark.parametrize(("lines", "total"), [
    ([], 0),
    ([CostLine("TANK", 2, 5_000_000)], 10_000_000),
    ([CostLine("TANK", 1, 5_000_000), CostLine("TRAIN", 1, 1_500_000)], 6_500_000),
    ([CostLine("SOAP", 100, 5_000)], 500_000),
    ([CostLine("TANK", 2, 5_000_000, override=4_250_000)], 8_500_000),
    ([CostLine("TANK", 3, 5_000_000, override=0)], 0),
    ([CostLine("PIPE", 100, 85_000), CostLine("PUMP", 1, 1_800_000, override=2_100_000)], 10_600_000),
])
def test_action_cost_is_the_sum_of_quantity_times_unit_cost(lines, total):
    assert action_cost(lines) == total
    assert isinstance(action_cost(lines), int)


def test_override_wins_over_the_catalog_cost():
    assert CostLine("TANK", 1, 5_000_000, override=4_000_000).unit_cost == 4_000_000
    assert CostLine("TANK", 1, 5_000_000).unit_cost == 5_000_000


def test_large_amounts_stay_exact():
    assert CostLine("BOREHOLE", 9_999, 120_000_000).total == 1_199_880_000_000


@pytest.mark.parametrize(("quantity", "cost", "override"), [
    (0, 1_000, None), (-1, 1_000, None), (1.5, 1_000, None), (True, 1_000, None),
    (1, -5, None), (1, 1_000.0, None), (1, 1_000, -1), (1, 1_000, 2.5),
])
def test_fractions_negatives_and_booleans_are_refused(quantity, cost, override):
    with pytest.raises(CostError):
        CostLine("X", quantity, cost, override)
