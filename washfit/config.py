"""Settings: safe defaults, overridden by the environment. No logic beyond reading them."""

from __future__ import annotations

import datetime as dt
import os


class ConfigurationError(RuntimeError):
    """A setting the app cannot run without is missing or wrong."""


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def from_environment() -> dict[str, object]:
    """The configuration for this process, read from ``WASHFIT_*``, ``DATABASE_URL`` and ``SECRET_KEY``."""
    env = os.environ.get("WASHFIT_ENV", "production").strip().lower()
    development = env == "development"
    secret = os.environ.get("SECRET_KEY")
    if not secret:
        if not development:
            raise ConfigurationError(
                "SECRET_KEY must be set outside development (export SECRET_KEY=... "
                "or WASHFIT_ENV=development for a local run)"
            )
        secret = "development-only-secret-key"
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "DATABASE_URL": os.environ.get("DATABASE_URL"),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", not development),
    }


DEFAULTS: dict[str, object] = {
    "ENV_NAME": "production",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "washfit_session",
    "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=8),
    "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "BABEL_DEFAULT_LOCALE": "id",
    "PAGE_SIZE": 50,
}
