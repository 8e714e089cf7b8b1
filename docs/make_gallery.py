"""Regenerate docs/gallery/: screenshots of the main pages, with the synthetic demo data.

    make gallery        (or: .venv/bin/python -m docs.make_gallery)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.live import DEMO_PASSWORD, demo_server, launch_chromium

GALLERY = Path(__file__).resolve().parent / "gallery"
CHROMIUM = Path("/usr/bin/chromium")

# (file, user, path, language, what a newcomer sees)
SHOTS = [
    ("01-login.png", None, "/login", "id", "Logging in (Bahasa Indonesia is the default)"),
    ("02-facility-list.png", "demo-pemantau", "/", "id", "The facility list: domain scores, JMP levels, status"),
    ("03-facility-page-en.png", "demo-pemantau", "/facilities/KPG01", "en",
     "A puskesmas: rounds, change, charts, history"),
    ("04-score-entry.png", "demo-penilai", "/facilities/KPG21/rounds/2/domains/W", "id",
     "Entering scores for one domain"),
    ("05-plan.png", "demo-kapus", "/plans/KPG01", "id", "A puskesmas head's costed improvement plan"),
    ("06-budget.png", "demo-admin", "/plans/budget?budget=500.000.000", "id", "What a budget buys first"),
    ("07-dashboard.png", "demo-pemantau", "/dashboard", "en", "The district dashboard"),
    ("08-report.png", "demo-kapus", "/facilities/KPG01/report", "id",
     "The printable report for a dissemination meeting"),
]


def main() -> None:
    GALLERY.mkdir(exist_ok=True)
    lines = ["# washfit in pictures", "",
             ("Screenshots of the main pages with the **synthetic** demo data (`washfit demo`); regenerate with "
              "`make gallery`."), ""]
    with tempfile.TemporaryDirectory() as folder, demo_server(Path(folder)) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright, CHROMIUM)
        for name, user, path, lang, caption in SHOTS:
            context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            if user:
                page.goto("/login")
                page.get_by_label("Nama pengguna").fill(user)
                page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Masuk").click()
                page.wait_for_url(lambda u: "/login" not in u)
            if lang == "en":
                page.get_by_role("button", name="English").click()
            page.goto(path)
            page.screenshot(path=str(GALLERY / name), full_page=False)
            lines += [f"## {caption}", "", f"![{caption}](gallery/{name})", ""]
            context.close()
        browser.close()
    (GALLERY.parent / "gallery.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
