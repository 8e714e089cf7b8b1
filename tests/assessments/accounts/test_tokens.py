"""API tokens: kept as a hash, shown once, refused once expired or revoked, their use audited once a day."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.accounts.tokens import (
    LAST_USED_STEP,
    authenticate_token,
    digest,
    issue_token,
    record_token_use,
    revoke_token,
)
from assessments.errors import InvalidInput
from assessments.models import ApiToken, AuditEntry

NOW = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def viewer(session, make_user):
    return make_user("vera", "viewer")


def _audit(session, field):
    return session.scalars(select(AuditEntry).where(AuditEntry.entity == "api_token", AuditEntry.field == field)
                           .order_by(AuditEntry.id)).all()


def test_a_token_is_stored_as_the_hash_of_its_secret_only(session, viewer):
    _token, secret = issue_token(session, viewer, "Power BI", 30, "admin", NOW)
    session.commit()
    stored = session.scalars(select(ApiToken)).one()
    assert secret.startswith("wf_") and len(secret) > 40
    assert stored.token_hash == digest(secret) and secret not in (stored.token_hash, stored.prefix, stored.name)
    assert secret.startswith(stored.prefix)
    assert [e.new_value for e in _audit(session, "created")] == [
        f"Power BI ({stored.prefix}…) for vera, expires 2026-05-31"]


@pytest.mark.parametrize(("name", "days"), [("", 30), ("x" * 101, 30), ("ok", 0), ("ok", 367)])
def test_a_token_needs_a_name_and_a_lifetime_within_a_year(session, viewer, name, days):
    with pytest.raises(InvalidInput):
        issue_token(session, viewer, name, days, "admin", NOW)


def test_the_secret_acts_as_its_user_until_it_expires(session, viewer):
    _token, secret = issue_token(session, viewer, "Power BI", 1, "admin", NOW)
    assert authenticate_token(session, secret, NOW + dt.timedelta(hours=23)).user is viewer
    assert authenticate_token(session, secret, NOW + dt.timedelta(days=1)).refusal == "expired"
    assert authenticate_token(session, secret + "x", NOW).refusal == "unknown"


def test_a_revoked_token_is_refused_and_the_revocation_audited(session, viewer):
    token, secret = issue_token(session, viewer, "Power BI", 30, "admin", NOW)
    revoke_token(session, token, "admin", NOW)
    revoke_token(session, token, "admin", NOW + dt.timedelta(hours=1))  # again: nothing more happens
    assert authenticate_token(session, secret, NOW).refusal == "revoked"
    assert [e.username for e in _audit(session, "revoked_at")] == ["admin"]


def test_a_token_of_a_deactivated_user_is_refused(session, viewer):
    _token, secret = issue_token(session, viewer, "Power BI", 30, "admin", NOW)
    viewer.active = False
    assert authenticate_token(session, secret, NOW).refusal == "inactive_user"


def test_use_is_audited_once_a_day_and_last_used_moves_at_most_once_a_minute(session, viewer):
    token, secret = issue_token(session, viewer, "Power BI", 30, "admin", NOW)
    moments = [NOW, NOW + LAST_USED_STEP / 2, NOW + LAST_USED_STEP * 2, NOW + dt.timedelta(days=1)]
    seen = []
    for moment in moments:
        check = authenticate_token(session, secret, moment)
        assert check.token is token
        record_token_use(session, token, moment)
        seen.append(token.last_used_at)
    session.commit()
    assert seen == [NOW, NOW, NOW + LAST_USED_STEP * 2, NOW + dt.timedelta(days=1)]
    assert [(e.username, e.old_value, e.new_value) for e in _audit(session, "used")] == [
        ("vera", None, "2026-05-01"), ("vera", "2026-05-01", "2026-05-02")]
