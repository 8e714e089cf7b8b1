"""Commands on the database: migrate, add users, load the demo, serve the app."""

from __future__ import annotations

import os

import click
from sqlalchemy.exc import SQLAlchemyError

from assessments.accounts.users import active_user, create_user, update_user
from assessments.database import head_revision, schema_revision, upgrade_to_head
from assessments.demo import demo_steps, is_empty, load_demo
from assessments.i18n.catalog import translator
from assessments.indicator_sets import ensure_first_set
from assessments.models import ROLES
from washfit.cli.common import database_session, fail, language_option, steps
from washfit.db import engine


@click.command("init-db")
@language_option
def init_db_command(lang: str) -> None:
    """Create or upgrade the database schema (Alembic migrations to head); store the first indicator set.

    Says what it did: created a new database, upgraded one from an earlier revision, or found it
    at the latest already. The first set is ``WASHFIT_INDICATORS`` (else the shipped seed set),
    stored once: later sets come in through ``washfit sets import``.
    """
    _ = translator(lang)
    head = head_revision()
    with database_session() as session:
        try:
            with engine().connect() as connection:
                before = schema_revision(connection)
            upgrade_to_head(engine())
        except SQLAlchemyError as exc:
            fail(f"cannot migrate the database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        stored = ensure_first_set(session, "cli")
        session.commit()
    if before is None:
        click.echo(_("Database created at the latest schema (revision %(head)s).") % {"head": head})
    elif before == head:
        click.echo(_("Database is already at the latest schema (revision %(head)s): nothing to change.")
                   % {"head": head})
    else:
        click.echo(_("Database upgraded from revision %(before)s to %(head)s.") % {"before": before, "head": head})
    click.echo(_("Indicator sets: the latest is %(ref)s.") % {"ref": stored.ref})


@click.command("set-password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters.")
@language_option
def set_password_command(username: str, password: str, lang: str) -> None:
    """Give an account a new password (the way back into the demo when its printed logins are lost).

    Ends the account's open sessions; audited as a change by the command line.
    """
    _ = translator(lang)
    with database_session() as session:
        user = active_user(session, username)
        update_user(session, user, "cli", user.role, [f.code for f in user.facilities], user.active, password)
        session.commit()
    click.echo(_("Password of %(name)s changed; their open sessions have ended.") % {"name": username})


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--facility", "facilities", multiple=True, metavar="CODE",
              help="A facility the user may touch (repeatable).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters.")
def create_user_command(username: str, role: str, facilities: tuple[str, ...], password: str) -> None:
    """Add a user with a role and, for assessors and puskesmas heads, their facilities."""
    with database_session() as session:
        create_user(session, username, role, password, facilities, actor="cli")
        session.commit()
    click.echo(f"User {username} ({role}) created.")


@click.command("demo")
@click.option("--seed", default=2025, show_default=True, help="Seed of the synthetic scores.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has facilities.")
@click.option("--password", default=None, help="Give every demo user this password instead of random ones.")
def demo_command(seed: int, if_empty: bool, password: str | None) -> None:
    """Load the 26 puskesmas of Kabupaten Kupang with two rounds of SYNTHETIC scores."""
    with database_session() as session:
        if not is_empty(session):
            if if_empty:
                click.echo("Basis data sudah berisi data; demo tidak dimuat. Lupa kata sandi demo? "
                           "Jalankan: washfit set-password demo-admin")
                click.echo("The database has data already; the demo was not loaded. Lost the demo passwords? "
                           "Run: washfit set-password demo-admin")
                return
            fail("the database is not empty; the demo loads only into an empty database")
        with steps(demo_steps(), "Demo") as step:
            logins = load_demo(session, seed=seed, password=password, step=step)
        session.commit()
    click.echo("Demo loaded: 26 puskesmas, two rounds of SYNTHETIC scores (not real assessment results) "
               "and SYNTHETIC death audit summaries at four puskesmas (never real cases).")
    click.echo("Demo logins:")
    for login in logins:
        where = f" ({', '.join(login.facilities)})" if login.facilities else ""
        click.echo(f"  {login.username:<16} {login.role:<14} password: {login.password}{where}")


def gunicorn_arguments(host: str, port: int, workers: int, timeout: int, max_requests: int) -> list[str]:
    """The gunicorn command line: every limit explicit, so a slow request or a leak cannot hold a worker for ever."""
    return ["gunicorn", "--workers", str(workers), "--bind", f"{host}:{port}",
            "--timeout", str(timeout), "--graceful-timeout", str(timeout),
            "--max-requests", str(max_requests), "--max-requests-jitter", str(max_requests // 10),
            "--access-logfile", "-", "washfit:create_app()"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--production", is_flag=True, help="Serve with gunicorn instead of the development server.")
@click.option("--workers", envvar="WASHFIT_WORKERS", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn workers with --production (env WASHFIT_WORKERS); about 2 per core.")
@click.option("--timeout", envvar="WASHFIT_TIMEOUT", default=30, show_default=True, type=click.IntRange(5, 600),
              help="Seconds before gunicorn restarts a worker stuck on one request (env WASHFIT_TIMEOUT).")
@click.option("--max-requests", envvar="WASHFIT_MAX_REQUESTS", default=1000, show_default=True,
              type=click.IntRange(0, None), help="Requests after which a worker is replaced, 0 never "
                                                  "(env WASHFIT_MAX_REQUESTS); a random jitter of up to a tenth "
                                                  "keeps the workers from restarting together.")
def serve_command(host: str, port: int, production: bool, workers: int, timeout: int, max_requests: int) -> None:
    """Serve the web app."""
    if production:
        os.execvp("gunicorn", gunicorn_arguments(host, port, workers, timeout, max_requests))
    from washfit import create_app
    from washfit.config import ConfigurationError

    try:
        app = create_app()
    except ConfigurationError as exc:
        fail(str(exc))
    app.run(host=host, port=port, debug=False)
