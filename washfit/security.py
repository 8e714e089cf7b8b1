"""Login state, CSRF and response headers: who is asking, and what the browser may do."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, Response, abort, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from assessments.accounts.users import get_user
from assessments.models import User
from washfit.db import get_session

F = TypeVar("F", bound=Callable[..., Any])  # a view, or a before_request hook returning None
csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.before_request(load_user)
    app.after_request(set_headers)


def load_user() -> None:
    """Put the logged-in user on ``g.user``; a session from before a logout or password change is void."""
    g.user = None
    user_id = session.get("uid")
    if user_id is None:
        return
    user = get_user(get_session(), user_id)
    if user is None or not user.active or session.get("epoch") != user.session_epoch:
        session.clear()
        return
    g.user = user


def log_in(user: User) -> None:
    """Start a fresh session for ``user`` (a new identifier, nothing carried over but the language)."""
    lang = session.get("lang")
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["epoch"] = user.session_epoch
    session["sid"] = secrets.token_urlsafe(16)
    if lang:
        session["lang"] = lang


def log_out(user: User | None) -> None:
    """End this session and every other of the user's: their cookies stop matching the epoch."""
    if user is not None:
        user.session_epoch += 1
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def current_user() -> User:
    """The logged-in user; only call behind ``login_required``."""
    return cast(User, g.user)


def login_required(view: F) -> F:
    """Send anonymous visitors to the login page, remembering where they wanted to go."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:  # a redirect, or whatever ``view`` returns
        if g.get("user") is None:
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
