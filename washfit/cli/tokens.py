"""Commands on API tokens: create one for a user (its secret printed once), list them, revoke one."""

from __future__ import annotations

import click

from assessments.accounts.tokens import MAX_DAYS, find_token, issue_token, list_tokens, revoke_token, token_state
from assessments.accounts.users import active_user
from assessments.models import as_utc, utc_now
from washfit.cli.common import database_session


@click.group("tokens")
def tokens_group() -> None:
    """API tokens for /api/v1: each acts with its user's rights, until it expires or is revoked."""


@tokens_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for (\"Power BI dasbor UNICEF\").")
@click.option("--expires", "days", type=click.IntRange(1, MAX_DAYS), default=90, show_default=True,
              help=f"Days the token stays valid (1 to {MAX_DAYS}).")
def create_command(username: str, name: str, days: int) -> None:
    """Create a token for USERNAME and print its secret: it is shown this once and never stored."""
    with database_session() as session:
        token, secret = issue_token(session, active_user(session, username), name, days, "cli")
        session.commit()
        click.echo(f"Token {token.id} \"{token.name}\" for {username}, valid until "
                   f"{as_utc(token.expires_at).isoformat(timespec='seconds')}.")
        click.echo("Copy the secret now; washfit keeps only its hash and cannot show it again:")
        click.echo(secret)


@tokens_group.command("list")
@click.option("--user", "username", help="Only this user's tokens.")
def list_command(username: str | None) -> None:
    """Every token, newest first: id, prefix, user, name, state, expiry and last use."""
    with database_session() as session:
        now = utc_now()
        tokens = list_tokens(session, active_user(session, username) if username else None)
        for token in tokens:
            used = as_utc(token.last_used_at).isoformat(timespec="seconds") if token.last_used_at else "never"
            click.echo(f"{token.id:>4}  {token.prefix}…  {token.user.username:<16} {token_state(token, now):<13} "
                       f"expires {as_utc(token.expires_at).date().isoformat()}  last used {used}  {token.name}")
    if not tokens:
        click.echo("No API token has been created yet.")


@tokens_group.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
def revoke_command(token_id: int) -> None:
    """Revoke token TOKEN_ID: every call with it is refused from now on."""
    with database_session() as session:
        token = find_token(session, token_id)
        revoke_token(session, token, "cli")
        session.commit()
        click.echo(f"Token {token.id} \"{token.name}\" of {token.user.username} is revoked.")
