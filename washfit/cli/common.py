"""Helpers shared by the commands: language option, one-line failures, the indicator set.

Flask and SQLAlchemy load inside ``database_session``: a command that needs no database (``washfit
indicators``, ``score``) never imports them.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from assessments.errors import WashfitError
from assessments.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES
from assessments.shipped_files import first_set_path
from scoring import IndicatorSet, IndicatorSetError, load_indicator_set

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.orm import Session

USAGE_ERROR = 2

language_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True,
    help="Language of the output (id = Bahasa Indonesia, en = English).",
)


T = TypeVar("T")


def attached_to_terminal() -> bool:
    """Whether someone watches: stderr is a terminal (not a log file, a pipe, cron or a test)."""
    return sys.stderr.isatty()


@contextmanager
def progress(items: Iterable[T], label: str, length: int | None = None) -> Iterator[Iterable[T]]:
    """``items`` behind a progress bar on stderr when a person watches; unchanged otherwise.

    click's own bar: no new dependency, and stdout keeps only what the command reports.
    """
    if not attached_to_terminal():
        yield items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar


@contextmanager
def steps(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A ``step()`` to call once per unit of work, advancing a bar of ``total`` when a person watches."""
    if not attached_to_terminal():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield lambda: bar.update(1)


def fail(message: str) -> NoReturn:
    """Print a one-line error and exit with status 2, never a traceback."""
    click.echo(f"washfit: {message}", err=True)
    raise SystemExit(USAGE_ERROR)


def load_set() -> IndicatorSet:
    """The configured indicator set, or a one-line failure naming what is wrong with it."""
    try:
        return load_indicator_set(first_set_path())
    except (IndicatorSetError, FileNotFoundError) as exc:
        fail(str(exc))


@contextmanager
def database_session() -> Iterator[Session]:
    """A session on the configured database (``DATABASE_URL`` or SQLite under instance/).

    The command owns the transaction: it commits at its end; an error rolls everything back, and
    a domain error (unknown facility, invalid input ...) ends the command with its message.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from washfit.db import engine, get_session

    app = cli_app()
    with app.app_context():
        session = get_session()
        try:
            yield session
        except WashfitError as exc:  # a rule the input broke: one line, nothing written
            session.rollback()
            fail(str(exc))
        except SQLAlchemyError as exc:
            session.rollback()
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            fail(f"database error: {reason} (is DATABASE_URL right, and has `washfit init-db` been run?)")
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            engine().dispose()  # a command is short-lived: leave no pooled connection behind


def cli_app() -> Flask:
    """The app for commands that never serve a request, so they need no SECRET_KEY."""
    from washfit import create_app

    return create_app({"SECRET_KEY": secrets.token_hex(16), "DATABASE_URL": os.environ.get("DATABASE_URL")})
