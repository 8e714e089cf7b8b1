"""The translation catalog, read the same way by the web app (through Flask-Babel), the workbooks,
the charts and the command line, so that every one of them says the same word for a thing.

Message ids are English; Bahasa Indonesia is the default language. The catalog lives in
``assessments/i18n/translations`` and is compiled to .mo during install (``setup.py``).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog for ``lang`` (English is the message ids themselves)."""
    return gettext.translation("messages", TRANSLATIONS, languages=[lang], fallback=True)


def translator(lang: str) -> Callable[[str], str]:
    """``gettext`` for ``lang``: a message id in, its words in that language out."""
    return translations(lang).gettext
