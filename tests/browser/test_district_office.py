"""A district office's week (issue 19): rounds that default right, a summary that reconciles, the plans list
and the budget decision, walked in Debian's chromium as the admin and the district officer."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

RUPIAH = re.compile(r"Rp ([0-9.]+)")


def _rupiah(text: str) -> int:
    found = RUPIAH.search(text)
    assert found, text
    return int(found.group(1).replace(".", ""))


def test_a_future_round_leaves_every_default_view_on_the_round_with_scores(page, log_in_as, shot):
    log_in_as(page, "demo-admin")
    page.goto("/admin/rounds")
    page.get_by_label("Nama").fill("Follow-up 2027")
    page.get_by_label("Tanggal mulai").fill("2027-05-01")
    page.get_by_role("button", name="Buat putaran").click()
    assert page.get_by_role("row", name=re.compile("Follow-up 2027")).is_visible()
    page.goto("/")
    assert page.get_by_role("heading", name="Fasilitas · Follow-up 2026 (demo)").is_visible()
    assert "Follow-up 2026 (demo)" in page.get_by_role("link", name=re.compile("Unduh ringkasan")).inner_text()
    page.goto("/dashboard")
    assert page.get_by_role("heading", name=re.compile("Follow-up 2026")).first.is_visible()
    page.goto("/")
    page.get_by_label("Putaran").select_option(label="Follow-up 2027")
    page.get_by_role("button", name="Tampilkan").click()
    assert page.get_by_text("0 dari 26 dimulai").is_visible()
    assert page.locator("table.scores").count() == 0
    shot(page, "empty-round")


def test_the_district_summary_sums_to_the_plans_page_and_the_list_sorts_by_cost(page, log_in_as, tmp_path, shot):
    import openpyxl

    log_in_as(page, "demo-pemantau")
    page.goto("/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Unduh ringkasan")).click()
    path = tmp_path / "summary.xlsx"
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path, read_only=True)["Tindakan"].iter_rows(values_only=True))
    header = rows[0]
    needed = [r for r in rows[1:] if r[header.index("Masih perlu dana")] == "Ya"]
    sheet_total = sum(r[header.index("Biaya (Rp)")] for r in needed)

    page.goto("/plans/")
    total = page.locator("p.total").inner_text()
    assert _rupiah(total) == sheet_total and f"{len(needed)} tindakan perlu dana" in total
    page.get_by_label("Urutan").select_option("cost")
    page.get_by_role("button", name="Tampilkan").click()
    costs = [_rupiah(t) for t in page.locator("table.plan tbody td.num:last-child").all_inner_texts()[:5]]
    assert costs == sorted(costs, reverse=True) and costs[0] > 0
    shot(page, "plans-by-cost")


def _needing_money(page, funding: str) -> int:
    page.goto(f"/plans/?funding={funding}")
    found = re.search(r"(\d+) tindakan perlu dana", page.locator("p.total").inner_text())
    assert found
    return int(found.group(1))


def test_an_admin_records_a_budget_decision_and_undoes_it(page, log_in_as, shot):
    log_in_as(page, "demo-admin")
    other = page.context.new_page()  # the district plans, read beside the decision
    before = _needing_money(other, "APBD")
    page.goto("/plans/budget")
    page.get_by_label("Anggaran (Rp)").fill("500.000.000")
    page.get_by_role("button", name="Pilih", exact=True).click()
    assert page.locator("table.budget-subtotals").is_visible()
    unfunded = page.locator("details.unfunded")
    assert not unfunded.locator("table").is_visible()  # folded until opened
    chosen = page.locator("input[name=choose]:checked").count()
    assert chosen > 0
    page.get_by_label("Sumber dana").select_option("APBD")
    shot(page, "budget-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "budget-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Tandai tindakan yang dipilih sebagai terdanai").click()
    assert page.get_by_role("heading", name="Keputusan anggaran dicatat").is_visible()
    assert f"{chosen} tindakan" in page.locator("p.total").inner_text()
    shot(page, "decision-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "decision-375")
    assert before < _needing_money(other, "APBD") <= before + chosen
    page.get_by_role("button", name="Batalkan keputusan ini").click()
    assert page.get_by_role("heading", name="Keputusan dibatalkan").is_visible()
    assert _needing_money(other, "APBD") == before
