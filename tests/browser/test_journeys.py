"""Journeys through the app as people make them, in Debian's chromium driven by Playwright."""

import pytest

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
    page.get_by_role("link", name="S", exact=True).click()
    page.get_by_role("link", name="W", exact=True).click()
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
    page.get_by_role("button", name="Kirim penilaian").click()
    assert page.get_by_text("Status penilaian sekarang: dikirim.").is_visible()
    shot(page, "3-submitted")


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
