"""The district summary workbook reconciles with the web's plan figures to the rupiah, on the demo data."""

import io
from collections import Counter

import pytest
from openpyxl import load_workbook

from assessments.demo import load_demo
from assessments.i18n.formats import format_rupiah
from assessments.indicator_sets import latest_indicator_set
from assessments.plans.budget import fund_plans
from assessments.plans.district_list import PlanQuery, plan_page
from tests.conftest import PASSWORD


@pytest.fixture
def demo(session, seed_set):
    load_demo(session, password=PASSWORD)
    session.commit()


def _table(book, title):
    rows = list(book[title].iter_rows(values_only=True))
    return rows[0], [r for r in rows[1:] if any(v is not None for v in r)]


def test_the_actions_sheet_sums_to_the_district_plans_page_and_the_budget(client, login, demo, session):
    login("demo-pemantau")
    response = client.get("/exports/summary.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    header, rows = _table(book, "Tindakan")
    needs, cost, code = header.index("Masih perlu dana"), header.index("Biaya (Rp)"), header.index("Kode")
    needed = [r for r in rows if r[needs] == "Ya"]
    others = [r for r in rows if r[needs] == "Tidak"]
    assert needed and others and len(needed) + len(others) == len(rows)
    assert rows[: len(needed)] == needed  # the rows that count come first
    assert {r[header.index("Alasan tidak")] for r in others} <= {"indikator kini terpenuhi", "selesai", "dibatalkan"}
    sheet_total = sum(r[cost] for r in needed)

    page = plan_page(session, PlanQuery(page_size=10_000), "id")
    counted = [a for a in page.rows if a.counted]
    assert sheet_total == page.totals.district and len(needed) == len(counted)
    web = client.get("/plans/").get_data(as_text=True)
    assert format_rupiah(sheet_total) in web
    everything = fund_plans(session, latest_indicator_set(session), sheet_total)
    assert everything.total == sheet_total and len(everything.funded) == len(needed)

    # The per-facility counts are the web's: only the actions that still need money.
    header, facilities = _table(book, "Biaya per fasilitas")
    per_facility = Counter(a.facility_code for a in counted)
    for row in facilities[:-1]:
        assert row[header.index("Tindakan yang masih perlu dana")] == per_facility[row[0]]
        assert row[header.index("Biaya yang masih diperlukan (Rp)")] == page.totals.by_facility.get(row[0], 0)
    assert facilities[-1][header.index("Biaya yang masih diperlukan (Rp)")] == sheet_total
    assert Counter(r[code] for r in needed) == per_facility

    # The puskesmas × domain matrix: each cell and the grand total as the web's totals say.
    header, matrix = _table(book, "Matriks biaya")
    total_column = header.index("Biaya yang masih diperlukan (Rp)")
    assert matrix[-1][0] == "Total kabupaten" and matrix[-1][total_column] == sheet_total
    for row in matrix[:-1]:
        assert row[total_column] == page.totals.by_facility[row[0]]
    domain_columns = [i for i, h in enumerate(header) if h and h.split(" ")[0] in page.totals.by_domain]
    assert [matrix[-1][i] for i in domain_columns] == [page.totals.by_domain[header[i].split(" ")[0]]
                                                       for i in domain_columns]


def test_the_summary_notes_placeholders_and_facilities_without_a_current_assessment(client, login, demo):
    login("demo-pemantau")
    book = load_workbook(io.BytesIO(client.get("/exports/summary.xlsx").data), read_only=True)
    header, facilities = _table(book, "Biaya per fasilitas")
    notes = [r[header.index("Catatan")] or "" for r in facilities[:-1]]
    assert any(n.startswith("contoh:") for n in notes)
    assert sum("belum diajukan" in n for n in notes) == 4  # the four follow-ups still drafts
    assert sum("tidak dinilai" in n for n in notes) == 2  # the two not re-assessed
    about = {r[0]: r[1] for r in book["Tentang"].iter_rows(values_only=True) if len(r) > 1 and r[0]}
    assert "Dana yang masih diperlukan" in about and "Catatan pada total" in about
