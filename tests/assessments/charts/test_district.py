"""The district's charts as data: the heat map stays readable at thousands of facilities, the
ladder counts the assessed facilities, and the plan cost adds up; the plan charts are drawn again
only after a change that moves them."""

import datetime as dt
import time
from collections import OrderedDict
from decimal import Decimal

import pytest
import yaml

from assessments.charts import district, drawing
from assessments.charts.district import FacilityScores
from assessments.facilities import FacilityDetails, save_facility
from assessments.models import Facility
from assessments.plans.actions import PlanTotals, plan_totals
from assessments.plans.edits import ItemLine, edit_action
from assessments.plans.freight import set_freight
from assessments.plans.monitoring import Progress, record_progress
from assessments.plans.prices import PriceChange, update_price
from assessments.plans.progress import ProgressReport, ProgressRow, most_behind, progress_report
from assessments.scores import entry
from assessments.scores.round_scores import FacilityResult
from scoring import FacilityProfile, parse_indicator_set, score_assessment
from tests.assessments.charts.pictures import LEVELS, WORDS, chart_width, png_size
from tests.assessments.plans.helpers import action, changes
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


# -- the plan charts, kept until a plan changes ---------------------------------------------------


class Charts:
    """The plan charts as ``plans_kept`` keeps them; ``drawn`` holds the data of every drawing."""

    def __init__(self, session, indicator_set, round_):
        self.session, self.indicator_set, self.round = session, indicator_set, round_
        self.drawn: list[object] = []

    def _kept(self, key, data):
        def draw():
            self.session.expire_all()  # read what was committed, as a request does
            self.drawn.append(data())
            return repr(self.drawn[-1]).encode()

        return district.plans_kept(self.session, self.indicator_set, key, draw)

    def plan_cost(self, lang="en"):
        return self._kept(("plan_cost", lang), lambda: district.plan_cost(self.session, self.indicator_set, lang))

    def progress(self, day=dt.date(2026, 6, 1)):
        def data():
            report = progress_report(self.session, self.indicator_set, round_=self.round, today=day, lang="en")
            return district.progress_chart(report, "en")

        return self._kept(("progress", "en", self.round.id, day), data)


@pytest.fixture
def charts(session, mini_set, planned_district, monkeypatch):
    monkeypatch.setattr(district, "_KEPT", OrderedDict())  # no image of another test's database
    return Charts(session, mini_set, session.merge(planned_district["round"]))


def _admin(session, d):
    return session.merge(d["users"]["admin"])


def _status(session, mini_set, d):
    w2 = action(session, "W2")
    record_progress(session, w2, Progress("done", None, None, "", None), _admin(session, d), w2.version)


def _quantity(session, mini_set, d):
    hh1 = action(session, "HH1")
    edit_action(session, mini_set, hh1, changes(items=(ItemLine("SOAP", 200),)), _admin(session, d), hh1.version)


def _override(session, mini_set, d):
    hh1 = action(session, "HH1")
    edit_action(session, mini_set, hh1, changes(items=(ItemLine("SOAP", 100, 4_000),)), _admin(session, d),
                hh1.version)


def _funding(session, mini_set, d):
    w2 = action(session, "W2")
    edit_action(session, mini_set, w2, changes(funding_source="DAK", items=(ItemLine("TANK", 1),)),
                _admin(session, d), w2.version)


def _price(session, mini_set, d):
    update_price(session, mini_set, "TANK", PriceChange(6_000_000, "SSH 2026", 2026, False), _admin(session, d))


def _freight(session, mini_set, d):
    set_freight(session, "Kupang Tengah", 135, _admin(session, d))  # F1's kecamatan


def _freight_elsewhere(session, mini_set, d):
    set_freight(session, "Amfoang", 150, _admin(session, d))


def _facility_moved(session, mini_set, d):
    f1 = session.merge(d["f1"])
    save_facility(session, FacilityDetails(code=f1.code, name=f1.name, kecamatan="Amfoang", district=f1.district,
                                           inpatient=f1.inpatient, delivery=f1.delivery), "admin", f1)


def _gap_closed(session, mini_set, d):
    """The assessment reopened, W2 answered fully met, submitted again: W2's action is no longer counted."""
    admin, assessment = _admin(session, d), session.merge(d["assessment"])
    session.refresh(assessment)
    entry.reopen(session, assessment, admin)
    entry.save_answers(session, mini_set, assessment, {"W2": entry.parse_answer("W2", "2")}, admin,
                       assessment.version)
    entry.submit(session, mini_set, assessment, admin)


@pytest.mark.parametrize(("arrange", "change"), [
    (None, _status), (None, _quantity), (None, _override), (None, _funding), (None, _price), (None, _freight),
    (None, _gap_closed), (_freight_elsewhere, _facility_moved),
], ids=["status", "quantity", "override", "funding", "price", "freight", "gap closed", "facility edited"])
def test_the_plan_cost_image_is_drawn_again_after_a_change_that_moves_it_and_only_then(
        session, mini_set, planned_district, charts, arrange, change):
    if arrange is not None:
        arrange(session, mini_set, planned_district)
        session.commit()
    before = charts.plan_cost()
    assert charts.plan_cost() == before and len(charts.drawn) == 1
    change(session, mini_set, planned_district)
    session.commit()
    after = charts.plan_cost()
    assert len(charts.drawn) == 2 and charts.drawn[1] != charts.drawn[0]  # the kept image would have been stale
    assert charts.plan_cost() == after and len(charts.drawn) == 2


def test_the_plan_cost_image_is_kept_per_language_and_read_again_by_neither(session, charts):
    english, indonesian = charts.plan_cost("en"), charts.plan_cost("id")
    assert english != indonesian
    assert (charts.plan_cost("en"), charts.plan_cost("id")) == (english, indonesian) and len(charts.drawn) == 2


def test_the_progress_image_is_drawn_again_when_an_action_moves_bin_a_puskesmas_is_renamed_or_the_day_changes(
        session, mini_set, planned_district, charts):
    charts.progress()
    charts.progress()
    assert len(charts.drawn) == 1
    _status(session, mini_set, planned_district)  # W2 done
    session.commit()
    charts.progress()
    f1 = session.merge(planned_district["f1"])
    save_facility(session, FacilityDetails(code=f1.code, name="Puskesmas Baru", kecamatan=f1.kecamatan,
                                           district=f1.district, inpatient=f1.inpatient, delivery=f1.delivery),
                  "admin", f1)
    session.commit()
    charts.progress()
    charts.progress(dt.date(2026, 6, 2))
    assert len(charts.drawn) == 4
    assert len({repr(d) for d in charts.drawn}) == 4  # each moved the chart (the note says the day)
    charts.progress()
    assert len(charts.drawn) == 4


def test_the_progress_chart_of_the_plans_most_behind_says_how_many_it_shows_of_how_many():
    rows = tuple(ProgressRow(code, f"Puskesmas {code}") for code in ("A", "B", "C"))
    report = most_behind(ProgressReport(rows, ProgressRow("", ""), dt.date(2026, 6, 1), "Baseline"), 2)
    chart = district.progress_chart(report, "en")
    assert chart.title == ("Progress of the improvement plans · Baseline · "
                           "the 2 of 3 puskesmas furthest behind")
    assert [bar.label for bar in chart.bars] == ["District total", "A Puskesmas A", "B Puskesmas B"]
    assert "dari 3 puskesmas" in district.progress_chart(report, "id").title
