"""Charts: every chart is a PNG for the edge cases, the heat map stays readable at thousands of
facilities, the data behind each chart is right, and the cache keys on the data."""

import struct
import time
from decimal import Decimal

import pytest

from assessments import chart_data, charts
from assessments.chart_data import FacilityScores
from assessments.models import Facility
from assessments.plans import PlanTotals, plan_totals
from assessments.results import FacilityResult
from scoring import FacilityProfile, score_assessment

WORDS = charts.ChartWords(
    percent_axis="Score (%)", target="Target 100%", no_score="nothing to score", no_data="Nothing to show yet",
    one_round_only="Only one round so far.", change_column="Change (points)",
    share_axis="Share of assessed facilities (%)", cost_axis="Cost (million rupiah)",
)
LEVELS = ("basic service", "limited service", "no service", "insufficient data")


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, after checking the signature."""
    assert png[:8] == charts.PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def chart_width() -> int:
    return round(charts.WIDTH * charts.DPI)


def d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# -- a facility's profile and its change --------------------------------------------------------

def test_domain_profile_is_a_png_of_the_chart_width_growing_with_the_domains():
    few = charts.domain_profile(charts.DomainProfile("P", (charts.Bar("W", d("75.0")),)), WORDS)
    many = charts.domain_profile(
        charts.DomainProfile("P", tuple(charts.Bar(f"D{i}", d("50.0")) for i in range(7))), WORDS
    )
    assert png_size(few)[0] == png_size(many)[0] == chart_width()
    assert png_size(many)[1] > png_size(few)[1]


def test_domain_profile_draws_a_facility_where_everything_is_not_applicable(mini_set):
    score = score_assessment(mini_set, {i.code: "na" for i in mini_set.indicators})
    data = chart_data.domain_profile(mini_set, score, "en", "All not applicable")
    assert [b.value for b in data.domains] == [None, None]
    assert [b.label for b in data.domains] == ["W · Water", "HH · Hand hygiene"]
    png_size(charts.domain_profile(data, WORDS))


def test_domain_profile_labels_are_in_the_chosen_language(mini_set):
    score = score_assessment(mini_set, {"W1": 2, "W2": 1})
    data = chart_data.domain_profile(mini_set, score, "id", "Profil")
    assert data.domains[0] == charts.Bar("W · Air", Decimal("75.0"))  # (2 + 1) / 4
    assert data.domains[1].label == "HH · Kebersihan tangan"


def test_round_change_compares_the_latest_round_with_the_one_before(mini_set):
    from types import SimpleNamespace

    from scoring import compare_assessments

    before = score_assessment(mini_set, {"W1": 1, "W2": 1, "HH1": 2})
    after = score_assessment(mini_set, {"W1": 2, "W2": 2, "HH1": 0})
    history = [
        SimpleNamespace(round=SimpleNamespace(name="Baseline"), score=before, change=None),
        SimpleNamespace(round=SimpleNamespace(name="Follow-up"), score=after, change=compare_assessments(before, after)),
    ]
    data = chart_data.round_change(mini_set, history, "en", "Change")
    assert (data.before_round, data.after_round) == ("Baseline", "Follow-up")
    assert data.domains[0] == charts.DomainMove("W · Water", Decimal("50.0"), Decimal("100.0"))
    png_size(charts.round_change(data, WORDS))
    one_round = chart_data.round_change(mini_set, history[:1], "en", "Change")
    assert one_round.before_round is None
    assert [m.before for m in one_round.domains] == [None, None]
    png_size(charts.round_change(one_round, WORDS))


def test_round_change_draws_domains_without_a_score_in_either_round():
    data = charts.RoundChange("C", "A", "B", (charts.DomainMove("W", None, d("40.0")), charts.DomainMove("S", d("10.0"), None),
                                              charts.DomainMove("HH", None, None)))
    png_size(charts.round_change(data, WORDS))


# -- the district heat map ----------------------------------------------------------------------

def facilities(n: int, kecamatan: int = 24, districts: int = 1, domains: int = 7) -> list[FacilityScores]:
    return [
        FacilityScores(f"F{i:05d}", f"Puskesmas {i}", f"Kecamatan {i % kecamatan}", f"Kabupaten {i % districts}",
                       tuple(Decimal(f"{(i * 7 + j * 13) % 101}.0") if (i + j) % 11 else None for j in range(domains)))
        for i in range(n)
    ]


def heat_map(page: chart_data.HeatMapPage, columns: int = 7) -> bytes:
    return charts.heat_map(charts.HeatMap("Heat map", tuple(f"D{j}" for j in range(columns)), page.rows, "note"), WORDS)


def test_heat_map_has_a_row_per_facility_for_a_district():
    page = chart_data.heat_map_page(facilities(26))
    assert page.grouping == "facility" and len(page.rows) == 26 and page.pages == 1
    assert page.rows[0].label == "Puskesmas 0 (F00000)"
    width, height = png_size(heat_map(page))
    assert width == chart_width() and height < 30 * charts.DPI


def test_heat_map_draws_a_single_facility():
    page = chart_data.heat_map_page(facilities(1))
    assert len(page.rows) == 1
    png_size(heat_map(page))


def test_heat_map_draws_a_district_where_nothing_is_scored():
    rows = [FacilityScores("F1", "Satu", "K", "D", (None,) * 7), FacilityScores("F2", "Dua", "K", "D", (None,) * 7)]
    page = chart_data.heat_map_page(rows)
    png_size(heat_map(page))


def test_heat_map_with_no_facility_says_there_is_nothing_to_show():
    page = chart_data.heat_map_page([])
    assert page.rows == () and page.pages == 1
    png_size(heat_map(page))


def test_heat_map_of_ten_thousand_facilities_groups_them_and_stays_fast_and_readable():
    many = facilities(10_000, kecamatan=24)
    started = time.perf_counter()
    page = chart_data.heat_map_page(many)
    png = heat_map(page)
    elapsed = time.perf_counter() - started
    assert page.grouping == "kecamatan" and len(page.rows) == 24
    assert sum(int(r.label.rsplit("n=", 1)[1].rstrip(")")) for r in page.rows) == 10_000
    width, height = png_size(png)
    assert width == chart_width() and height <= (2.3 + 0.3 * chart_data.HEATMAP_ROWS) * charts.DPI
    assert len(png) < 1_000_000
    assert elapsed < 10


def test_heat_map_groups_by_district_when_the_kecamatan_do_not_fit_and_pages_what_still_does_not():
    many = facilities(10_000, kecamatan=700, districts=50)
    assert chart_data.finest_grouping(many) == "district"
    by_district = chart_data.heat_map_page(many)
    assert by_district.grouping == "district" and len(by_district.rows) == 40 and by_district.pages == 2
    by_facility = chart_data.heat_map_page(many, "facility", page=250)
    assert by_facility.pages == 250 and by_facility.page == 250 and len(by_facility.rows) == 10_000 - 249 * 40
    assert chart_data.heat_map_page(many, "facility", page=999).page == 250  # clamped, never empty
    assert chart_data.heat_map_page(many, "nonsense").grouping == "district"


def test_a_group_cell_is_the_mean_of_its_facilities_scores_leaving_out_those_without_one():
    rows = [
        FacilityScores("A", "A", "Semau", "Kupang", (Decimal("50.0"), None)),
        FacilityScores("B", "B", "Semau", "Kupang", (Decimal("75.5"), None)),
        FacilityScores("C", "C", "Semau", "Kupang", (None, None)),
    ]
    (row,) = chart_data.heat_map_page(rows, "kecamatan").rows
    assert row == charts.HeatRow("Semau (n=3)", (Decimal("62.8"), None))  # 62.75 rounded half-up


def test_kecamatan_of_the_same_name_in_two_districts_stay_apart_and_say_where_they_are():
    rows = [
        FacilityScores("A", "A", "Kota", "Kupang", (Decimal("10.0"),)),
        FacilityScores("B", "B", "Kota", "Belu", (Decimal("90.0"),)),
    ]
    labels = [r.label for r in chart_data.heat_map_page(rows, "kecamatan").rows]
    assert labels == ["Kota · Belu (n=1)", "Kota · Kupang (n=1)"]


def test_domain_key_never_breaks_a_domain_name_across_lines(mini_set):
    key = chart_data.domain_key(mini_set, "en")
    assert key == "W\u00a0Water · HH\u00a0Hand\u00a0hygiene"


# -- the JMP service ladder ---------------------------------------------------------------------

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
    water, hygiene = chart_data.service_ladder(mini_set, results, "en")
    assert water == charts.LadderArea("Water", (1, 1, 0, 1))
    assert hygiene == charts.LadderArea("Hygiene", (1, 0, 1, 1))
    png_size(charts.service_ladder(charts.ServiceLadder("Ladder", LEVELS, (water, hygiene)), WORDS))


def test_service_ladder_draws_a_district_with_insufficient_data_everywhere_and_one_with_no_assessment(mini_set):
    only_gaps = chart_data.service_ladder(mini_set, [facility_result(mini_set, {})], "id")
    png_size(charts.service_ladder(charts.ServiceLadder("L", LEVELS, only_gaps), WORDS))
    nobody = chart_data.service_ladder(mini_set, [], "id")
    assert all(sum(a.counts) == 0 for a in nobody)
    png_size(charts.service_ladder(charts.ServiceLadder("L", LEVELS, nobody), WORDS))


# -- plan cost ----------------------------------------------------------------------------------

FUNDING = {"APBD": "APBD", "DAK": "DAK", "BOK": "BOK", "UNICEF": "UNICEF", "other": "other", None: "no funding source yet"}


def rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def test_plan_cost_has_every_domain_then_custom_actions_and_the_funded_sources_then_the_unfunded(mini_set):
    totals = PlanTotals(by_facility={"F1": 17_000_000}, by_domain={"W": 15_000_000, None: 2_000_000},
                        by_funding={"UNICEF": 500_000, "APBD": 10_000_000, None: 6_500_000}, district=17_000_000)
    by_domain, by_source = chart_data.plan_cost_bars(totals, mini_set, "en", FUNDING, "added by the puskesmas", rupiah)
    assert [(b.label, b.rupiah) for b in by_domain] == [
        ("W · Water", 15_000_000), ("HH · Hand hygiene", 0), ("added by the puskesmas", 2_000_000)]
    assert [(b.label, b.rupiah, b.hatched) for b in by_source] == [
        ("APBD", 10_000_000, False), ("UNICEF", 500_000, False), ("no funding source yet", 6_500_000, True)]
    assert by_domain[0].amount == "Rp 15.000.000"
    png = charts.plan_cost(charts.PlanCost("Plan", "By domain", by_domain, "By funding", by_source), WORDS)
    assert png_size(png)[0] == chart_width()


def test_plan_cost_of_an_empty_plan_says_there_is_nothing_to_show(mini_set):
    by_domain, by_source = chart_data.plan_cost_bars(plan_totals([]), mini_set, "en", FUNDING, "custom", rupiah)
    assert [b.rupiah for b in by_domain] == [0, 0] and by_source == ()
    png_size(charts.plan_cost(charts.PlanCost("Plan", "By domain", by_domain, "By funding", by_source), WORDS))


# -- the cache ----------------------------------------------------------------------------------

def test_the_same_data_reuses_the_cached_png_and_changed_data_draws_a_new_one():
    data = charts.DomainProfile("Cache", (charts.Bar("W", d("60.0")), charts.Bar("S", d("40.0"))))
    first = charts.domain_profile(data, WORDS)
    hits = charts.domain_profile.cache_info().hits
    again = charts.domain_profile(charts.DomainProfile("Cache", (charts.Bar("W", d("60.0")), charts.Bar("S", d("40.0")))), WORDS)
    assert again is first
    assert charts.domain_profile.cache_info().hits == hits + 1
    changed = charts.domain_profile(charts.DomainProfile("Cache", (charts.Bar("W", d("60.0")), charts.Bar("S", d("45.0")))), WORDS)
    assert changed != first


def test_each_language_has_its_own_cache_entry():
    data = charts.DomainProfile("Cache", (charts.Bar("W", d("60.0")),))
    indonesian = charts.ChartWords(**{**WORDS.__dict__, "percent_axis": "Skor (%)"})
    assert charts.domain_profile(data, WORDS) != charts.domain_profile(data, indonesian)


@pytest.mark.parametrize("render", [charts.domain_profile, charts.round_change, charts.heat_map,
                                    charts.service_ladder, charts.plan_cost])
def test_every_chart_is_cached_in_a_bounded_cache(render):
    assert render.cache_info().maxsize == charts.CACHE_SIZE
