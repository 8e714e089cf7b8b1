"""Error pages: one template for 400/403/404/413/500, and domain errors mapped to status codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Flask, current_app, flash, g, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from assessments.errors import NotFound, PermissionDenied, StaleVersion, WashfitError
from assessments.excel.problems import Problem
from washfit.api.errors import api_error, api_request
from washfit.db import close_session, get_session
from washfit.security import load_user

if TYPE_CHECKING:
    from washfit.forms import VersionedForm

TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You may not open this page"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    413: _l("The upload is too large"),
    500: _l("Something went wrong"),
}


def describe(error: WashfitError) -> str:
    """The error's message in the current language."""
    return _(error.message, **error.params)


def describe_problem(problem: Problem) -> str:
    """A problem found in an upload, in the current language, its place (``Air!D14``) first."""
    text = _(problem.message, **problem.params)
    return f"{problem.location}: {text}" if problem.location else text


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    page = render_template("errors/error.html", status=status, title=TITLES.get(status, TITLES[500]), detail=detail)
    return page, status


def refuse(status: int, message: str, **params: object) -> ResponseReturnValue:
    """A refusal before any view: the error page saying why, or on the API its JSON in both languages."""
    if api_request():
        return api_error(status, message, params)
    return render_error(status, _(message, **params))


def init_app(app: Flask) -> None:
    """Error pages for the site; the API's requests get the same errors as JSON (``washfit.api.errors``)."""

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> ResponseReturnValue:
        return render_error(400, _("The form has expired or was not sent from washfit. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        return api_error(error.code or 500) if api_request() else render_error(error.code or 500)

    @app.errorhandler(NotFound)
    def not_found(error: NotFound) -> ResponseReturnValue:
        return api_error(404, error.message, error.params) if api_request() else render_error(404, describe(error))

    @app.errorhandler(PermissionDenied)
    def forbidden(error: PermissionDenied) -> ResponseReturnValue:
        return api_error(403) if api_request() else render_error(403)

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> ResponseReturnValue:
        app.logger.exception("unhandled error")
        if api_request():
            close_session()
            return api_error(500)
        return _server_error_page()


def _server_error_page() -> tuple[str, int]:
    """The 500 page, never from the failed session.

    A session whose flush failed refuses every further use, and the user loaded with it is
    detached once it closes: so close it, load the user again in a fresh session (the layout
    shows who is logged in), and render as anonymous when even that fails (the database is
    gone). Should the page itself still fail, a line of plain text is better than an empty body.
    """
    close_session()
    try:
        load_user()
    except SQLAlchemyError:
        close_session()
        g.user = None
    try:
        return render_error(500)
    except Exception:  # the last resort of the error page itself
        current_app.logger.exception("the error page failed")
        close_session()
        return escape(_("Something went wrong")), 500


def show_conflict(form: VersionedForm, stale: StaleVersion) -> StaleVersion:
    """Show a stale form again: the fields someone else changed filled in, the person's own edits kept."""
    form.refill(stale.merged)
    form.remember(stale.current_version, stale.current)
    flash(_("Someone else saved this after you opened it. Nothing of yours was saved: check the fields listed "
            "below and save again."), "error")
    return stale


def saved_form(form: VersionedForm, change: Callable[[], object], success: str) -> tuple[bool, StaleVersion | None]:
    """``saved`` for a versioned form: whether it went through, and the conflict a stale form showed instead."""
    try:
        return saved(change, success), None
    except StaleVersion as stale:
        return False, show_conflict(form, stale)


def saved(change: Callable[[], object], success: str) -> bool:
    """Run ``change`` in the request's transaction; whether it went through.

    Went through: commit and flash ``success``. Refused by a rule (``WashfitError``): roll back,
    so nothing of it is kept, and flash the reason in the current language. A stale form
    (``StaleVersion``) is rolled back and raised on: the page shows what changed.
    """
    db = get_session()
    try:
        change()
    except StaleVersion:
        db.rollback()
        raise
    except WashfitError as refused:
        db.rollback()
        flash(describe(refused), "error")
        return False
    db.commit()
    flash(success, "success")
    return True
