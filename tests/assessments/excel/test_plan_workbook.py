"""A puskesmas's plan workbook: its rounds, its actions, their totals, no formulas."""

import datetime as dt

from assessments.excel.cells import RUPIAH_FORMAT
from assessments.excel.plan_workbook import FacilityPlan, write_facility_plan
from scoring import score_assessment
from tests.assessments.excel.summaries import RISKY, Action, no_formulas, written


def test_facility_plan_shows_its_rounds_and_its_actions(mini_set):
    score = score_assessment(mini_set, {"W1": 2, "W2": 1, "HH1": 0})
    plan = FacilityPlan(mini_set, "F1", "Puskesmas Satu", False, dt.datetime(2026, 5, 2),
                        [("Baseline 2025", "validated", score, None)],
                        [Action(), Action(text=RISKY, status="in_progress", cost=100)])
    book = written(write_facility_plan, plan)
    assert book.sheetnames == ["Tentang", "Skor", "Tindakan", "Risiko", "Biaya per domain"]
    assert [c.value for c in book["Skor"][2]][:2] == ["Baseline 2025", "divalidasi"]
    assert book["Tindakan"]["J3"].value == "sedang berjalan" and book["Tindakan"]["N3"].number_format == RUPIAH_FORMAT
    assert list(book["Biaya per domain"].iter_rows(values_only=True))[-1] == (
        "Total fasilitas", None, 2, 0, 5_000_100, 5_000_100, 5_000_100, 100)
    assert no_formulas(book) == []
