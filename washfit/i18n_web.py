"""Flask-Babel wiring: Bahasa Indonesia by default, English by a switch that sticks."""

from __future__ import annotations

from babel.support import NullTranslations
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale, get_translations

from assessments.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATIONS


def select_locale() -> str:
    """The language chosen with the switch, kept in the session and a long-lived cookie."""
    lang = session.get("lang") or request.cookies.get("washfit_lang")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=select_locale)
    # The templates' gettext, with the request's catalog looked up once: Flask-Babel's own looks up
    # the locale and catalog on every call (80 strings on the dashboard, a tenth of its time).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.context_processor
    def language() -> dict[str, object]:
        return {"lang": select_locale(), "languages": LANGUAGES}


def _translations() -> NullTranslations:
    """The request's catalog, looked up again only when the locale changes (``force_locale``)."""
    locale = get_locale()
    found: tuple[object, NullTranslations] | None = g.get("translations")
    if found is None or found[0] is not locale:
        found = g.translations = (locale, get_translations())
    return found[1]
