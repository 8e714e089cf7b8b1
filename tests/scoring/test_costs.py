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


def test_estimated_cost_counts_lines_without_a_sourced_price_and_every_override():
    from scoring.costs import estimated_cost

    lines = [CostLine("TANK", 2, 5_000_000, sourced=True), CostLine("TRAIN", 1, 1_500_000),
             CostLine("SOAP", 10, 5_000, override=6_000, sourced=True)]
    assert estimated_cost(lines) == 1_500_000 + 60_000
    assert estimated_cost([]) == 0


@pytest.mark.parametrize(("estimated", "total", "share"), [(0, 0, 0), (1, 3, 33), (1, 2, 50), (2, 3, 67), (5, 5, 100)])
def test_estimated_share_is_a_whole_percent_rounded_half_up(estimated, total, share):
    from scoring.costs import estimated_share

    assert estimated_share(estimated, total) == share


@pytest.mark.parametrize(("estimated", "total"), [(1.0, 2), (1, 2.0), (3, 2), (-1, 2)])
def test_estimated_share_refuses_floats_and_impossible_amounts(estimated, total):
    from scoring.costs import estimated_share

    with pytest.raises(CostError):
        estimated_share(estimated, total)


@pytest.mark.parametrize(("line", "total"), [
    (CostLine("TANK", 3, 1_000_001, material=True, freight_percent=135), 4_050_004),  # 4_050_004.05 rounded
    (CostLine("TANK", 1, 1_000_001, material=True, freight_percent=150), 1_500_002),  # .5 rounds up
    (CostLine("TANK", 3, 1_000_000, override=900_000, material=True, freight_percent=135), 2_700_000),
    (CostLine("TRAIN", 2, 1_500_000, material=False, freight_percent=135), 3_000_000),
    (CostLine("TANK", 2, 1_000_000, material=True), 2_000_000),
])
def test_freight_multiplies_catalog_priced_materials_in_whole_rupiah(line, total):
    assert line.total == total and isinstance(line.total, int)


@pytest.mark.parametrize("percent", [99, 501, 135.0, True])
def test_a_freight_factor_must_be_a_whole_percent_from_100_to_500(percent):
    with pytest.raises(CostError):
        CostLine("TANK", 1, 1_000, material=True, freight_percent=percent)
