"""The visit on the offline workbook's Petunjuk sheet: pre-filled, read back, refused when stale or bad."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.models import Assessment
from assessments.scores.entry import Visit, save_visit
from tests.assessments.excel.test_offline_form_import import export, run_import
from tests.assessments.excel.workbook_files import filled


def visit_of(session, district):
    session.expire_all()
    row = session.scalar(select(Assessment).where(Assessment.id == district["assessment"].id))
    return row.assessed_on, row.assessors, row.team_leader


def test_the_visit_typed_on_petunjuk_is_stored_and_a_second_import_changes_nothing(session, mini_set, district):
    data = filled(export(session, mini_set, district["f1"], district["round"]),
                  {"Petunjuk!C1": dt.datetime(2025, 5, 12), "Petunjuk!C2": "Ani, Budi", "Petunjuk!C3": "Maria"})
    result = run_import(session, mini_set, data, district["users"]["assessor"])
    assert result.accepted, result.problems
    assert visit_of(session, district) == (dt.date(2025, 5, 12), "Ani, Budi", "Maria")
    again = run_import(session, mini_set, data, district["users"]["assessor"])
    assert again.accepted and again.changed == 0


def test_the_workbook_is_pre_filled_with_the_stored_visit(session, mini_set, district):
    assessment = session.merge(district["assessment"])
    save_visit(session, assessment, Visit(dt.date(2025, 5, 3), "Ani", "Maria"), session.merge(
        district["users"]["assessor"]), assessment.version, dt.date(2025, 6, 1))
    session.commit()
    from io import BytesIO

    from openpyxl import load_workbook
    sheet = load_workbook(BytesIO(export(session, mini_set, district["f1"], district["round"])))["Petunjuk"]
    assert (sheet["C1"].value.date(), sheet["C2"].value, sheet["C3"].value) == (dt.date(2025, 5, 3), "Ani", "Maria")


def test_a_visit_changed_in_washfit_since_the_download_is_a_conflict_naming_the_cell(session, mini_set, district):
    data = filled(export(session, mini_set, district["f1"], district["round"]), {"Petunjuk!C3": "Maria"})
    assessment = session.merge(district["assessment"])
    save_visit(session, assessment, Visit(None, assessment.assessors, "Yohanes"),
               session.merge(district["users"]["admin"]), assessment.version, dt.date.today())
    session.commit()
    result = run_import(session, mini_set, data, district["users"]["assessor"])
    assert not result.accepted
    assert result.problems[0].location == "Petunjuk!C3"
    assert visit_of(session, district)[2] == "Yohanes"
    kept = run_import(session, mini_set, data, district["users"]["assessor"], changed_answers="keep")
    assert kept.accepted and visit_of(session, district)[2] == "Yohanes"


@pytest.mark.parametrize(("cells", "where"), [
    ({"Petunjuk!C1": "kemarin"}, "Petunjuk!C1"),
    ({"Petunjuk!C2": "Ani\tBudi"}, "Petunjuk!C2"),  # openpyxl writes no NUL; a tab is a control character too
    ({"Petunjuk!C3": "x" * 201}, "Petunjuk!C3"),
    ({"Petunjuk!C2": "=1+1"}, "Petunjuk!C2"),
])
def test_bad_visit_cells_are_refused_by_cell_and_nothing_is_written(session, mini_set, district, cells, where):
    before = visit_of(session, district)
    data = filled(export(session, mini_set, district["f1"], district["round"]), {**cells, "Air!D5": "Memenuhi"})
    result = run_import(session, mini_set, data, district["users"]["assessor"])
    assert not result.accepted and result.problems[0].location == where
    assert visit_of(session, district) == before


def test_a_visit_date_before_the_round_is_refused_and_nothing_is_written(session, mini_set, district):
    before = visit_of(session, district)
    data = filled(export(session, mini_set, district["f1"], district["round"]), {"Petunjuk!C1": "2024-12-31"})
    result = run_import(session, mini_set, data, district["users"]["assessor"])
    assert not result.accepted and "before the round" in result.problems[0].message
    assert visit_of(session, district) == before
