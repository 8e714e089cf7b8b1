"""The API's blueprint and ``operation``, which adds a route together with what OpenAPI says of it.

Every operation names the marshmallow schema of its query parameters (read with ``query_args``)
and of its response (written with ``respond``); ``washfit.api.spec`` builds the OpenAPI document
from the same registry, so the document describes exactly the code that serves the routes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, Response, jsonify, request
from marshmallow import Schema, ValidationError

from assessments.i18n.labels import N_
from washfit.api.errors import ApiRefusal

bp = Blueprint("api", __name__, url_prefix="/api/v1")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Operation:
    """What the OpenAPI document says of one route."""

    rule: str
    summary: str
    description: str
    tag: str
    who: str  # who may call it, in words; the authorization matrix test holds the same rights
    response: type[Schema]
    query: type[Schema] | None = None


OPERATIONS: dict[str, Operation] = {}  # endpoint -> operation, in the order they were added
PUBLIC_ENDPOINTS = ("api.openapi", "api.docs")  # the document and its page: no token needed, no data in them


def operation(
    rule: str, *, summary: str, tag: str, who: str, response: type[Schema], query: type[Schema] | None = None,
) -> Callable[[F], F]:
    """Add ``rule`` (GET) for the decorated view and record it for the OpenAPI document."""

    def register(view: F) -> F:
        OPERATIONS[f"{bp.name}.{view.__name__}"] = Operation(
            rule, summary, (view.__doc__ or "").strip(), tag, who, response, query)
        bp.get(rule)(view)
        return view

    return register


def query_args(schema: type[Schema]) -> dict[str, Any]:
    """The query parameters read with ``schema``; a 400 naming each bad or unknown one."""
    try:
        loaded: dict[str, Any] = schema().load(request.args)
    except ValidationError as invalid:
        messages = invalid.messages if isinstance(invalid.messages, Mapping) else {"_": invalid.messages}
        raise ApiRefusal(400, N_("A query parameter is not valid: %(names)s."),
                         details={str(k): v for k, v in messages.items()},
                         names=", ".join(sorted(str(k) for k in messages))) from None
    return loaded


def respond(schema: type[Schema], data: object) -> Response:
    """``data`` written with the operation's response schema."""
    return jsonify(schema().dump(data))


@bp.errorhandler(ApiRefusal)
def refused(refusal: ApiRefusal) -> Response:
    return refusal.response()
