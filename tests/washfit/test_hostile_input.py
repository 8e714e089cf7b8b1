"""Hostile form posts: oversized, wrong-typed and missing fields, and markup in every text field."""

import pytest
from sqlalchemy import func, select

from assessments.models import AssessmentRound, AuditEntry, Facility, Response

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_a_comment_is_shown_as_text(client, login, district):
    login("assessor")
    url = f"/facilities/F1/rounds/{district['round'].id}/domains/W"
    client.post(url, data={"version": district["assessment"].version, "score_W1": "2", "comment_W1": SCRIPT})
    html = client.get(url).get_data(as_text=True)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_markup_in_facility_fields_is_inert_on_every_page_that_shows_them(client, login, district, session):
    login("admin")
    client.post("/admin/facilities/F2", data={"code": "F2", "name": SCRIPT, "kecamatan": SCRIPT, "version": "1"})
    for page in ("/", "/facilities/F2", "/admin/facilities"):
        html = client.get(page).get_data(as_text=True)
        assert "<script>alert" not in html and "onerror=alert(1)>" not in html, page


def test_markup_in_the_history_is_inert(client, login, district):
    login("admin")
    client.post("/admin/facilities/F1", data={"code": "F1", "name": SCRIPT, "version": "1"})
    assert "<script>alert" not in client.get("/facilities/F1").get_data(as_text=True)


@pytest.mark.parametrize("data", [
    {"score_W1": "3"}, {"score_W1": ["2", "1"]}, {"score_W1": "2", "version": "not-a-number"},
    {"score_W1": "2", "comment_W1": "x" * 100_000}, {"score_W1": "\x00"}, {"score_ZZ": "2"},
])
def test_wrong_typed_or_oversized_score_posts_save_nothing(client, login, district, session, data):
    login("assessor")
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.post(f"/facilities/F1/rounds/{district['round'].id}/domains/W", data=data)
    assert response.status_code in (200, 302, 303, 400)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert session.scalar(select(Response.score).where(Response.indicator_code == "W1")) == 2


@pytest.mark.parametrize(("path", "data"), [
    ("/admin/facilities", {}),
    ("/admin/facilities", {"code": "a b c;--", "name": "x"}),
    ("/admin/facilities", {"code": "F9", "name": "x" * 10_000}),
    ("/admin/facilities", {"code": "F9", "name": "x", "latitude": "north"}),
    ("/admin/facilities", {"code": "F9", "name": "x", "latitude": "91"}),
    ("/admin/facilities", {"code": "F9", "name": "x", "latitude": "sNaN"}),
    ("/admin/facilities", {"code": "F9", "name": "x", "longitude": "-Infinity"}),
    ("/admin/rounds", {"name": "R", "starts_on": "yesterday"}),
    ("/admin/rounds", {"starts_on": "2026-01-01"}),
    ("/admin/users", {"username": "x" * 500, "role": "viewer", "password": "a long password"}),
    ("/admin/users", {"username": "eve", "role": "superuser", "password": "a long password"}),
])
def test_invalid_admin_posts_rerender_with_messages_and_write_nothing(client, login, district, session, path, data):
    login("admin")
    counts = [session.scalar(select(func.count()).select_from(m)) for m in (Facility, AssessmentRound, AuditEntry)]
    response = client.post(path, data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="error"' in html or 'class="flash error"' in html
    session.expire_all()
    assert [session.scalar(select(func.count()).select_from(m))
            for m in (Facility, AssessmentRound, AuditEntry)] == counts


def test_a_body_larger_than_the_limit_is_refused_with_413(client, login, district):
    login("admin")
    response = client.post("/admin/rounds", data={"name": "x" * (11 * 1024 * 1024)})
    assert response.status_code == 413
