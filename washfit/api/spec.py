"""The OpenAPI 3 document of ``/api/v1``, built by apispec from the registered operations, and its page.

Nothing here is written by hand per route: paths, parameters and response schemas come from
``blueprint.OPERATIONS`` (the same schemas the views read and write with) and from the URL map
(the path parameters and their converters). Every operation documents the errors it can answer
with, each an ``Error``: 400 (a bad query parameter, a control character, an overlong value),
401 (no valid token), 403 (outside the caller's rights) and 404 (nothing at that id or code).

The page at ``/api/v1/docs`` renders the same document on the server: no script, no CDN, nothing
but washfit's own stylesheet, so it works offline at the district office and under the site's
Content-Security-Policy. (Swagger UI would need its bundle served and a looser policy for its
inline styles; a table per operation is all the analysts need.)
"""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue

import washfit
from washfit.api import schemas
from washfit.api.blueprint import OPERATIONS, bp
from washfit.boundary import MAX_ID, IdConverter

_KEY = "washfit.openapi"

DESCRIPTION = """Read-only JSON of washfit: facilities, rounds, assessments, scores and plans.

Authenticate with an API token an administrator created for you (web: Users > API tokens, /admin/tokens; \
command line: `washfit tokens create USER --name NAME`), sent as `Authorization: Bearer <token>`. \
The token has exactly its user's rights, facility scope included.

Conventions: field names are stable within /api/v1; percentages and coordinates are decimal \
strings ("62.5"); money is whole rupiah as an integer; times are ISO 8601 with their offset; \
a value that does not exist is null. Lists take `page` (from 1) and `limit` (1 to 100) and \
answer with `page`, `pages`, `limit` and `total`. Errors are JSON with `status`, `error`, \
`message` (Bahasa Indonesia) and `message_en` (English): 400 a bad query parameter (unknown \
parameters are refused too), 401 a missing, unknown, expired or revoked token, 403 a facility \
or list outside your rights, 404 nothing at that address."""

_ERRORS = {
    "400": "A query parameter is not valid (the message names it).",
    "401": "No valid API token.",
    "403": "Outside the rights of the token's user.",
    "404": "Nothing at this address.",
}


def _path_parameters(app: Flask, endpoint: str) -> list[dict[str, Any]]:
    rule = next(app.url_map.iter_rules(endpoint))
    parameters = []
    for name in sorted(rule.arguments):
        converter = rule._converters[name]
        schema: dict[str, Any] = ({"type": "integer", "minimum": 1, "maximum": MAX_ID}
                                  if isinstance(converter, IdConverter) else {"type": "string", "minLength": 1})
        parameters.append({"in": "path", "name": name, "required": True, "schema": schema})
    return parameters


def build_spec(app: Flask) -> dict[str, Any]:
    """The document for ``app``'s API routes."""
    marshmallow = MarshmallowPlugin()
    spec = APISpec(title="washfit API", version=washfit.__version__, openapi_version="3.0.3",
                   plugins=[FlaskPlugin(), marshmallow], info={"description": DESCRIPTION},
                   servers=[{"url": "/"}], security=[{"token": []}])
    marshmallow.map_to_openapi_type(schemas.DecimalString, "string", "decimal")  # type: ignore[no-untyped-call]
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer",
                                              "description": "An API token: washfit tokens create USER --name NAME"})
    spec.components.schema("Error", schema=schemas.ErrorSchema)
    error = {"content": {"application/json": {"schema": "Error"}}}
    for endpoint, operation in OPERATIONS.items():
        parameters = _path_parameters(app, endpoint)
        if operation.query is not None:
            parameters.append({"in": "query", "schema": operation.query})
        responses: dict[str, Any] = {"200": {"description": operation.summary,
                                             "content": {"application/json": {"schema": operation.response}}}}
        responses.update({status: {"description": text, **error} for status, text in _ERRORS.items()})
        get = {"operationId": endpoint.removeprefix("api."), "summary": operation.summary,
               "description": f"{operation.description}\n\nWho may call it: {operation.who}",
               "tags": [operation.tag], "parameters": parameters, "responses": responses}
        spec.path(view=app.view_functions[endpoint], operations={"get": get}, app=app)
    return spec.to_dict()


def openapi_document() -> dict[str, Any]:
    """The document of the running app, built once."""
    if _KEY not in current_app.extensions:
        current_app.extensions[_KEY] = build_spec(current_app)
    document: dict[str, Any] = current_app.extensions[_KEY]
    return document


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(openapi_document())


@bp.get("/docs")
def docs() -> ResponseReturnValue:
    return render_template("api/docs.html", spec=openapi_document())
