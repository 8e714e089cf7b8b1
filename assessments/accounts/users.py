"""Accounts: creation, assignment to facilities, login (throttled per client), and ending sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.accounts.passwords import DUMMY_HASH, hash_password, verify_password
from assessments.accounts.throttle import check_allowed, record_failure, record_success
from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound, stale
from assessments.facilities import facilities_by_code
from assessments.models import ROLES, User, utc_now

MIN_PASSWORD_LENGTH = 10


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


def user_fields(user: User) -> dict[str, str | None]:
    """What an administrator's user form shows, as text: the values a stale form is compared on."""
    return {"role": user.role, "facilities": ",".join(f.code for f in user.facilities), "active": str(user.active)}


def update_user(
    session: Session,
    user: User,
    actor: str,
    role: str,
    facility_codes: Sequence[str],
    active: bool,
    password: str | None = None,
    *,
    expected_version: int | None = None,
    loaded: dict[str, str | None] | None = None,
) -> None:
    """Change a user's role, facilities, active flag and optionally password, with audit entries.

    ``expected_version`` is the version the form was loaded at (None: no check, the command
    line); a stale form raises ``StaleVersion`` naming the fields changed since ``loaded``.
    A changed role or password and a deactivation end the user's sessions; the last active
    administrator keeps the role and stays active.
    """
    if role not in ROLES:
        raise InvalidInput("unknown role %(role)s; use one of %(roles)s", role=role, roles=", ".join(ROLES))
    facilities = facilities_by_code(session, facility_codes)
    wanted = {"role": role, "facilities": ",".join(f.code for f in facilities), "active": str(active)}
    if expected_version is not None and expected_version != user.version:
        raise stale(user.version, loaded or {}, user_fields(user), wanted)
    if user.role == "admin" and user.active and (role != "admin" or not active) and _other_admins(session, user) == 0:
        raise InvalidInput("%(name)s is the last active administrator: give another account the administrator "
                           "role first", name=user.username)
    ends_sessions = role != user.role or (user.active and not active) or bool(password)
    for field, new in wanted.items():
        record_change(session, actor, "user", user.id, field, user_fields(user)[field], new)
    user.role, user.facilities, user.active = role, facilities, active
    if password:
        check_password_rules(password)
        user.password_hash = hash_password(password)
        record_change(session, actor, "user", user.id, "password", "(set)", "(changed)")
    if ends_sessions:
        end_sessions(session, user, actor)
    user.version += 1
    session.flush()


def _other_admins(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).where(
        User.role == "admin", User.active.is_(True), User.id != user.id)) or 0


def end_sessions(session: Session, user: User, actor: str) -> None:
    """End every session ``user`` has open: their cookies carry the previous generation."""
    record_change(session, actor, "user", user.id, "session_epoch", user.session_epoch, user.session_epoch + 1)
    user.session_epoch += 1


def authenticate(
    session: Session, username: str, password: str, client: str = "", now: dt.datetime | None = None
) -> User | None:
    """The user when the password is right and the account active; None otherwise, for any reason.

    A client that failed too often waits (``LoginThrottled``, see ``throttle``) and its password
    is not checked; other clients are not held back. The caller shows the same message for every
    other refusal so that nobody learns which usernames exist, and commits whatever the outcome:
    failures are kept.
    """
    now = now or utc_now()
    check_allowed(session, username, client, now)
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        verify_password(DUMMY_HASH, password)
    if user is None or not verify_password(user.password_hash, password) or not user.active:
        record_failure(session, username, client, now)
        return None
    record_success(session, username, client)
    return user


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
