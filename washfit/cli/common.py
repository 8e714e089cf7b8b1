"""Helpers shared by the commands: language option, one-line failures, the indicator set."""

from __future__ import annotations

from typing import NoReturn

import click

from assessments.resources import indicator_set_path
from scoring import IndicatorSet, IndicatorSetError, load_indicator_set
from washfit.i18n import DEFAULT_LANGUAGE, LANGUAGES

USAGE_ERROR = 2

language_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True,
    help="Language of the output (id = Bahasa Indonesia, en = English).",
)


def fail(message: str) -> NoReturn:
    """Print a one-line error and exit with status 2, never a traceback."""
    click.echo(f"washfit: {message}", err=True)
    raise SystemExit(USAGE_ERROR)


def load_set() -> IndicatorSet:
    """The configured indicator set, or a one-line failure naming what is wrong with it."""
    try:
        return load_indicator_set(indicator_set_path())
    except (IndicatorSetError, FileNotFoundError) as exc:
        fail(str(exc))
