"""Login state, CSRF and response headers: who is asking, and what the browser may do.

A session ends three ways whatever the cookie says: ``PERMANENT_SESSION_LIFETIME`` after the
login (the cookie is re-signed on every request, so its own expiry would slide forever),
``SESSION_IDLE_TIMEOUT`` after the last request, and when the user's session generation
(``User.session_epoch``) moves on: a logout, a password or role change, a deactivation, or
an administrator ending the user's sessions.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, Request, Response, abort, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect

from assessments.accounts.users import end_sessions, get_user
from assessments.models import User
from washfit.api.errors import API_PREFIX
from washfit.db import get_session

F = TypeVar("F", bound=Callable[..., Any])  # a view, or a before_request hook returning None
csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class SessionsOffTheApi(SecureCookieSessionInterface):
    """No session on the API: its requests neither read nor renew the login cookie.

    API callers send a token (``washfit.api.auth``); ignoring the cookie means no page a browser
    opens can make an API call with the visitor's login, and no API response sets a cookie.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(API_PREFIX):
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = SessionsOffTheApi()
    csrf.init_app(app)
    app.before_request(load_user)
    app.after_request(set_headers)


def now() -> float:
    """Seconds since the epoch, from ``CLOCK`` when the configuration gives one (tests do)."""
    clock: Callable[[], float] = current_app.config.get("CLOCK") or time.time
    return clock()


def _expired(started: float, seen: float, at: float) -> bool:
    lifetime = cast(dt.timedelta, current_app.config["PERMANENT_SESSION_LIFETIME"])
    idle = cast(dt.timedelta, current_app.config["SESSION_IDLE_TIMEOUT"])
    return at - started > lifetime.total_seconds() or at - seen > idle.total_seconds()


def load_user() -> None:
    """Put the logged-in user on ``g.user``; an expired session, or one of an older generation, is void."""
    g.user = None
    user_id = session.get("uid")
    if user_id is None:
        return
    at = now()
    started, seen = session.get("iat"), session.get("seen")
    user = get_user(get_session(), user_id)
    if (user is None or not user.active or session.get("epoch") != user.session_epoch
            or not isinstance(started, (int, float)) or not isinstance(seen, (int, float))
            or _expired(started, seen, at)):
        _forget_login()
        g.session_ended = True
        return
    session["seen"] = at
    g.user = user


def log_in(user: User) -> None:
    """Start a fresh session for ``user`` (a new identifier, nothing carried over but the language)."""
    _forget_login()
    session.permanent = True
    session["uid"] = user.id
    session["epoch"] = user.session_epoch
    session["sid"] = secrets.token_urlsafe(16)
    session["iat"] = session["seen"] = now()


def _forget_login() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def log_out(user: User | None) -> None:
    """End this session and every other of the user's: their cookies stop matching the epoch."""
    if user is not None:
        end_sessions(get_session(), user, user.username)
    _forget_login()


def current_user() -> User:
    """The logged-in user; only call behind ``login_required``."""
    return cast(User, g.user)


def login_required(view: F) -> F:
    """Send anonymous visitors to the login page, remembering where they wanted to go."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:  # a redirect, or whatever ``view`` returns
        if g.get("user") is None:
            if g.get("session_ended"):
                flash(_("Your session has ended. Log in again."), "info")
            return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
        return view(*args, **kwargs)

    return cast(F, wrapped)


def require(allowed: bool) -> None:
    """Refuse with 403 unless ``allowed``."""
    if not allowed:
        abort(403)


def set_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if g.get("user") is not None:
        response.headers.setdefault("Cache-Control", "no-store")
    return response
