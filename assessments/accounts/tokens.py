"""API tokens: issued by an administrator for one user, shown once, kept as a SHA-256, revocable.

The secret is 32 random bytes (``secrets.token_urlsafe``): nobody can work a 256-bit secret back
from its hash, so a plain SHA-256 keeps it as safely as a slow password hash would, and finding
the token of a request is one index lookup. A token acts with its user's rights at the time of
the call (``assessments.permissions``): a changed role or facility list applies at once.

Use is recorded without a write on every call: ``last_used_at`` moves when it is more than
``LAST_USED_STEP`` old, and the audit log gets one entry per token per UTC day, on its first use
that day (field ``used``, from the previous day of use to this one). Creation and revocation are
audited too, under the administrator who did them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound
from assessments.models import ApiToken, User, as_utc, utc_now

SECRET_PREFIX = "wf_"  # says what the secret is when it turns up in a script or a log
PREFIX_LENGTH = len(SECRET_PREFIX) + 8  # what a list shows of a token
MAX_NAME_LENGTH = 100
MAX_DAYS = 366  # a token lives at most a year: an integration is renewed, not forgotten
LAST_USED_STEP = dt.timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(
    session: Session, user: User, name: str, days: int, actor: str, now: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user`` valid ``days`` days, and its secret: the only time the secret exists."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidInput("a token needs a name of 1 to %(count)d characters", count=MAX_NAME_LENGTH)
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput("a token is valid for 1 to %(count)d days", count=MAX_DAYS)
    if not user.active:
        raise InvalidInput("user %(name)s is not active", name=user.username)
    now = now or utc_now()
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=digest(secret), prefix=secret[:PREFIX_LENGTH],
                     created_by=actor, created_at=now, expires_at=now + dt.timedelta(days=days))
    session.add(token)
    session.flush()
    record_change(session, actor, "api_token", token.id, "created", None,
                  f"{name} ({token.prefix}…) for {user.username}, expires {token.expires_at.date().isoformat()}")
    return token, secret


def list_tokens(session: Session, user: User | None = None) -> Sequence[ApiToken]:
    """Every token (of ``user``), newest first, revoked and expired ones included: they are history."""
    query = select(ApiToken).options(selectinload(ApiToken.user)).order_by(ApiToken.created_at.desc(),
                                                                           ApiToken.id.desc())
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return session.scalars(query).all()


def find_token(session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("no API token %(id)s", id=token_id)
    return token


def revoke_token(session: Session, token: ApiToken, actor: str, now: dt.datetime | None = None) -> None:
    """Stop the token working from now on; revoking it again changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = now or utc_now()
    record_change(session, actor, "api_token", token.id, "revoked_at", None, token.revoked_at.isoformat())


def token_state(token: ApiToken, now: dt.datetime) -> str:
    """``active``, ``revoked``, ``expired`` or ``inactive_user``: what a call with it would meet."""
    if token.revoked_at is not None:
        return "revoked"
    if as_utc(token.expires_at) <= now:
        return "expired"
    if not token.user.active:
        return "inactive_user"
    return "active"


@dataclass(frozen=True)
class TokenCheck:
    """What a presented secret is: its token and user when it may be used, else why not."""

    user: User | None
    refusal: str = ""  # "unknown", "revoked", "expired" or "inactive_user"
    token: ApiToken | None = None


def authenticate_token(session: Session, secret: str, now: dt.datetime | None = None) -> TokenCheck:
    """The user a request's secret acts as; reads only (``record_token_use`` records an answered call)."""
    now = now or utc_now()
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None:
        return TokenCheck(None, "unknown")
    state = token_state(token, now)
    if state != "active":
        return TokenCheck(None, state)
    return TokenCheck(token.user, token=token)


def record_token_use(session: Session, token: ApiToken, now: dt.datetime | None = None) -> None:
    """Record a call the token was answered: ``last_used_at`` (at most once a minute) and a daily audit entry.

    Called for answered calls only, so a refused request (a bad parameter, a forbidden object)
    writes nothing, as everywhere in washfit.
    """
    now = now or utc_now()
    last = as_utc(token.last_used_at) if token.last_used_at is not None else None
    if last is None or last.date() != now.date():
        record_change(session, token.user.username, "api_token", token.id, "used",
                      last.date().isoformat() if last else None, now.date().isoformat())
    if last is None or now - last >= LAST_USED_STEP:
        token.last_used_at = now
