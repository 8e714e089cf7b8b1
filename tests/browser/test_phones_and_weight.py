"""Pages on a 375 px phone and over 3G: no sideways page scroll, a short header, ≤ 150 KB a page.

Issue 19 found the plan and facility tables scrolling the whole page sideways, the header and
banner filling 40 % of the first screen and a 360 KB dashboard. Weight counts every byte the
first load of a page fetches — the HTML, the stylesheet, the favicon and the chart images — in
a fresh browser context, so nothing comes from a cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

pytestmark = pytest.mark.browser

WEIGHT_LIMIT = 150 * 1024
PAGES = {
    "demo-admin": ["/", "/dashboard", "/plans/", "/plans/KPG01", "/facilities/KPG01", "/plans/costs",
                   "/plans/budget?budget=500000000", "/facilities/KPG01/team", "/facilities/KPG01/rounds/2/risks",
                   "/admin/users", "/admin/facilities", "/admin/rounds", "/admin/indicator-sets", "/death-audits"],
    "demo-pemantau": ["/", "/dashboard", "/plans/", "/facilities/KPG05"],
    "demo-kapus": ["/facilities/KPG01", "/plans/KPG01"],
    "demo-penilai": ["/facilities/KPG25", "/facilities/KPG25/rounds/2/", "/facilities/KPG25/rounds/2/domains/W"],
}


def first_load(page: Page, path: str) -> int:
    """Bytes of everything the first load of ``path`` fetches, images included, with no cache."""
    fetched: list[Request] = []

    def keep(request: Request) -> None:
        fetched.append(request)

    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.on("requestfinished", keep)
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response.status if response else 'no response'}"
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", keep)
    return sum(r.sizes()["responseBodySize"] for r in fetched)


def sideways_overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("user", sorted(PAGES))
def test_no_page_scrolls_sideways_on_a_phone_and_each_weighs_at_most_150_kb(phone, log_in_as, shot, user):
    log_in_as(phone, user)
    heavy, wide = [], []
    for path in PAGES[user]:
        weight = first_load(phone, path)
        if weight > WEIGHT_LIMIT:
            heavy.append(f"{path}: {weight / 1024:.0f} KB")
        if (overflow := sideways_overflow(phone)) > 0:
            wide.append(f"{path}: {overflow} px")
            shot(phone, "wide" + path.replace("/", "-"))
    assert not wide, "pages that scroll sideways at 375 px: " + ", ".join(wide)
    assert not heavy, f"pages over {WEIGHT_LIMIT // 1024} KB on first load: " + ", ".join(heavy)


def test_header_and_demo_banner_take_little_of_a_phone_screen(phone, log_in_as, shot):
    log_in_as(phone, "demo-admin")
    phone.goto("/plans/KPG01")
    header = phone.locator("header.top").bounding_box()
    banner = phone.locator("p.demo").bounding_box()
    assert header and banner
    assert header["height"] + banner["height"] <= 0.2 * 800
    assert phone.locator("p.demo").inner_text().startswith("Data demonstrasi")  # still says what it is
    shot(phone, "plan-on-a-phone")


def test_the_plan_reads_as_cards_with_cost_and_funding_in_view_on_a_phone(phone, log_in_as):
    log_in_as(phone, "demo-kapus")
    phone.goto("/plans/KPG01")
    card = phone.locator("table.plan tbody tr:not(.part)").first
    for label in ("Biaya", "Sumber dana", "Penanggung jawab"):
        cell = card.locator(f"td[data-label^='{label}']")
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, label


def test_domain_columns_say_the_domain_in_indonesian_with_the_code_as_tooltip(page, log_in_as):
    log_in_as(page, "demo-pemantau")
    page.goto("/")
    head = page.locator("table.scores thead th[title^='HCWM']")
    assert head.inner_text().strip() == "Limbah medis"
    assert page.locator("link[rel=icon]").count() == 1
    assert page.request.get(page.locator("link[rel=icon]").get_attribute("href")).ok
