"""Accounts: creation rules, password hashing and the lockout after repeated failures."""

import datetime as dt

import pytest

from assessments.accounts.passwords import hash_password, verify_password
from assessments.accounts.users import LOCKOUT, MAX_FAILED_LOGINS, authenticate, create_user
from assessments.errors import InvalidInput, NotFound
from tests.conftest import PASSWORD


def test_password_hash_is_salted_scrypt_and_verifies():
    first, second = hash_password("a long secret"), hash_password("a long secret")
    assert first.startswith("scrypt$") and first != second
    assert verify_password(first, "a long secret") and not verify_password(first, "a long secreT")
    assert not verify_password("garbage", "a long secret")


def test_create_user_refuses_bad_role_short_password_duplicates_and_unknown_facilities(session, make_facility):
    make_facility(code="KPG01")
    create_user(session, "ani", "assessor", "long enough pw", ["KPG01"])
    with pytest.raises(InvalidInput, match="unknown role"):
        create_user(session, "budi", "boss", "long enough pw")
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        create_user(session, "budi", "viewer", "short")
    with pytest.raises(InvalidInput, match="exists already"):
        create_user(session, "ANI", "viewer", "long enough pw")
    with pytest.raises(NotFound, match="KPG99"):
        create_user(session, "budi", "assessor", "long enough pw", ["KPG99"])


def test_authenticate_accepts_the_right_password_only(session, make_user):
    make_user("ani", "viewer")
    assert authenticate(session, "ani", PASSWORD) is not None
    assert authenticate(session, "Ani ", PASSWORD) is not None
    assert authenticate(session, "ani", "wrong password") is None
    assert authenticate(session, "nobody", PASSWORD) is None


def test_repeated_failures_lock_the_account_for_a_while(session, make_user):
    user = session.merge(make_user("ani", "viewer"))
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for _ in range(MAX_FAILED_LOGINS):
        assert authenticate(session, "ani", "wrong password", now) is None
    assert authenticate(session, "ani", PASSWORD, now) is None  # locked, even with the right password
    later = now + LOCKOUT + dt.timedelta(seconds=1)
    assert authenticate(session, "ani", PASSWORD, later) is user
    assert user.failed_logins == 0


def test_inactive_user_cannot_log_in(session, make_user):
    user = session.merge(make_user("ani", "viewer"))
    user.active = False
    assert authenticate(session, "ani", PASSWORD) is None
