"""Translations shared by the web app (through Flask-Babel) and the command line.

Message ids are English; the Bahasa Indonesia catalog is the default language. Catalogs live in
``washfit/translations`` and are compiled to .mo during install.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog for ``lang`` (English is the message ids themselves)."""
    return gettext.translation("messages", TRANSLATIONS, languages=[lang], fallback=True)


def translator(lang: str):  # type: ignore[no-untyped-def]
    """A ``gettext`` function for ``lang``, for code outside a request (the CLI)."""
    return translations(lang).gettext
