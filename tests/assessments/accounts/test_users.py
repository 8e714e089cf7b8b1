"""Accounts: creation rules, password hashing, login throttling, the last administrator, ending sessions."""

import contextlib
import datetime as dt

import pytest

from assessments.accounts.passwords import hash_password, verify_password
from assessments.accounts.throttle import FREE_PER_ACCOUNT_CLIENT, FREE_PER_CLIENT, MAX_WAIT, LoginThrottled
from assessments.accounts.users import authenticate, create_user, update_user
from assessments.errors import InvalidInput, NotFound, StaleVersion
from assessments.models import AuditEntry, LoginAttempt
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


NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ATTACKER, ADMIN_DESK = "203.0.113.9", "10.0.0.5"


def _fail(session, username, client, times, now=NOW):
    for _ in range(times):
        assert authenticate(session, username, "wrong password", client, now) is None


def test_authenticate_slows_the_failing_client_and_lets_another_client_in(session, make_user):
    admin = session.merge(make_user("admin", "admin"))
    _fail(session, "admin", ATTACKER, FREE_PER_ACCOUNT_CLIENT)
    with pytest.raises(LoginThrottled) as throttled:
        authenticate(session, "admin", PASSWORD, ATTACKER, NOW)  # even the right password waits
    assert throttled.value.seconds == 2
    assert authenticate(session, "admin", PASSWORD, ADMIN_DESK, NOW) is admin  # no lock-out from elsewhere
    later = NOW + dt.timedelta(seconds=3)
    assert authenticate(session, "admin", PASSWORD, ATTACKER, later) is admin


def test_authenticate_backoff_doubles_up_to_the_cap_and_hammering_adds_no_rows(session, make_user):
    make_user("admin", "admin")
    at = NOW
    waits = []
    for _ in range(30):
        try:
            authenticate(session, "admin", "wrong password", ATTACKER, at)
        except LoginThrottled as throttled:
            waits.append(throttled.seconds)
            at += dt.timedelta(seconds=throttled.seconds)
    assert waits[:4] == [2, 4, 8, 16] and max(waits) == MAX_WAIT.total_seconds()
    with contextlib.suppress(LoginThrottled):
        authenticate(session, "admin", "wrong password", ATTACKER, at)  # the try the last wait allowed
    rows = session.query(LoginAttempt).count()
    for _ in range(50):
        with pytest.raises(LoginThrottled):
            authenticate(session, "admin", "wrong password", ATTACKER, at)
    assert session.query(LoginAttempt).count() == rows


def test_authenticate_throttles_one_client_walking_through_many_usernames(session, make_user):
    make_user("ani", "viewer")
    for n in range(FREE_PER_CLIENT):
        assert authenticate(session, f"guess{n}", "wrong password", ATTACKER, NOW) is None
    with pytest.raises(LoginThrottled):
        authenticate(session, "ani", PASSWORD, ATTACKER, NOW)
    assert authenticate(session, "ani", PASSWORD, ADMIN_DESK, NOW) is not None


def test_failed_logins_are_audited_without_the_password(session, make_user):
    make_user("ani", "viewer")
    _fail(session, "Ani", ATTACKER, 1)
    entry = session.query(AuditEntry).filter_by(entity="login").one()
    assert (entry.username, entry.entity_id, entry.field) == ("ani", ATTACKER, "failed")
    assert "wrong password" not in (entry.old_value or "") + " ".join(
        str(getattr(entry, c)) for c in ("username", "entity_id", "new_value"))


def test_a_success_clears_the_clients_failures(session, make_user):
    make_user("ani", "viewer")
    _fail(session, "ani", ADMIN_DESK, FREE_PER_ACCOUNT_CLIENT - 1)
    assert authenticate(session, "ani", PASSWORD, ADMIN_DESK, NOW) is not None
    _fail(session, "ani", ADMIN_DESK, FREE_PER_ACCOUNT_CLIENT - 1)  # free again
    assert authenticate(session, "ani", PASSWORD, ADMIN_DESK, NOW) is not None


def test_update_user_keeps_the_last_active_administrator(session, make_user):
    admin = session.merge(make_user("admin", "admin"))
    for role, active in (("viewer", True), ("admin", False)):
        with pytest.raises(InvalidInput, match="last active administrator"):
            update_user(session, admin, "admin", role, [], active)
    second = session.merge(make_user("admin2", "admin"))
    update_user(session, admin, "admin2", "viewer", [], True)
    assert admin.role == "viewer"
    with pytest.raises(InvalidInput, match="last active administrator"):
        update_user(session, second, "admin2", "admin", [], False)


@pytest.mark.parametrize("change", [
    {"role": "assessor"}, {"active": False}, {"password": "a brand new password"},
])
def test_update_user_ends_the_users_sessions_on_role_password_or_deactivation(session, make_user, change):
    user = session.merge(make_user("ani", "viewer"))
    epoch = user.session_epoch
    update_user(session, user, "admin", change.get("role", "viewer"), [], change.get("active", True),
                change.get("password"))
    assert user.session_epoch == epoch + 1


def test_update_user_leaves_sessions_alone_for_a_facility_change(session, make_user, make_facility):
    make_facility(code="KPG01")
    user = session.merge(make_user("ani", "viewer"))
    update_user(session, user, "admin", "viewer", ["KPG01"], True)
    assert user.session_epoch == 0


def test_update_user_from_a_stale_form_names_only_what_someone_else_changed(session, make_user, make_facility):
    make_facility(code="KPG01")
    user = session.merge(make_user("ani", "viewer"))
    loaded, version = {"role": "viewer", "facilities": "", "active": "True"}, user.version
    update_user(session, user, "admin", "viewer", ["KPG01"], True, expected_version=version, loaded=loaded)
    with pytest.raises(StaleVersion) as stale:
        update_user(session, user, "admin", "assessor", [], True, expected_version=version, loaded=loaded)
    assert [(c.field, c.theirs, c.also_yours) for c in stale.value.changes] == [("facilities", "KPG01", False)]
    assert stale.value.merged == {"role": "assessor", "facilities": "KPG01", "active": "True"}
    assert user.role == "viewer"


def test_inactive_user_cannot_log_in(session, make_user):
    user = session.merge(make_user("ani", "viewer"))
    user.active = False
    assert authenticate(session, "ani", PASSWORD) is None
