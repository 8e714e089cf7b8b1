"""Logging in and out, session rotation, CSRF and the language switch."""

import pytest

from tests.conftest import PASSWORD
from washfit import create_app


def test_anonymous_visitors_are_sent_to_login(client, district):
    response = client.get("/facilities/F1")
    assert response.headers["Location"].startswith("/login?next=/facilities/F1")


def test_login_redirects_to_the_page_asked_for_and_never_off_site(client, district):
    ok = client.post("/login?next=/facilities/F1", data={"username": "viewer", "password": PASSWORD})
    assert ok.headers["Location"] == "/facilities/F1"
    client.post("/logout")
    evil = client.post("/login?next=//evil.example/x", data={"username": "viewer", "password": PASSWORD})
    assert evil.headers["Location"] == "/"


def test_wrong_password_and_unknown_user_get_the_same_message(client, district):
    wrong = client.post("/login", data={"username": "viewer", "password": "nope nope nope"}).get_data(as_text=True)
    unknown = client.post("/login", data={"username": "ghost", "password": "nope nope nope"}).get_data(as_text=True)
    message = "Nama pengguna atau kata sandi salah."
    assert message in wrong and message in unknown


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, district):
    client.post("/login", data={"username": "viewer", "password": PASSWORD})
    copied = client.get_cookie("washfit_session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("washfit_session", copied)
    assert thief.get("/").headers["Location"].startswith("/login")


def test_login_starts_a_new_session_identifier(client, district):
    client.post("/login", data={"username": "viewer", "password": PASSWORD})
    with client.session_transaction() as s:
        first = s["sid"]
    client.post("/logout")
    client.post("/login", data={"username": "viewer", "password": PASSWORD})
    with client.session_transaction() as s:
        assert s["sid"] != first


@pytest.fixture
def csrf_client(database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "SESSION_COOKIE_SECURE": False})
    return app.test_client()


@pytest.mark.parametrize("path", ["/login", "/logout", "/language/en", "/facilities/F1/rounds/1/domains/W",
                                  "/facilities/F1/rounds/1/submit", "/admin/users"])
def test_posts_without_a_csrf_token_are_refused(csrf_client, district, path):
    response = csrf_client.post(path, data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)


def test_language_switch_sticks_across_pages_and_logins(client, district):
    client.post("/login", data={"username": "viewer", "password": PASSWORD})
    assert 'lang="id"' in client.get("/").get_data(as_text=True)
    client.post("/language/en", data={"next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)
    client.post("/language/id", data={"next": "/"})
    assert 'lang="id"' in client.get("/login").get_data(as_text=True)
