"""The app factory: configuration from the environment, safe defaults, templates found when installed."""

import pytest

from washfit import create_app
from washfit.config import ConfigurationError


def test_secret_key_is_required_outside_development(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("WASHFIT_ENV", "production")
    with pytest.raises(ConfigurationError, match="SECRET_KEY must be set"):
        create_app()


def test_development_runs_without_a_secret_and_without_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("WASHFIT_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["SECRET_KEY"] and app.config["SESSION_COOKIE_SECURE"] is False


def test_production_cookies_are_secure_httponly_and_samesite(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("WASHFIT_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["DATABASE_URL"].endswith("x.sqlite")


def test_login_page_renders_with_security_headers(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_stay_small_and_use_only_local_assets(client, login, make_user, make_facility, make_round):
    make_facility(), make_round()
    make_user("ani", "admin")
    login("ani")
    html = client.get("/").get_data(as_text=True)
    assert len(html.encode()) < 150_000
    assert "http://" not in html and "https://" not in html
