"""The JSON API, ``/api/v1``: read-only, authenticated by API token, described by OpenAPI.

- ``blueprint.py`` the blueprint and the ``operation`` decorator, which registers a route with
  what the OpenAPI document says of it (query and response schemas, who may call it);
- ``auth.py`` the bearer token of every call (no cookie, so no CSRF);
- ``errors.py`` every error as JSON, in Bahasa Indonesia and English;
- ``schemas.py`` the marshmallow schemas: query parameters read, responses written;
- ``views.py`` the operations, each calling the service its web page calls;
- ``spec.py`` the OpenAPI document built from the registered operations, and its docs page.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add ``/api/v1`` to ``app``: exempt from CSRF, which guards cookie-borne forms the API has none of."""
    from washfit.api import auth, spec, views  # noqa: F401 - importing them adds the hook and the routes
    from washfit.api.blueprint import bp
    from washfit.security import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
