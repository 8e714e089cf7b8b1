"""The app plus one bare route, for the pages benchmark's baseline.

``/bench/rows.json`` returns the rows of the first page of the facility list as JSON: the same
queries as the page, without templates, translations or login. gunicorn loads it with
``benchmarks.bare_app:create_bare_app()``.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify

from assessments.indicator_sets import first_indicator_set
from assessments.rounds import default_round
from assessments.scores.facility_list import ListQuery, list_page
from washfit import create_app
from washfit.db import get_session


def create_bare_app() -> Flask:
    app = create_app()

    @app.get("/bench/rows.json")
    def rows() -> Response:
        db = get_session()
        indicator_set = first_indicator_set()
        round_ = default_round(db)
        page = list_page(db, indicator_set, round_, ListQuery(page_size=app.config["PAGE_SIZE"]))
        return jsonify([
            {"code": r.facility.code, "name": r.facility.name, "kecamatan": r.facility.kecamatan,
             "status": r.assessment.status if r.assessment else None,
             "domains": {d.domain: str(d.percent) for d in r.score.domains} if r.score else None,
             "overall": str(r.score.overall.percent) if r.score else None}
            for r in page.rows
        ])

    return app
