"""Settings: safe defaults, overridden by the environment. No logic beyond reading them."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo


class ConfigurationError(RuntimeError):
    """A setting the app cannot run without is missing or wrong."""


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def _whole(name: str, default: int, least: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < least:
        raise ConfigurationError(f"{name} must be a whole number, at least {least}")
    return int(value)


def _minutes(name: str, default: int) -> dt.timedelta:
    return dt.timedelta(minutes=_whole(name, default, least=1))


def _zone(name: str, default: str) -> str:
    """A time zone of the tz database (``Asia/Makassar`` is WITA, Nusa Tenggara Timur's clock)."""
    value = os.environ.get(name, "").strip() or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(f"{name} must name a time zone such as Asia/Makassar, not {value!r}") from None
    return value


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
        "PERMANENT_SESSION_LIFETIME": _minutes("WASHFIT_SESSION_MINUTES", 8 * 60),
        "SESSION_IDLE_TIMEOUT": _minutes("WASHFIT_IDLE_MINUTES", 45),
        "PROXY_HOPS": _whole("WASHFIT_PROXY_HOPS", 0),
        "TIMEZONE": _zone("WASHFIT_TIMEZONE", DISTRICT_TIMEZONE),
    }


# Kabupaten Kupang keeps WITA (UTC+8); times are stored in UTC and shown on this clock.
DISTRICT_TIMEZONE = "Asia/Makassar"

DEFAULTS: dict[str, object] = {
    "ENV_NAME": "production",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "washfit_session",
    "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=8),
    "SESSION_IDLE_TIMEOUT": dt.timedelta(minutes=45),
    "PROXY_HOPS": 0,
    "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "BABEL_DEFAULT_LOCALE": "id",
    "PAGE_SIZE": 50,
    "TIMEZONE": DISTRICT_TIMEZONE,
}
