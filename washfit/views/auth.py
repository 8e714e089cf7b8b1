"""Logging in and out, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.accounts.throttle import LoginThrottled
from assessments.accounts.users import authenticate
from assessments.i18n.catalog import LANGUAGES
from washfit.db import get_session
from washfit.errors import describe
from washfit.forms import ActionForm, LoginForm
from washfit.security import log_in, log_out

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a crafted link cannot bounce a login to another site.

    Printable only: a line break would split the Location header (werkzeug refuses it, a 500).
    """
    if (target and target.isprintable() and target.startswith("/") and not target.startswith("//")
            and not urlsplit(target).netloc):
        return target
    return url_for("index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            user = authenticate(db, form.username.data or "", form.password.data or "", request.remote_addr or "")
        except LoginThrottled as throttled:
            flash(describe(throttled), "error")
            return render_template("auth/login.html", form=form), 429
        db.commit()  # failures are kept whatever the outcome
        if user is not None:
            log_in(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong username or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        db = get_session()
        log_out(g.get("user"))
        db.commit()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language/<lang>")
def set_language(lang: str) -> ResponseReturnValue:
    if lang not in LANGUAGES or not ActionForm().validate_on_submit():
        return redirect(url_for("index"))
    session["lang"] = lang
    response = make_response(redirect(_safe_next(request.form.get("next"))))
    response.set_cookie("washfit_lang", lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response
