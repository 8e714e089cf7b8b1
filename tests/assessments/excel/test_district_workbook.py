"""The district summary and the facility plan: values, number formats, layout, no formulas, flat memory."""

import collections
import dataclasses
import datetime as dt
import io
import tracemalloc

from openpyxl import load_workbook
from sqlalchemy import select

from assessments.excel.cells import PERCENT_FORMAT, RUPIAH_FORMAT
from assessments.excel.district_workbook import (
    DistrictSummary,
    FacilitySummaryRow,
    SummaryAnswer,
    write_district_summary,
)
from assessments.excel.exports import district_summary, facility_plan
from assessments.excel.plan_workbook import FacilityPlan, write_facility_plan
from assessments.models import PlanAction, User
from assessments.plans.drafting import draft_plan
from scoring import compare_assessments, score_assessment

RISKY = '=HYPERLINK("http://evil.example","klik")'


@dataclasses.dataclass(frozen=True)
class Action:
    facility_code: str = "F1"
    facility_name: str = "Puskesmas Satu"
    domain: str | None = "W"
    indicator_code: str | None = "W2"
    text: str = "Pasang tangki"
    priority: int = 5
    reasons: tuple[str, ...] = ("esensial",)
    status: str = "planned"
    funding_source: str | None = "APBD"
    responsible: str = "Kepala puskesmas"
    target_date: dt.date | None = dt.date(2026, 6, 30)
    cost: int = 5_000_000

    @property
    def counted(self) -> bool:
        return self.status in ("planned", "in_progress")


def summary(mini_set, rows=None, actions=None, synthetic=True, previous="Baseline 2024"):
    before = score_assessment(mini_set, {"W1": 1, "W2": 1, "HH1": 0})
    after = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": "na", "HH1": 0, "HH2": 2})
    rows = rows if rows is not None else [
        FacilitySummaryRow("F1", "Puskesmas Satu", "Kupang Tengah", "submitted", after, compare_assessments(before, after)),
        FacilitySummaryRow("F2", RISKY, "-Semau", None, None, None),
    ]
    actions = actions if actions is not None else [
        Action(), Action(text=RISKY, cost=1_500_000, status="done", domain="HH", indicator_code="HH1"),
        Action(facility_code="F2", facility_name="Puskesmas Dua", domain=None, indicator_code=None, text="@SUM(1)",
               cost=250_000, status="dropped", responsible="+62 812"),
    ]
    return DistrictSummary(mini_set, "Follow-up 2026", synthetic, previous, dt.datetime(2026, 5, 2, 9, 30), rows,
                           [SummaryAnswer("F1", "W1", 2, "-- tangki bocor"), SummaryAnswer("F1", "W3", None, "")],
                           counts_from(mini_set, rows), actions)


def counts_from(mini_set, rows):
    """What summaries.indicator_counts counts in SQL, counted from the rows' own answers."""
    counts = {i.code: collections.Counter() for i in mini_set.indicators}
    for row in rows:
        if row.score is not None:
            for indicator in mini_set.indicators:
                counts[indicator.code][row.score.answers.get(indicator.code)] += 1
    return counts


def written(write, data, lang="id"):
    out = io.BytesIO()
    write(data, out, lang)
    return load_workbook(io.BytesIO(out.getvalue()))


def no_formulas(book):
    return [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_summary_has_an_about_sheet_first_then_the_tables(mini_set):
    book = written(write_district_summary, summary(mini_set))
    assert book.sheetnames == ["Tentang", "Skor", "Perubahan", "Layanan JMP", "Indikator", "Jawaban", "Tindakan",
                               "Biaya per fasilitas", "Biaya per domain"]
    about = {row[0]: row[1] for row in book["Tentang"].iter_rows(values_only=True) if row and row[0]}
    assert about["Putaran"] == "Follow-up 2026" and about["Diekspor / exported"] == "2026-05-02 09:30 UTC"
    assert "mini-test 0.1" in about["Set indikator / indicator set"]
    assert "synthetic" in about["DATA DEMO · DEMO DATA"]


def test_real_rounds_carry_no_demo_warning(mini_set):
    values = [v for row in written(write_district_summary, summary(mini_set, synthetic=False))["Tentang"].values for v in row]
    assert "DATA DEMO · DEMO DATA" not in values


def test_score_matrix_holds_fractions_formatted_as_percentages(mini_set):
    sheet = written(write_district_summary, summary(mini_set))["Skor"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Kode", "Fasilitas", "Kecamatan", "Status", "W Air", "HH Kebersihan tangan"]
    w, hh, overall, change, essential = (sheet.cell(2, c) for c in (5, 6, 7, 8, 9))
    assert (w.value, w.number_format) == (0.75, PERCENT_FORMAT)  # W1 2 + W2 1 of 4; W3 not applicable
    assert (hh.value, overall.value) == (0.5, 0.625)
    assert change.value == 29.2 and change.number_format.startswith("+0.0")  # 33.3 % → 62.5 %
    assert essential.value == 0.333  # 33.3 %, rounded once in scoring
    assert sheet.cell(3, 4).value == "belum dimulai" and sheet.cell(3, 5).value is None


def test_tables_have_frozen_headers_filters_colour_scale_and_print_setup(mini_set):
    book = written(write_district_summary, summary(mini_set))
    sheet = book["Skor"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == "A1:K3"
    [rule] = [r for rules in sheet.conditional_formatting for r in rules.rules]
    assert rule.type == "colorScale"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    assert book["Tindakan"].column_dimensions["E"].width == 55


def test_indicator_sheet_counts_facilities_per_answer(mini_set):
    rows = {r[0]: r for r in written(write_district_summary, summary(mini_set))["Indikator"].iter_rows(min_row=2, values_only=True)}
    assert rows["W1"][3:10] == ("Ya", 1, 1, 0, 0, 0, 0) and rows["W1"][10] == 1
    assert rows["W3"][4] == 0 and rows["W3"][8] == 1


def test_action_list_and_costs_in_rupiah_with_totals(mini_set):
    book = written(write_district_summary, summary(mini_set))
    cost = book["Tindakan"]["L2"]
    assert (cost.value, cost.number_format) == (5_000_000, RUPIAH_FORMAT)
    by_facility = list(book["Biaya per fasilitas"].iter_rows(values_only=True))
    assert by_facility[1] == ("F1", "Puskesmas Satu", 2, 6_500_000, 5_000_000)
    assert by_facility[2] == ("F2", "Puskesmas Dua", 1, 0, 0)
    assert by_facility[-1] == ("Total kabupaten", None, 3, 6_500_000, 5_000_000)
    assert book["Biaya per fasilitas"]["D2"].number_format == RUPIAH_FORMAT
    by_domain = list(book["Biaya per domain"].iter_rows(values_only=True))
    assert [r[0] for r in by_domain[1:4]] == ["W", "HH", "—"] and by_domain[3][1] == "Lainnya (tindakan tambahan)"


def test_no_text_in_the_summary_becomes_a_formula(mini_set):
    book = written(write_district_summary, summary(mini_set))
    assert no_formulas(book) == []
    assert book["Skor"]["B3"].value == RISKY and book["Skor"]["B3"].quotePrefix
    assert book["Tindakan"]["E3"].value == RISKY and book["Jawaban"]["G2"].value == "-- tangki bocor"


def test_english_labels(mini_set):
    book = written(write_district_summary, summary(mini_set), "en")
    assert book.sheetnames[:2] == ["About", "Scores"] and book["Scores"]["G1"].value == "Overall"


def test_without_a_previous_round_the_change_sheet_says_so(mini_set):
    sheet = written(write_district_summary, summary(mini_set, previous=None))["Perubahan"]
    assert sheet["A2"].value == "Tidak ada putaran sebelumnya untuk dibandingkan."


def test_memory_does_not_grow_with_the_number_of_facilities(mini_set):
    def peak(count):
        base = summary(mini_set)
        data = dataclasses.replace(base, rows=[dataclasses.replace(base.rows[0], code=f"F{n}") for n in range(count)],
                                   answers=[], actions=[])
        tracemalloc.start()
        write_district_summary(data, io.BytesIO())
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    small, large = peak(200), peak(4000)
    assert large < small * 2, (small, large)


def test_facility_plan_shows_its_rounds_and_its_actions(mini_set):
    score = score_assessment(mini_set, {"W1": 2, "W2": 1, "HH1": 0})
    plan = FacilityPlan(mini_set, "F1", "Puskesmas Satu", False, dt.datetime(2026, 5, 2), [("Baseline 2025", "validated", score, None)],
                        [Action(), Action(text=RISKY, status="in_progress", cost=100)])
    book = written(write_facility_plan, plan)
    assert book.sheetnames == ["Tentang", "Skor", "Tindakan", "Biaya per domain"]
    assert [c.value for c in book["Skor"][2]][:2] == ["Baseline 2025", "divalidasi"]
    assert book["Tindakan"]["H3"].value == "sedang berjalan" and book["Tindakan"]["L3"].number_format == RUPIAH_FORMAT
    assert list(book["Biaya per domain"].iter_rows(values_only=True))[-1] == ("Total fasilitas", None, 2, 5_000_100, 5_000_100)
    assert no_formulas(book) == []


def submitted(session, district):
    session.merge(district["assessment"]).status = "submitted"
    session.commit()
    return session.merge(district["f1"])


def test_summary_from_the_database_includes_the_costed_plan(session, mini_set, district):
    facility = submitted(session, district)
    draft_plan(session, mini_set, facility, session.merge(district["users"]["admin"]))
    action = session.scalars(select(PlanAction)).first()
    action.text = RISKY
    session.commit()
    data = district_summary(session, mini_set, session.merge(district["round"]))
    assert [r.code for r in data.rows] == ["F1", "F2"] and data.rows[0].score.overall.percent is not None
    assert data.actions and all(a.facility_code == "F1" for a in data.actions) and sum(a.cost for a in data.actions) > 0
    book = written(write_district_summary, data)
    assert no_formulas(book) == [] and RISKY in [c.value for c in book["Tindakan"]["E"]]


def test_facility_plan_from_the_database(session, mini_set, district):
    facility = submitted(session, district)
    draft_plan(session, mini_set, facility, session.scalar(select(User).where(User.username == "admin")))
    session.commit()
    plan = facility_plan(session, mini_set, facility)
    assert [r[0] for r in plan.rounds] == ["Baseline 2025"] and plan.actions


def test_the_summary_embeds_the_charts_it_is_given_on_their_own_sheet(mini_set):
    from assessments.charts import drawing as charts

    words = charts.ChartWords("Skor (%)", "Target", "—", "kosong", "satu putaran", "Perubahan", "Bagian (%)", "Biaya")
    ladder = charts.ServiceLadder("Tangga JMP", ("dasar", "terbatas", "tidak ada", "data tidak cukup"),
                                  (charts.LadderArea("Air", (3, 1, 1, 0)),))
    png = charts.service_ladder(ladder, words)
    book = written(lambda data, out, lang: write_district_summary(data, out, lang, [("Tangga JMP", png)]),
                   summary(mini_set))
    sheet = book["Grafik"]
    assert sheet["A1"].value == "Tangga JMP"
    assert len(sheet._images) == 1
    assert book.sheetnames.index("Grafik") == book.sheetnames.index("Skor") + 1
