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


class Clock:
    """A clock the test moves by hand (the app reads ``CLOCK``)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, **delta: float) -> None:
        import datetime as dt

        self.now += dt.timedelta(**delta).total_seconds()


@pytest.fixture
def clock(app):
    app.config["CLOCK"] = Clock()
    return app.config["CLOCK"]


def test_an_active_session_ends_at_the_absolute_lifetime_whatever_the_activity(client, district, clock):
    client.post("/login", data={"username": "viewer", "password": PASSWORD})
    for _ in range(7 * 4):  # a request every 15 minutes for seven hours
        clock.advance(minutes=15)
        assert client.get("/").status_code == 200
    clock.advance(minutes=61)  # eight hours and a minute after the login, still busy
    response = client.get("/")
    assert response.headers["Location"].startswith("/login")
    assert "Sesi Anda telah berakhir" in client.get("/login").get_data(as_text=True)


def test_an_idle_session_ends_after_the_idle_timeout(app, client, district, clock):
    client.post("/login", data={"username": "viewer", "password": PASSWORD})
    clock.advance(minutes=44)
    assert client.get("/").status_code == 200
    clock.advance(minutes=46)
    assert client.get("/").headers["Location"].startswith("/login")
    assert app.config["SESSION_IDLE_TIMEOUT"].total_seconds() == 45 * 60


@pytest.mark.parametrize("change", [
    {"role": "assessor", "active": "y"}, {"role": "viewer"},
    {"role": "viewer", "active": "y", "password": "a new long password"},
])
def test_a_role_change_deactivation_or_new_password_ends_the_users_other_sessions(app, login, district, change):
    viewer = app.test_client()
    viewer.post("/login", data={"username": "viewer", "password": PASSWORD})
    assert viewer.get("/").status_code == 200
    login("admin")
    admin = app.test_client()
    admin.post("/login", data={"username": "admin", "password": PASSWORD})
    user_id = district["users"]["viewer"].id
    saved = admin.post(f"/admin/users/{user_id}", data={"username": "viewer", "version": "1", **change})
    assert saved.status_code == 302
    assert viewer.get("/").headers["Location"].startswith("/login")


def test_an_admin_ends_every_session_of_a_user_and_other_users_stay_in(app, district):
    phone, laptop, admin, other = (app.test_client() for _ in range(4))
    for c, name in ((phone, "viewer"), (laptop, "viewer"), (admin, "admin"), (other, "assessor")):
        c.post("/login", data={"username": name, "password": PASSWORD})
    response = admin.post(f"/admin/users/{district['users']['viewer'].id}/end-sessions", follow_redirects=True)
    assert "Semua sesi viewer telah berakhir." in response.get_data(as_text=True)
    assert phone.get("/").status_code == 302 and laptop.get("/").status_code == 302
    assert other.get("/").status_code == 200 and admin.get("/").status_code == 200


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_five_bad_passwords_from_an_attacker_do_not_lock_the_admin_out_of_another_client(app, district):
    attacker, desk = _from(app, "203.0.113.9"), _from(app, "10.0.0.5")
    codes = [attacker.post("/login", data={"username": "admin", "password": "wrong guess!"}).status_code
             for _ in range(6)]
    assert codes[:3] == [200, 200, 200] and 429 in codes[3:]
    refused = attacker.post("/login", data={"username": "admin", "password": PASSWORD})
    assert refused.status_code == 429 and "Tunggu" in refused.get_data(as_text=True)
    assert desk.post("/login", data={"username": "admin", "password": PASSWORD}).status_code == 302
    assert desk.get("/admin/users").status_code == 200


def test_the_language_cookie_is_secure_http_only_and_same_site_in_production(database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                      "SESSION_COOKIE_SECURE": True})
    response = app.test_client().post("/language/en", data={"next": "/"}, base_url="https://localhost")
    cookies = response.headers.getlist("Set-Cookie")
    lang = next(c for c in cookies if c.startswith("washfit_lang="))
    session_cookie = next(c for c in cookies if c.startswith("washfit_session="))
    for cookie in (lang, session_cookie):
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_settings_make_every_cookie_secure(monkeypatch):
    from washfit.config import DEFAULTS, from_environment

    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("WASHFIT_ENV", raising=False)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    settings = {**DEFAULTS, **from_environment()}
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"
