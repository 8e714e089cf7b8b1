"""Admin > API tokens: the secret shown once on the creating response, kept hashed, revocable."""

import re

from sqlalchemy import select

from assessments.accounts.tokens import digest
from assessments.models import ApiToken, AuditEntry


def _secret(response):
    found = re.search(r'<code class="secret">([^<]+)</code>', response.get_data(as_text=True))
    return found.group(1) if found else None


def test_an_admin_creates_a_token_seen_once_that_then_reads_the_api(client, login, district, session):
    login("admin")
    viewer = district["users"]["viewer"]
    created = client.post("/admin/tokens", data={"user": str(viewer.id), "name": "Dasbor UNICEF", "days": "30"})
    secret = _secret(created)
    stored = session.scalars(select(ApiToken)).one()
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    assert secret and stored.token_hash == digest(secret) and stored.user_id == viewer.id
    assert 'value="Dasbor UNICEF"' not in created.get_data(as_text=True)  # the form is blank again
    assert _secret(client.get("/admin/tokens")) is None and stored.prefix in client.get("/admin/tokens").get_data(
        as_text=True)
    assert client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_a_revoked_token_is_refused_and_both_steps_are_audited(client, login, district, session):
    login("admin")
    viewer = district["users"]["viewer"]
    secret = _secret(client.post("/admin/tokens", data={"user": str(viewer.id), "name": "x", "days": "30"}))
    token_id = session.scalars(select(ApiToken.id)).one()
    assert client.post(f"/admin/tokens/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    fields = session.scalars(select(AuditEntry.field).where(AuditEntry.entity == "api_token")).all()
    assert sorted(fields) == ["created", "revoked_at"]


def test_a_bad_lifetime_creates_nothing(client, login, district, session):
    login("admin")
    response = client.post("/admin/tokens", data={"user": str(district["users"]["viewer"].id), "name": "x",
                                                  "days": "400"})
    assert response.status_code == 200 and _secret(response) is None
    assert session.scalars(select(ApiToken)).all() == []
