"""Keep the translation catalog in step with the code: `python -m scripts.catalog update|check|compile`.

``update`` extracts every message id from the code and templates (babel.cfg says where), merges
them into the Bahasa Indonesia catalog (new ids arrive untranslated) and compiles it. ``check``
lists the ids that have no translation yet, and exits 1 when there are any (the test suite runs
the same check). ``compile`` writes the .mo the running code reads (the install does it too).
Message ids are English; every one needs its Bahasa Indonesia.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "assessments" / "i18n" / "translations" / "id" / "LC_MESSAGES" / "messages.po"
# The functions whose arguments are message ids (gettext's own _ , ngettext ... are Babel's defaults).
KEYWORDS = {
    "_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None, "N_plural": (1, 2),
    "InvalidInput": None, "NotFound": None, "PermissionDenied": None, "problem": (2,), "Problem": (2,),
    "lazy_gettext": None,
}


def extracted() -> Catalog:
    """Every message id the code and templates use, as a template catalog."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    template = Catalog()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        template.add(message)
    return template


def untranslated() -> list[str]:
    """The message ids the code uses that the catalog does not translate."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    missing = []
    for message in extracted():
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        if not strings or (isinstance(strings, tuple) and not all(strings)) or (found and found.fuzzy):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update() -> None:
    """Merge the extracted ids into the catalog; translations of ids the code dropped go."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    template = extracted()
    template.creation_date = catalog.creation_date  # the header stays put: no churn in every change
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with CATALOG.open("wb") as po:
        write_po(po, catalog, width=100, sort_output=True, no_location=True, include_previous=False)


def compile_catalog() -> None:
    """Write the .mo beside the catalog, as the install does."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    with CATALOG.with_suffix(".mo").open("wb") as mo:
        write_mo(mo, catalog)


def main(argv: list[str]) -> int:
    if argv[1:] == ["compile"]:
        compile_catalog()
        return 0
    if argv[1:] == ["update"]:
        update()
        compile_catalog()
    elif argv[1:] != ["check"]:
        print(__doc__)
        return 2
    missing = untranslated()
    for message in missing:
        print(f"untranslated: {message!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
