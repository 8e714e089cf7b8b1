"""Who calls the API: the user of the bearer token, with exactly that user's rights.

No cookie is read on the API (``washfit.security.load_user`` skips it) and none is set, so a
browser page cannot borrow a visitor's login and there is nothing for CSRF to protect: the
blueprint is exempt from it. A call without a token, or with one that is unknown, expired or
revoked or whose user is inactive, gets 401 with ``WWW-Authenticate: Bearer``.
"""

from __future__ import annotations

from flask import Response, g, request
from flask.typing import ResponseReturnValue

from assessments.accounts.tokens import authenticate_token, record_token_use
from assessments.i18n.labels import N_
from washfit.api.blueprint import PUBLIC_ENDPOINTS, bp
from washfit.api.errors import api_error
from washfit.db import get_session

MAX_SECRET = 200  # a washfit secret has 46 characters; anything much longer is not one

REFUSALS = {
    "missing": N_("Send an API token: Authorization: Bearer <token>."),
    "unknown": N_("The API token is not valid."),
    "expired": N_("The API token has expired: ask an administrator for a new one."),
    "revoked": N_("The API token has been revoked."),
    "inactive_user": N_("The API token's user is no longer active."),
}


def authenticate() -> ResponseReturnValue | None:
    """Before every API view: put the token's user on ``g.user``, or answer 401.

    Authenticating only reads; the use is recorded after the call is answered (``record_use``).
    """
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        return api_error(401, REFUSALS["missing"])
    if len(secret) > MAX_SECRET:
        return api_error(401, REFUSALS["unknown"])
    db = get_session()
    check = authenticate_token(db, secret)
    if check.user is None:
        db.rollback()
        return api_error(401, REFUSALS[check.refusal])
    g.user, g.api_token = check.user, check.token
    return None


def record_use(response: Response) -> Response:
    """After an answered call, its one write: the token's use (``last_used_at``, the daily audit entry).

    A refused call (4xx) records nothing, so no refusal writes, on the API as on the pages.
    """
    token = g.pop("api_token", None)
    if token is not None and response.status_code < 400:
        db = get_session()
        record_token_use(db, token)
        db.commit()
    return response


bp.before_request(authenticate)
bp.after_request(record_use)
