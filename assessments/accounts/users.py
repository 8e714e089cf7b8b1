"""Accounts: creation, assignment to facilities, and login with a lockout after repeated failures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.accounts.passwords import DUMMY_HASH, hash_password, verify_password
from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound
from assessments.facilities import facilities_by_code
from assessments.models import ROLES, User, utc_now

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)


def check_password_rules(password: str) -> None:
    """Refuse passwords too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password must have at least %(count)d characters", count=MIN_PASSWORD_LENGTH)


def create_user(
    session: Session,
    username: str,
    role: str,
    password: str,
    facility_codes: Sequence[str] = (),
    actor: str = "system",
) -> User:
    """Add an account; the username must be new and the role one of ``ROLES``."""
    username = username.strip()
    if not username:
        raise InvalidInput("username is empty")
    if role not in ROLES:
        raise InvalidInput("unknown role %(role)s; use one of %(roles)s", role=role, roles=", ".join(ROLES))
    if session.scalar(select(func.count()).where(func.lower(User.username) == username.lower())):
        raise InvalidInput("user %(name)s exists already", name=username)
    check_password_rules(password)
    user = User(username=username, role=role, password_hash=hash_password(password))
    user.facilities = facilities_by_code(session, facility_codes)
    session.add(user)
    session.flush()
    record_change(session, actor, "user", user.id, "created", None, f"{username} ({role})")
    return user


def update_user(
    session: Session,
    user: User,
    actor: str,
    role: str,
    facility_codes: Sequence[str],
    active: bool,
    password: str | None = None,
) -> None:
    """Change a user's role, facilities, active flag and optionally password, with audit entries."""
    if role not in ROLES:
        raise InvalidInput("unknown role %(role)s; use one of %(roles)s", role=role, roles=", ".join(ROLES))
    facilities = facilities_by_code(session, facility_codes)
    old_codes = ",".join(f.code for f in user.facilities)
    record_change(session, actor, "user", user.id, "role", user.role, role)
    record_change(session, actor, "user", user.id, "facilities", old_codes, ",".join(f.code for f in facilities))
    record_change(session, actor, "user", user.id, "active", user.active, active)
    user.role, user.facilities, user.active = role, facilities, active
    if password:
        check_password_rules(password)
        user.password_hash = hash_password(password)
        user.session_epoch += 1  # ends every session opened with the old password
        record_change(session, actor, "user", user.id, "password", "(set)", "(changed)")


def authenticate(session: Session, username: str, password: str, now: dt.datetime | None = None) -> User | None:
    """The user when the password is right and the account open; None otherwise, for any reason.

    Five failures in a row lock the account for 15 minutes; the caller shows the same message
    for every refusal so that nobody learns which usernames exist.
    """
    now = now or utc_now()
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > now:
        verify_password(DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        return None
    user.failed_logins = 0
    user.locked_until = None
    return user


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.username)).all()


def active_user(session: Session, username: str) -> User:
    """The active account a command-line change is recorded under."""
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        raise NotFound("no active user %(name)s", name=username)
    return user
