"""washfit: the WASH FIT cycle for district health offices — the Flask app and the CLI."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI imports this package; Flask loads only when an app is built
    from flask import Flask

__version__ = "0.1.0"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the environment (or ``test_config`` instead), then extensions."""
    from flask import Flask

    from assessments.database import default_url
    from assessments.shipped_files import shipped_path
    from washfit import boundary, db, errors, i18n_web, security, templating, views
    from washfit.config import DEFAULTS, from_environment

    app = Flask(__name__, instance_relative_config=True, template_folder=str(shipped_path("templates")))
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(from_environment() if test_config is None else test_config)
    if app.config.get("PROXY_HOPS"):
        # Behind nginx the client address the login throttle keys on is in X-Forwarded-For.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"])  # type: ignore[method-assign]
    os.makedirs(app.instance_path, exist_ok=True)
    db.init_app(app, app.config.get("DATABASE_URL") or default_url(Path(app.instance_path)))
    security.init_app(app)
    i18n_web.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    boundary.init_app(app)  # before the routes: it defines what <int:...> matches
    views.register(app)
    return app
