"""Issue 19, items 3 and 6 as people meet them: the facility's history in words on WITA's clock,
one save per group; the offline workbook saying what each score means, its Petunjuk on one A4 page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_one_save_shows_as_one_group_in_words_on_the_districts_clock(page, log_in_as, shot):
    log_in_as(page, "demo-penilai")
    # KPG24's follow-up is a draft answered half way: its last domain is still empty. (KPG25 and
    # KPG26 are the journeys' own; the live demo is shared by every browser test.)
    page.goto("/facilities/KPG24/rounds/2/domains/M")
    first, second = page.locator("fieldset.indicator").nth(0), page.locator("fieldset.indicator").nth(1)
    first.get_by_label("Memenuhi sebagian").check()
    second.get_by_label("Tidak memenuhi", exact=True).check()
    page.get_by_role("button", name="Simpan sebagai draf").click()
    assert page.get_by_text("jawaban yang berubah disimpan").is_visible()
    page.goto("/facilities/KPG24#history")
    newest = page.locator("section.change-set").first
    meta = newest.locator(".change-meta").inner_text()
    assert re.search(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November"
                     r"|Desember) \d{4} \d{2}\.\d{2} WITA · demo-penilai", meta), meta
    changes = newest.locator("ul.changes > li").all_inner_texts()
    answers = [c for c in changes if "skor:" in c]
    assert len(answers) == 2, changes  # the save's two answers together (beside the draft it started)
    assert all(re.search(r"\bM\d+ \w", c) and "Follow-up 2026 (demo)" in c for c in answers), answers
    text = page.locator("#history").locator("..").inner_text()
    assert "jawaban 4" not in text and "UTC" not in text and "assessment " not in text
    assert page.locator("section.change-set").count() <= 20  # paged
    shot(page, "history")


def test_the_offline_workbook_says_what_each_score_means_and_prints_petunjuk_on_one_page(page, log_in_as, tmp_path):
    import openpyxl

    log_in_as(page, "demo-penilai")
    page.goto("/facilities/KPG26/rounds/2/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Unduh formulir luring")).click()
    path = tmp_path / "form.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    guide = book["Petunjuk"]
    assert guide.sheet_properties.pageSetUpPr.fitToPage and guide.page_setup.fitToHeight == 1
    assert int(guide.page_setup.paperSize) == int(guide.PAPERSIZE_A4) and guide.page_setup.orientation == "portrait"
    water = book[book.sheetnames[1]]
    header = [c.value for c in water[4]]
    assert header[5].startswith("Arti skor")
    meanings = water["F5"].value
    assert meanings.startswith("Memenuhi:") and "Tidak memenuhi:" in meanings
