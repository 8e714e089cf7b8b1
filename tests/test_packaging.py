"""A regular install carries what a checkout has: templates, the seed set, compiled catalogs."""

import configparser
from pathlib import Path

from tests.conftest import ROOT


def data_files() -> dict[str, list[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return {target: [p.strip() for p in sources.split("\n") if p.strip()]
            for target, sources in config["options.data_files"].items()}


def test_every_template_folder_is_shipped_as_data_files():
    shipped = {Path(pattern).parent for patterns in data_files().values() for pattern in patterns}
    folders = {p.parent.relative_to(ROOT) for p in (ROOT / "templates").rglob("*.html")}
    assert folders <= shipped, f"add to [options.data_files] in setup.cfg: {sorted(map(str, folders - shipped))}"


def test_each_templates_folder_lands_under_the_same_name():
    for target, patterns in data_files().items():
        for pattern in patterns:
            if pattern.startswith("templates/"):
                assert target == f"share/washfit/{Path(pattern).parent}"


def test_the_seed_set_is_shipped():
    assert data_files()["share/washfit"] == ["seed_indicators.yaml", "death_audit_codes.yaml"]
