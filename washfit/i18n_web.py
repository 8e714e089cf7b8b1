"""Flask-Babel wiring: Bahasa Indonesia by default, English by a switch that sticks."""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel

from assessments.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATIONS


def select_locale() -> str:
    """The language chosen with the switch, kept in the session and a long-lived cookie."""
    lang = session.get("lang") or request.cookies.get("washfit_lang")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=select_locale)

    @app.context_processor
    def language() -> dict[str, object]:
        return {"lang": select_locale(), "languages": LANGUAGES}
