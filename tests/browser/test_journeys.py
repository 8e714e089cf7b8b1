"""Journeys through the app as people make them, in Debian's chromium driven by Playwright."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_assessor_fills_a_domain_sees_validation_saves_returns_and_submits(page, log_in_as, shot):
    log_in_as(page, "demo-penilai")
    page.get_by_role("link", name="KPG25").click()
    shot(page, "1-facility")
    page.get_by_role("link", name="Follow-up 2026 (demo)").click()
    page.get_by_role("link", name="W · Air").click()
    first, second = page.locator("fieldset.indicator").nth(0), page.locator("fieldset.indicator").nth(1)
    first.get_by_label("Memenuhi sebagian").check()
    first.get_by_role("textbox").fill("tandon bocor")
    second.get_by_role("textbox").fill("belum diperiksa")  # a comment without a score is refused
    page.get_by_role("button", name="Simpan sebagai draf").click()
    assert page.get_by_text("komentar memerlukan skor").is_visible()
    first, second = page.locator("fieldset.indicator").nth(0), page.locator("fieldset.indicator").nth(1)
    assert first.get_by_label("Memenuhi sebagian").is_checked()
    assert second.get_by_role("textbox").input_value() == "belum diperiksa"
    shot(page, "2-validation")
    second.get_by_label("Tidak memenuhi", exact=True).check()
    page.get_by_role("button", name="Simpan sebagai draf").click()
    assert page.get_by_text("jawaban yang berubah disimpan").is_visible()
    page.get_by_role("link", name="Sanitasi", exact=True).click()
    page.get_by_role("link", name="Air", exact=True).click()
    first = page.locator("fieldset.indicator").first
    assert first.get_by_label("Memenuhi sebagian").is_checked()
    assert first.get_by_role("textbox").input_value() == "tandon bocor"
    # answer every domain, using the keyboard for the score choices
    for domain in page.locator("nav.domains a").all_inner_texts():
        page.locator("nav.domains").get_by_role("link", name=domain, exact=True).click()
        for fieldset in page.locator("fieldset.indicator").all():
            radio = fieldset.locator("input[type=radio]").first
            if radio.count() and not fieldset.locator("input[type=radio]:checked").count():
                radio.focus()
                page.keyboard.press("Space")
        page.get_by_role("button", name="Simpan sebagai draf").click()
    page.locator(".crumbs").get_by_role("link", name="Follow-up 2026 (demo)").click()
    page.get_by_role("button", name="Ajukan penilaian").click()
    assert page.get_by_text("Status penilaian sekarang: diajukan.").is_visible()
    assert page.get_by_text("Berikutnya: Dinas Kesehatan Kabupaten memeriksa dan memvalidasi").is_visible()
    assert page.get_by_role("link", name="Unduh formulir luring (Excel)").count() == 0
    shot(page, "3-submitted")


def test_a_puskesmas_head_lands_on_their_puskesmas_beside_the_district_and_one_click_from_the_plan(
        page, log_in_as, shot):
    log_in_as(page, "demo-kapus")
    assert page.url.endswith("/facilities/KPG01")
    assert page.get_by_role("rowheader", name=re.compile("Median kabupaten")).is_visible()
    history = page.locator("section.change-set").first
    assert re.search(r"\d+ \w+ \d{4} \d{2}\.\d{2} WITA", history.locator(".change-meta").inner_text())
    shot(page, "1-landing")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "2-landing-375")
    page.get_by_role("link", name="Rencana perbaikan", exact=True).first.click()
    assert page.url.endswith("/plans/KPG01")


def test_switching_the_language_to_english_and_back(page, log_in_as, shot):
    log_in_as(page, "demo-pemantau")
    assert page.get_by_role("heading", name="Fasilitas").first.is_visible()
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Facilities").first.is_visible()
    page.goto("/facilities/KPG01")
    assert page.get_by_role("heading", name="History of changes").is_visible()
    shot(page, "english")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    assert page.get_by_role("heading", name="Riwayat perubahan").is_visible()


def test_a_puskesmas_head_cannot_open_another_puskesmas(page, log_in_as):
    log_in_as(page, "demo-kapus")
    response = page.goto("/facilities/KPG02")
    assert response.status == 403
    assert page.get_by_role("heading", name="Anda tidak boleh membuka halaman ini").is_visible()


def english(page: Page) -> None:
    page.get_by_role("button", name="English").click()


def test_puskesmas_head_edits_status_and_cost_sees_the_total_change_and_no_other_plan(page, log_in_as, shot):
    log_in_as(page, "demo-kapus")
    english(page)
    page.goto("/plans/KPG01")
    before = page.locator("text=/Plan total: Rp [0-9.]+/").first.inner_text()
    shot(page, "1-plan")
    page.get_by_role("link", name="edit").first.click()
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Unit-cost override (Rp)").first.fill("1.000.000")
    page.get_by_label(re.compile("Re-open the plan")).check()  # the demo's KPG01 plan is validated: a cost is scope
    shot(page, "2-edit")
    page.get_by_role("button", name="Save").click()
    after = page.locator("text=/Plan total: Rp [0-9.]+/").first.inner_text()
    assert after != before
    assert page.get_by_text("in progress").first.is_visible()
    shot(page, "3-plan-after")
    response = page.goto("/plans/KPG02")
    assert response.status == 403


def test_viewer_downloads_the_district_summary_and_it_opens(page, log_in_as, tmp_path):
    import openpyxl

    log_in_as(page, "demo-pemantau")
    english(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the district summary")).click()
    path = tmp_path / "summary.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] in ("About", "Tentang") and len(book.sheetnames) >= 8


def test_assessor_round_trips_the_offline_workbook_and_sees_a_broken_file_refused(page, log_in_as, shot, tmp_path):
    import openpyxl

    log_in_as(page, "demo-penilai")
    english(page)
    page.goto("/facilities/KPG26/rounds/2/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the offline form (Excel)").click()
    path = tmp_path / "form.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    water = book[book.sheetnames[1]]
    water["D5"] = "Memenuhi sebagian"
    water["E5"] = "tandon retak"
    book.save(path)
    page.get_by_role("link", name="Upload a filled-in workbook").click()
    broken = tmp_path / "broken.xlsx"
    broken.write_text("this is not a workbook", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(broken))
    page.get_by_role("button", name="Check and import").click()
    assert page.locator(".problems").get_by_text("not an Excel workbook").is_visible()
    shot(page, "1-refused")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()
    assert page.get_by_text("Workbook imported").is_visible()
    page.goto("/facilities/KPG26/rounds/2/domains/W")
    first = page.locator("fieldset.indicator").first
    assert first.get_by_label("Partially meets").is_checked()
    assert first.get_by_role("textbox").input_value() == "tandon retak"
    shot(page, "2-imported")
