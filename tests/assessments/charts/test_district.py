"""The district's charts as data: the heat map stays readable at thousands of facilities, the
ladder counts the assessed facilities, and the plan cost adds up."""

import time
from decimal import Decimal

import yaml

from assessments.charts import district, drawing
from assessments.charts.district import FacilityScores
from assessments.models import Facility
from assessments.plans.actions import PlanTotals, plan_totals
from assessments.scores.round_scores import FacilityResult
from scoring import FacilityProfile, parse_indicator_set, score_assessment
from tests.assessments.charts.pictures import LEVELS, WORDS, chart_width, png_size
from tests.conftest import DATA


def facilities(n: int, kecamatan: int = 24, districts: int = 1, domains: int = 7) -> list[FacilityScores]:
    return [
        FacilityScores(f"F{i:05d}", f"Puskesmas {i}", f"Kecamatan {i % kecamatan}", f"Kabupaten {i % districts}",
                       tuple(Decimal(f"{(i * 7 + j * 13) % 101}.0") if (i + j) % 11 else None for j in range(domains)))
        for i in range(n)
    ]


def heat_map(page: district.HeatMapPage, columns: int = 7) -> bytes:
    labels = tuple(f"D{j}" for j in range(columns))
    return drawing.heat_map(drawing.HeatMap("Heat map", labels, page.rows, "note"), WORDS)


def test_heat_map_has_a_row_per_facility_for_a_district():
    page = district.heat_map_page(facilities(26))
    assert page.grouping == "facility" and len(page.rows) == 26 and page.pages == 1
    assert page.rows[0].label == "Puskesmas 0 (F00000)"
    width, height = png_size(heat_map(page))
    assert width == chart_width() and height < 30 * drawing.DPI


def test_heat_map_draws_a_single_facility():
    page = district.heat_map_page(facilities(1))
    assert len(page.rows) == 1
    png_size(heat_map(page))


def test_heat_map_draws_a_district_where_nothing_is_scored():
    rows = [FacilityScores("F1", "Satu", "K", "D", (None,) * 7), FacilityScores("F2", "Dua", "K", "D", (None,) * 7)]
    page = district.heat_map_page(rows)
    png_size(heat_map(page))


def test_heat_map_with_no_facility_says_there_is_nothing_to_show():
    page = district.heat_map_page([])
    assert page.rows == () and page.pages == 1
    png_size(heat_map(page))


def test_heat_map_of_ten_thousand_facilities_groups_them_and_stays_fast_and_readable():
    many = facilities(10_000, kecamatan=24)
    started = time.perf_counter()
    page = district.heat_map_page(many)
    png = heat_map(page)
    elapsed = time.perf_counter() - started
    assert page.grouping == "kecamatan" and len(page.rows) == 24
    assert sum(int(r.label.rsplit("n=", 1)[1].rstrip(")")) for r in page.rows) == 10_000
    width, height = png_size(png)
    assert width == chart_width() and height <= (2.3 + 0.3 * district.HEATMAP_ROWS) * drawing.DPI
    assert len(png) < 1_000_000
    assert elapsed < 10


def test_heat_map_groups_by_district_when_the_kecamatan_do_not_fit_and_pages_what_still_does_not():
    many = facilities(10_000, kecamatan=700, districts=50)
    assert district.finest_grouping(many) == "district"
    by_district = district.heat_map_page(many)
    assert by_district.grouping == "district" and len(by_district.rows) == 40 and by_district.pages == 2
    by_facility = district.heat_map_page(many, "facility", page=250)
    assert by_facility.pages == 250 and by_facility.page == 250 and len(by_facility.rows) == 10_000 - 249 * 40
    assert district.heat_map_page(many, "facility", page=999).page == 250  # clamped, never empty
    assert district.heat_map_page(many, "nonsense").grouping == "district"


def test_a_group_cell_is_the_mean_of_its_facilities_scores_leaving_out_those_without_one():
    rows = [
        FacilityScores("A", "A", "Semau", "Kupang", (Decimal("50.0"), None)),
        FacilityScores("B", "B", "Semau", "Kupang", (Decimal("75.5"), None)),
        FacilityScores("C", "C", "Semau", "Kupang", (None, None)),
    ]
    (row,) = district.heat_map_page(rows, "kecamatan").rows
    assert row == drawing.HeatRow("Semau (n=3)", (Decimal("62.8"), None))  # 62.75 rounded half-up


def test_kecamatan_of_the_same_name_in_two_districts_stay_apart_and_say_where_they_are():
    rows = [
        FacilityScores("A", "A", "Kota", "Kupang", (Decimal("10.0"),)),
        FacilityScores("B", "B", "Kota", "Belu", (Decimal("90.0"),)),
    ]
    labels = [r.label for r in district.heat_map_page(rows, "kecamatan").rows]
    assert labels == ["Kota · Belu (n=1)", "Kota · Kupang (n=1)"]


def facility_result(mini_set, answers, assessed=True):
    facility = Facility(code="X", name="X", kecamatan="", district="", inpatient=True, delivery=True)
    score = score_assessment(mini_set, answers, FacilityProfile()) if assessed else None
    return FacilityResult(facility, object() if assessed else None, score)


def test_service_ladder_counts_assessed_facilities_on_each_rung(mini_set):
    results = [
        facility_result(mini_set, {"W1": 2, "W2": 2, "HH1": 2}),  # water basic, hygiene basic
        facility_result(mini_set, {"W1": 1, "W2": 0, "HH1": 0}),  # water limited, hygiene no service
        facility_result(mini_set, {}),  # nothing answered: insufficient data
        facility_result(mini_set, {}, assessed=False),  # not assessed: not counted
    ]
    water, hygiene = district.ladder_counts(mini_set, results, "en")
    assert water == drawing.LadderArea("Water", (1, 1, 0, 1))
    assert hygiene == drawing.LadderArea("Hygiene", (1, 0, 1, 1))
    png_size(drawing.service_ladder(drawing.ServiceLadder("Ladder", LEVELS, (water, hygiene)), WORDS))


def test_service_ladder_draws_a_district_with_insufficient_data_everywhere_and_one_with_no_assessment(mini_set):
    only_gaps = district.ladder_counts(mini_set, [facility_result(mini_set, {})], "id")
    png_size(drawing.service_ladder(drawing.ServiceLadder("L", LEVELS, only_gaps), WORDS))
    nobody = district.ladder_counts(mini_set, [], "id")
    assert all(sum(a.counts) == 0 for a in nobody)
    png_size(drawing.service_ladder(drawing.ServiceLadder("L", LEVELS, nobody), WORDS))


def test_service_ladder_shows_advanced_only_where_the_district_defines_it(mini_set):
    assert district.ladder(mini_set) == ("basic", "limited", "no_service", "insufficient_data")
    raw = yaml.safe_load((DATA / "mini_indicators.yaml").read_text(encoding="utf-8"))
    raw["jmp_rules"][0]["advanced"] = {"piped_and_working": {
        "text": {"id": "Semua kran berfungsi", "en": "Every tap works"}, "scores": {"W1": [2], "W2": [2]}}}
    with_advanced = parse_indicator_set(raw)
    assert district.ladder(with_advanced) == ("advanced", "basic", "limited", "no_service", "insufficient_data")
    water, _hygiene = district.ladder_counts(with_advanced, [facility_result(with_advanced, {"W1": 2, "W2": 2})], "en")
    assert water.counts == (1, 0, 0, 0, 0)
    five = ("advanced", *LEVELS)
    png_size(drawing.service_ladder(drawing.ServiceLadder("Ladder", five, (water,)), WORDS))


FUNDING = {
    "APBD": "APBD", "DAK": "DAK", "BOK": "BOK", "UNICEF": "UNICEF", "other": "other", None: "no funding source yet",
}


def rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def test_plan_cost_has_every_domain_then_custom_actions_and_the_funded_sources_then_the_unfunded(mini_set):
    totals = PlanTotals(by_facility={"F1": 17_000_000}, by_domain={"W": 15_000_000, None: 2_000_000},
                        by_funding={"UNICEF": 500_000, "APBD": 10_000_000, None: 6_500_000}, district=17_000_000)
    by_domain, by_source = district.plan_cost_bars(totals, mini_set, "en", FUNDING, "added by the puskesmas", rupiah)
    assert [(b.label, b.rupiah) for b in by_domain] == [
        ("W · Water", 15_000_000), ("HH · Hand hygiene", 0), ("added by the puskesmas", 2_000_000)]
    assert [(b.label, b.rupiah, b.hatched) for b in by_source] == [
        ("APBD", 10_000_000, False), ("UNICEF", 500_000, False), ("no funding source yet", 6_500_000, True)]
    assert by_domain[0].amount == "Rp 15.000.000"
    png = drawing.plan_cost(drawing.PlanCost("Plan", "By domain", by_domain, "By funding", by_source), WORDS)
    assert png_size(png)[0] == chart_width()


def test_plan_cost_of_an_empty_plan_says_there_is_nothing_to_show(mini_set):
    by_domain, by_source = district.plan_cost_bars(plan_totals([]), mini_set, "en", FUNDING, "custom", rupiah)
    assert [b.rupiah for b in by_domain] == [0, 0] and by_source == ()
    png_size(drawing.plan_cost(drawing.PlanCost("Plan", "By domain", by_domain, "By funding", by_source), WORDS))
