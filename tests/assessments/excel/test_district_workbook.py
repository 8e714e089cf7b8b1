"""The district summary workbook: values, number formats, layout, no formulas, flat memory."""

import dataclasses
import io
import tracemalloc

from assessments.excel.cells import PERCENT_FORMAT, RUPIAH_FORMAT
from assessments.excel.district_workbook import (
    SummaryAnswer,
    write_district_summary,
)
from tests.assessments.excel.summaries import RISKY, no_formulas, summary, written


def test_summary_has_an_about_sheet_first_then_the_tables(mini_set):
    book = written(write_district_summary, summary(mini_set))
    assert book.sheetnames == ["Tentang", "Skor", "Perubahan", "Layanan JMP", "Indikator", "Jawaban", "Tindakan",
                               "Biaya per fasilitas", "Biaya per domain", "Matriks biaya"]
    about = {row[0]: row[1] for row in book["Tentang"].iter_rows(values_only=True) if row and row[0]}
    assert about["Putaran"] == "Follow-up 2026" and about["Diekspor / exported"] == "2026-05-02 09:30 UTC"
    assert "mini-test 0.1" in about["Set indikator / indicator set"]
    assert "synthetic" in about["DATA DEMO · DEMO DATA"]


def test_real_rounds_carry_no_demo_warning(mini_set):
    about = written(write_district_summary, summary(mini_set, synthetic=False))["Tentang"]
    values = [v for row in about.values for v in row]
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
    assert book["Tindakan"].column_dimensions["G"].width == 55


def test_indicator_sheet_counts_facilities_per_answer(mini_set):
    sheet = written(write_district_summary, summary(mini_set))["Indikator"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["W1"][3:10] == ("Ya", 1, 1, 0, 0, 0, 0) and rows["W1"][10] == 1
    assert rows["W3"][4] == 0 and rows["W3"][8] == 1


def test_action_list_and_costs_in_rupiah_with_totals(mini_set):
    book = written(write_district_summary, summary(mini_set))
    actions = book["Tindakan"]
    cost = actions["N2"]
    assert (cost.value, cost.number_format) == (5_000_000, RUPIAH_FORMAT)
    # Still needs money first, then the done and the dropped action with why they need no more.
    assert [(r[2], r[3]) for r in actions.iter_rows(min_row=2, max_col=4, values_only=True)] == [
        ("Ya", None), ("Tidak", "selesai"), ("Tidak", "dibatalkan")]
    by_facility = list(book["Biaya per fasilitas"].iter_rows(values_only=True))
    assert by_facility[1] == ("F1", "Puskesmas Satu", 1, 1, 6_500_000, 5_000_000, 5_000_000, 100, None)
    assert by_facility[2] == ("F2", "Puskesmas Dua", 0, 1, 0, 0, 0, 0,
                              "tidak dinilai pada Follow-up 2026: rencananya berdasarkan penilaian sebelumnya")
    assert by_facility[-1] == ("Total kabupaten", None, 1, 2, 6_500_000, 5_000_000, 5_000_000, 100, None)
    assert book["Biaya per fasilitas"]["E2"].number_format == RUPIAH_FORMAT
    matrix = list(book["Matriks biaya"].iter_rows(values_only=True))
    assert matrix[0][2:6] == ("W Air", "HH Kebersihan tangan", "Lainnya (tindakan tambahan)",
                              "Biaya yang masih diperlukan (Rp)")
    assert matrix[1] == ("F1", "Puskesmas Satu", 5_000_000, 0, 0, 5_000_000, None)
    assert matrix[-1] == ("Total kabupaten", None, 5_000_000, 0, 0, 5_000_000, None)
    by_domain = list(book["Biaya per domain"].iter_rows(values_only=True))
    assert [r[0] for r in by_domain[1:4]] == ["W", "HH", "—"] and by_domain[3][1] == "Lainnya (tindakan tambahan)"


def test_no_text_in_the_summary_becomes_a_formula(mini_set):
    book = written(write_district_summary, summary(mini_set))
    assert no_formulas(book) == []
    assert book["Skor"]["B3"].value == RISKY and book["Skor"]["B3"].quotePrefix
    assert book["Tindakan"]["G3"].value == RISKY and book["Jawaban"]["G2"].value == "-- tangki bocor"


def test_answers_guard_a_risky_name_in_every_row_and_leave_an_empty_comment_empty(mini_set):
    answers = [SummaryAnswer("F2", "W1", 2, ""), SummaryAnswer("F2", "W2", 0, "=1+1"),
               SummaryAnswer("F2", "X9", 1, "not in the set"), SummaryAnswer("F1", "W3", None, "")]
    book = written(write_district_summary, dataclasses.replace(summary(mini_set), answers=answers))
    sheet = book["Jawaban"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[:4] + r[5:] for r in rows] == [("F2", RISKY, "W", "W1", "Memenuhi", None),
                                              ("F2", RISKY, "W", "W2", "Tidak memenuhi", "=1+1"),
                                              ("F1", "Puskesmas Satu", "W", "W3", "Tidak berlaku", None)]
    assert sheet["B2"].quotePrefix and sheet["B3"].quotePrefix and sheet["G3"].quotePrefix
    assert no_formulas(book) == [] and sheet.auto_filter.ref == "A1:G4"


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
