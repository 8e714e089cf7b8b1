"""A price list mapped, previewed and imported: all or nothing, every refusal with its reason."""

import pytest

from assessments.errors import InvalidInput, PermissionDenied
from assessments.plans.budget import fund_plans
from assessments.plans.price_lists import (
    CHANGE,
    REFUSED,
    SAME,
    PriceListInfo,
    PriceListRefused,
    PriceListRow,
    apply_price_list,
    list_mappings,
    map_price_item,
    preview_price_list,
    rows_from_json,
    rows_to_json,
    unmap_price_item,
)
from assessments.plans.prices import cost_catalog, price_history
from tests.assessments.plans.helpers import views

INFO = PriceListInfo("Perbup 2026", 2026, "Kabupaten Kupang")


def row(line, name, unit, price, code="", year=None):
    return PriceListRow(line, code, name, "", unit, price, "", year)


@pytest.fixture
def admin(session, mini_set, planned_district):
    user = session.merge(planned_district["users"]["admin"])
    map_price_item(session, mini_set, "Tangki", "TANK", user)
    map_price_item(session, mini_set, "K-02", "TRAIN", user)
    session.commit()
    return user


def prices(session, mini_set):
    session.expire_all()
    return {e.code: e.unit_cost for e in cost_catalog(session, mini_set)}


def test_a_line_maps_by_code_first_then_by_name_and_folded(session, mini_set, admin):
    preview = preview_price_list(session, mini_set, [row(3, "TANGKI ", "Unit", 6_000_000),
                                                     row(4, "Pelatihan", "sesi", 1_500_000, code="k-02")], INFO, admin)
    assert [(line.item_code, line.mapped_by, line.outcome) for line in preview.lines] == [
        ("TANK", "name", CHANGE), ("TRAIN", "code", SAME)]


def test_a_unit_the_item_is_not_sold_in_is_refused_unless_the_mapping_states_it(session, mini_set, admin):
    lines = [row(3, "Tangki", "buah", 6_000_000)]
    refused = preview_price_list(session, mini_set, lines, INFO, admin).lines[0]
    assert refused.outcome == REFUSED and "is not the unit of" in refused.reason
    map_price_item(session, mini_set, "Tangki", "TANK", admin, list_unit="Buah", per_item=2)
    stated = preview_price_list(session, mini_set, lines, INFO, admin).lines[0]
    assert (stated.outcome, stated.new_price) == (CHANGE, 12_000_000)


def test_import_writes_the_previewed_prices_with_their_provenance_and_history(session, mini_set, admin):
    before = {a.indicator_code: a.cost for a in views(session, mini_set)}
    result = apply_price_list(session, mini_set, [row(3, "Tangki", "unit", 6_000_000)], INFO, admin, name="ssh.csv")
    session.commit()
    assert result.updated == 1 and prices(session, mini_set)["TANK"] == 6_000_000
    after = {a.indicator_code: a.cost for a in views(session, mini_set)}
    assert after["W3"] - before["W3"] == 1_000_000  # W3 needs one tank
    assert result.preview.after.district - result.preview.before.district == sum(after.values()) - sum(before.values())
    history = price_history(session, "TANK")
    assert [(h.unit_cost, h.estimate, h.year) for h in history] == [(5_000_000, True, 2025), (6_000_000, False, 2026)]
    assert history[-1].source == "Perbup 2026" and history[-1].valid_from.isoformat() == "2026-01-01"


@pytest.mark.parametrize(("lines", "message"), [
    ([row(3, "Tangki", "unit", 0)], "is not a unit price"),
    ([row(3, "Tangki", "unit", 100_000_000_001)], "is not a unit price"),
    ([row(3, "Tangki", "unit", 6_000_000), row(9, "Tangki", "unit", 6_500_000)], "is priced by 2 lines"),
])
def test_a_bad_price_or_an_item_priced_twice_refuses_the_whole_list(session, mini_set, admin, lines, message):
    good = row(2, "Pelatihan", "sesi", 1_700_000, code="K-02")
    with pytest.raises(PriceListRefused) as refused:
        apply_price_list(session, mini_set, [good, *lines], INFO, admin, name="ssh.csv")
    assert message in str(refused.value.problems[0])
    session.rollback()
    assert prices(session, mini_set) == {"TANK": 5_000_000, "SOAP": 5_000, "TRAIN": 1_500_000}


def test_a_list_without_a_year_is_refused(session, mini_set, admin):
    with pytest.raises(PriceListRefused, match="year of the price is missing"):
        apply_price_list(session, mini_set, [row(3, "Tangki", "unit", 6_000_000)],
                         PriceListInfo("x", None, ""), admin, name="ssh.csv")


def test_a_preview_gone_stale_is_not_applied(session, mini_set, admin):
    lines = [row(3, "Tangki", "unit", 6_000_000)]
    seen = preview_price_list(session, mini_set, lines, INFO, admin).fingerprint
    apply_price_list(session, mini_set, [row(3, "Tangki", "unit", 7_000_000)], INFO, admin, name="other.csv")
    with pytest.raises(InvalidInput, match="changed since the preview"):
        apply_price_list(session, mini_set, lines, INFO, admin, name="ssh.csv", expected=seen)


def test_one_district_item_prices_one_catalog_item(session, mini_set, admin):
    with pytest.raises(InvalidInput, match="already mapped to TANK"):
        map_price_item(session, mini_set, "tangki", "TRAIN", admin)
    unmap_price_item(session, "TANGKI", admin)
    map_price_item(session, mini_set, "tangki", "TRAIN", admin)
    assert [(m.key, m.cost_item_code) for m in list_mappings(session)] == [("k-02", "TRAIN"), ("tangki", "TRAIN")]


def test_only_an_admin_maps_or_imports(session, mini_set, admin, planned_district):
    head = session.merge(planned_district["users"]["head"])
    with pytest.raises(PermissionDenied):
        map_price_item(session, mini_set, "x", "TANK", head)
    with pytest.raises(PermissionDenied):
        preview_price_list(session, mini_set, [], INFO, head)


def test_the_confirmation_form_carries_the_mapped_lines_and_refuses_a_damaged_one(session, mini_set, admin):
    lines = [row(3, "Tangki", "unit", 6_000_000), row(4, "Kertas", "rim", 55_000)]
    preview = preview_price_list(session, mini_set, lines, INFO, admin)
    assert rows_from_json(rows_to_json(preview.lines)) == lines[:1]
    for damaged in ("", "{}", "[[1]]", '[["a", 1, 2, 3, 4, "x", 6, 7]]'):
        with pytest.raises(InvalidInput, match="damaged"):
            rows_from_json(damaged)


def test_the_budget_can_fund_only_actions_costed_at_sourced_prices(session, mini_set, planned_district):
    everything = fund_plans(session, mini_set, 100_000_000)
    sourced = fund_plans(session, mini_set, 100_000_000, sourced_only=True)
    assert len(everything.funded) == 3 and everything.estimated == everything.total - 500_000
    assert [a.indicator_code for a in sourced.funded] == ["HH1"]  # soap is the mini set's one sourced price
    assert (sourced.total, sourced.estimated, sourced.left_out) == (500_000, 0, 2)
