"""Login throttling: failures slow down the client that makes them, never the account for everyone.

A hard lock after N failures lets anyone lock the administrator out by typing wrong passwords.
Instead every failed login is stored (``login_attempts``, in the database so that every
gunicorn worker sees the same counts) and three backoffs are read from it:

- per account and client: a few free tries for one username from one address, then a wait
  that doubles with each failure up to ``MAX_WAIT``;
- per client: more free tries for one address whatever username it types, then the same
  doubling: one address cannot walk through many accounts;
- per account, for clients that have failed on it: when an account draws many failures from
  anywhere (a guess spread over many addresses), each of those addresses waits too, but only
  up to ``MAX_ACCOUNT_WAIT`` and never a client with no failure on the account.

So a correct login from another device always goes through at once, whatever an attacker
does. A refused attempt is not stored (the password is not even checked), so hammering adds
no rows; a success clears the failures of that username from that client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput
from assessments.i18n.labels import N_
from assessments.models import LoginAttempt

REMEMBERED = dt.timedelta(hours=24)
FREE_PER_ACCOUNT_CLIENT = 3
FREE_PER_CLIENT = 20
FREE_PER_ACCOUNT = 10
MAX_WAIT = dt.timedelta(minutes=15)
MAX_ACCOUNT_WAIT = dt.timedelta(minutes=1)
MAX_NAME = 80
MAX_CLIENT = 64


class LoginThrottled(InvalidInput):
    """Too many failures from this client: the password was not checked."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(N_("Too many failed logins from this device. Wait %(seconds)d seconds and try again."),
                         seconds=seconds)


@dataclass(frozen=True)
class _Failures:
    count: int
    last: dt.datetime | None


def _key(username: str, client: str) -> tuple[str, str]:
    return username.strip().lower()[:MAX_NAME], client[:MAX_CLIENT]


def _failures(session: Session, since: dt.datetime, *conditions: object) -> _Failures:
    count, last = session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(LoginAttempt.at > since, *conditions)  # type: ignore[arg-type]
    ).one()
    return _Failures(count, _aware(last))


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _backoff(failures: _Failures, free: int, cap: dt.timedelta) -> dt.datetime | None:
    """When the next attempt may come: 2 s after the first failure past ``free``, doubling, at most ``cap``."""
    if failures.count < free or failures.last is None:
        return None
    seconds = min(2 ** min(failures.count - free + 1, 30), int(cap.total_seconds()))
    return failures.last + dt.timedelta(seconds=seconds)


def check_allowed(session: Session, username: str, client: str, now: dt.datetime) -> None:
    """Raise ``LoginThrottled`` when this client must wait before trying ``username`` again."""
    name, client = _key(username, client)
    since = now - REMEMBERED
    pair = _failures(session, since, LoginAttempt.username == name, LoginAttempt.client == client)
    waits = [
        _backoff(pair, FREE_PER_ACCOUNT_CLIENT, MAX_WAIT),
        _backoff(_failures(session, since, LoginAttempt.client == client), FREE_PER_CLIENT, MAX_WAIT),
    ]
    if pair.count:
        # Only a client that has failed on the account shares the account-wide wait.
        waits.append(_backoff(_failures(session, since, LoginAttempt.username == name), FREE_PER_ACCOUNT,
                              MAX_ACCOUNT_WAIT))
    until = max((w for w in waits if w is not None), default=None)
    if until is not None and until > now:
        raise LoginThrottled(max(1, int((until - now).total_seconds() + 0.999)))


def record_failure(session: Session, username: str, client: str, now: dt.datetime) -> None:
    """Remember a failed login (never the password), audit it, and forget failures older than a day."""
    name, client = _key(username, client)
    session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - REMEMBERED))
    session.add(LoginAttempt(at=now, username=name, client=client))
    record_change(session, name or "-", "login", client or "-", "failed", None, "wrong username or password")
    session.flush()


def record_success(session: Session, username: str, client: str) -> None:
    """A right password from this client clears its failures on this username."""
    name, client = _key(username, client)
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == name, LoginAttempt.client == client))
