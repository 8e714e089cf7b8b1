"""The blueprints, one module per area; ``register`` adds them all to the app."""

from __future__ import annotations

from flask import Flask

from washfit import api
from washfit.views import admin, auth, charts, death_audits, entry, exports, facilities, plans, teams, xlsform


def register(app: Flask) -> None:
    for module in (auth, facilities, entry, admin, charts, exports, plans, xlsform, death_audits, teams):
        app.register_blueprint(module.bp)
    api.register(app)
    # "/" is the facility list (a puskesmas head's own page); url_for("index") reads better in templates.
    app.add_url_rule("/", endpoint="index", view_func=facilities.home)
