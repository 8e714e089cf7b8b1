"""The WASH FIT team page and the team's risk table, as a puskesmas head uses them, on a desktop and a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_a_head_adds_a_team_member_and_reads_the_risk_table_where_the_team_differs(page, log_in_as, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, "demo-kapus")
    page.goto("/facilities/KPG01")
    page.get_by_role("link", name="Tim WASH FIT").click()
    page.get_by_label("Nama", exact=True).fill(f"Rina Contoh {width} (demo)")
    page.get_by_label("Jabatan", exact=True).select_option("ipc")
    page.get_by_label("Telepon (tidak wajib)").fill("0812 3456 7890")
    page.get_by_role("button", name="Tambahkan ke tim").click()
    assert page.get_by_text("Anggota tim ditambahkan.").is_visible()
    assert page.get_by_role("rowheader", name=f"Rina Contoh {width} (demo)").is_visible()
    shot(page, f"team-{width}")
    page.goto("/facilities/KPG01")
    page.get_by_role("link", name="Follow-up 2026 (demo)").first.click()
    page.get_by_role("link", name="Penilaian risiko kesenjangan oleh tim").click()
    shot(page, f"risks-{width}")
    assert page.locator("table.risks .team-judgement").count() >= 1  # the demo's judgements that differ
    body_width = page.evaluate("document.documentElement.scrollWidth")
    assert body_width <= width + 1, "the page itself scrolls sideways; only its tables may"
