"""Errors of the API as JSON, never an HTML page: status, a stable code, and the message in both languages.

``message`` is Bahasa Indonesia and ``message_en`` English (the catalog's message id), whatever
language the caller's browser asks for: API clients are scripts, and a fixed language keeps
their logs comparable. A 401 carries ``WWW-Authenticate: Bearer`` (RFC 6750).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Response, jsonify, request

from assessments.i18n.catalog import translator
from assessments.i18n.labels import N_

API_PREFIX = "/api/"

ERROR_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    413: "too_large", 500: "server_error",
}
MESSAGES = {
    400: N_("The request could not be understood."),
    401: N_("Send a valid API token: Authorization: Bearer <token>."),
    403: N_("Your account may not read this."),
    404: N_("There is nothing at this address."),
    405: N_("The API only reads: use GET."),
    413: N_("The request is too large."),
    500: N_("Something went wrong."),
}


def api_request() -> bool:
    """Whether the request is the API's, whose errors are JSON."""
    return request.path.startswith(API_PREFIX)


def api_error(
    status: int, message: str | None = None, params: Mapping[str, object] | None = None,
    details: Mapping[str, object] | None = None,
) -> Response:
    """The JSON of an error: ``message`` is an English message id of the catalog, ``params`` its values."""
    status = status if status in ERROR_CODES else 500
    message = message or MESSAGES[status]
    body: dict[str, object] = {
        "status": status,
        "error": ERROR_CODES[status],
        "message": translator("id")(message) % params if params else translator("id")(message),
        "message_en": message % params if params else message,
    }
    if details:
        body["details"] = dict(details)
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="washfit", error="invalid_token"'
    return response


class ApiRefusal(Exception):
    """Raised by a view to answer with an error: a bad query parameter, a right the caller lacks."""

    def __init__(self, status: int, message: str | None = None, *, details: Mapping[str, object] | None = None,
                 **params: object) -> None:
        super().__init__(message or MESSAGES.get(status, ""))
        self.status, self.message, self.details, self.params = status, message, details, params

    def response(self) -> Response:
        return api_error(self.status, self.message, self.params, self.details)
