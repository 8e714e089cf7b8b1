"""axe-core (from the npm registry) on the main pages: no serious or critical violation."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import AXE, _browser_unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = [
    ("anonymous", "/login"),
    ("demo-pemantau", "/"),
    ("demo-pemantau", "/facilities/KPG01"),
    ("demo-penilai", "/facilities/KPG21/rounds/2/domains/W"),
    ("demo-penilai", "/facilities/KPG21/rounds/2/"),
    ("demo-admin", "/admin/users"),
    ("demo-admin", "/admin/facilities"),
]


def serious_violations(page: Page) -> list[dict[str, Any]]:
    if not AXE.exists():
        _browser_unavailable(f"{AXE} is missing: run 'npm ci' (make test does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("user", "path"), PAGES)
def test_main_pages_have_no_serious_accessibility_violations(page, log_in_as, user, path):
    if user != "anonymous":
        log_in_as(page, user)
    page.goto(path)
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
