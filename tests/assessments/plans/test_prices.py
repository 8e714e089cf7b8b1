"""The district's prices of the catalog items."""


import pytest

from assessments.errors import InvalidInput, PermissionDenied
from assessments.plans.edits import ItemLine, edit_action
from assessments.plans.prices import MAX_RUPIAH, PriceChange, cost_catalog, update_price
from tests.assessments.plans.helpers import action, changes, views


def test_a_new_catalog_price_moves_every_plan_total_but_not_overrides(session, mini_set, planned_district):
    w2 = action(session, "W2")
    edit_action(session, mini_set, w2, changes(items=(ItemLine("TANK", 1, 4_000_000),)),
                session.merge(planned_district["users"]["head"]), w2.version)
    update_price(session, mini_set, "TANK", PriceChange(6_000_000, "Dinas price list", 2026, False),
                 session.merge(planned_district["users"]["admin"]))
    session.commit()
    found = {a.indicator_code: a.cost for a in views(session, mini_set)}
    assert found == {"W2": 4_000_000, "W3": 6_000_000 + 1_500_000, "HH1": 500_000}
    tank = next(e for e in cost_catalog(session, mini_set) if e.code == "TANK")
    assert (tank.unit_cost, tank.source, tank.year, tank.estimate) == (6_000_000, "Dinas price list", 2026, False)


def test_only_an_admin_prices_the_catalog(session, mini_set, planned_district):
    with pytest.raises(PermissionDenied):
        update_price(session, mini_set, "TANK", PriceChange(1, "", 2026, True),
                     session.merge(planned_district["users"]["head"]))



def test_a_price_beyond_the_maximum_is_refused(session, mini_set, planned_district):
    with pytest.raises(InvalidInput, match="cannot be more than"):
        update_price(session, mini_set, "TANK", PriceChange(MAX_RUPIAH + 1, "", 2026, True),
                     session.merge(planned_district["users"]["admin"]))
