"""The authorization matrix: every route the app registers × every identity, each cell written down.

The routes come from the app's URL map, so a new route cannot escape: it fails here until its
row is added to EXPECTED. Identities: not logged in, admin, the assessor of F1, the puskesmas
head of F1, the head of another puskesmas (F2), a viewer, and the district's AMP-SR (death audit)
team. A route that names a facility is tried on F1's things and on F2's, so the facility scope of
every right is checked both ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.routing import Rule
    from werkzeug.test import TestResponse

IDENTITIES = ("anonymous", "admin", "assessor", "head", "other_head", "viewer", "amp_sr")

# Who holds each right, on F1's things and on F2's (F2 has no assessor assigned; its head is
# other_head). Routes that name no facility read the F1 column.
RIGHTS: dict[str, dict[str, tuple[str, ...]]] = {
    "everyone": {"F1": IDENTITIES, "F2": IDENTITIES},
    "logged_in": {"F1": IDENTITIES[1:], "F2": IDENTITIES[1:]},
    "read": {"F1": ("admin", "assessor", "head", "viewer", "amp_sr"),
             "F2": ("admin", "assessor", "other_head", "viewer", "amp_sr")},
    "enter": {"F1": ("admin", "assessor"), "F2": ("admin",)},
    "plan": {"F1": ("admin", "head"), "F2": ("admin", "other_head")},
    "district": {"F1": ("admin", "assessor", "viewer", "amp_sr"), "F2": ("admin", "assessor", "viewer", "amp_sr")},
    "audit_cases": {"F1": ("admin", "amp_sr"), "F2": ("admin", "amp_sr")},
    "enter_any": {"F1": ("admin", "assessor"), "F2": ("admin", "assessor")},
    "admin": {"F1": ("admin",), "F2": ("admin",)},
}

# endpoint -> method -> right; anonymous visitors without the right are sent to log in,
# logged-in identities without it get 403.
EXPECTED: dict[str, dict[str, str]] = {
    "static": {"GET": "everyone"},
    "auth.login": {"GET": "everyone", "POST": "everyone"},
    "auth.logout": {"POST": "everyone"},
    "auth.set_language": {"POST": "everyone"},
    "index": {"GET": "logged_in"},
    "facilities.facility_list": {"GET": "logged_in"},
    "facilities.facility_detail": {"GET": "read"},
    "entry.overview": {"GET": "read"},
    "entry.domain_page": {"GET": "read", "POST": "enter"},
    "entry.submit": {"POST": "enter"},
    "entry.validate": {"POST": "admin"},
    "entry.reopen": {"POST": "admin"},
    "admin.users": {"GET": "admin", "POST": "admin"},
    "admin.edit_user": {"GET": "admin", "POST": "admin"},
    "admin.end_user_sessions": {"POST": "admin"},
    "admin.facilities": {"GET": "admin", "POST": "admin"},
    "admin.edit_facility": {"GET": "admin", "POST": "admin"},
    "admin.assessment_rounds": {"GET": "admin", "POST": "admin"},
    "admin.round_indicator_set": {"POST": "admin"},
    "admin.indicator_sets": {"GET": "admin", "POST": "admin"},
    "exports.assessment_template": {"GET": "enter"},
    "exports.upload": {"GET": "enter", "POST": "enter"},
    "exports.summary": {"GET": "district"},
    "exports.plan": {"GET": "read"},
    "plans.district": {"GET": "logged_in"},  # a puskesmas head is taken to their own plan
    "plans.facility_plan": {"GET": "read"},
    "plans.draft": {"POST": "plan"},
    "plans.submit": {"POST": "plan"},
    "plans.return_to_puskesmas": {"POST": "admin"},
    "plans.validate": {"POST": "admin"},
    "plans.progress": {"GET": "plan", "POST": "plan"},
    "plans.add_evidence": {"POST": "plan"},
    "plans.photo": {"GET": "read"},
    "charts.progress_chart": {"GET": "district"},
    "plans.edit": {"GET": "plan", "POST": "plan"},
    "plans.add": {"GET": "plan", "POST": "plan"},
    "plans.budget": {"GET": "district"},
    "plans.costs": {"GET": "admin"},
    "plans.edit_cost": {"GET": "admin", "POST": "admin"},
    "plans.import_prices": {"GET": "admin", "POST": "admin"},
    "plans.apply_prices": {"POST": "admin"},
    "plans.map_price": {"POST": "admin"},
    "plans.unmap_price": {"POST": "admin"},
    "plans.freight": {"POST": "admin"},
    "charts.facility_profile": {"GET": "read"},
    "charts.facility_change": {"GET": "read"},
    "charts.facility_report": {"GET": "read"},
    "charts.dashboard": {"GET": "district"},
    "charts.heat_map": {"GET": "district"},
    "charts.service_ladder": {"GET": "district"},
    "charts.plan_cost": {"GET": "district"},
    "xlsform.form": {"GET": "enter_any"},
    "xlsform.upload": {"GET": "enter_any", "POST": "enter_any"},
    "death_audits.district": {"GET": "logged_in"},  # a puskesmas head is taken to their own facility's counts
    "death_audits.facility": {"GET": "read"},
    "death_audits.new_case": {"GET": "audit_cases", "POST": "audit_cases"},
    "death_audits.edit_case": {"GET": "audit_cases", "POST": "audit_cases"},
    "death_audits.plan_recommendation": {"POST": "audit_cases"},
    "death_audits.upload": {"GET": "audit_cases", "POST": "audit_cases"},
}


def url_values(district, code: str) -> dict[str, object]:
    """A value for every URL variable any route uses, naming the things of facility ``code``."""
    return {
        "code": code,
        "round_id": district["round"].id,
        "domain_code": "W",
        "user_id": district["users"]["viewer"].id,
        "filename": "style.css",
        "lang": "en",
        "action_id": district["action_ids"][code],
        "item_code": "TANK",
        "case_id": district["case_id"],
        "photo_id": district["photo_ids"][code],
    }


def routes(app: Flask) -> Iterator[tuple[Rule, str]]:
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_registered_route_has_a_row_in_the_matrix(app):
    missing = sorted({f"{rule.endpoint} {method}" for rule, method in routes(app)
                      if method not in EXPECTED.get(rule.endpoint, {})})
    assert not missing, f"add these routes to EXPECTED: {missing}"


def test_every_row_of_the_matrix_names_a_route_that_exists(app):
    registered = {(rule.endpoint, method) for rule, method in routes(app)}
    stale = sorted(f"{endpoint} {method}" for endpoint, methods in EXPECTED.items() for method in methods
                   if (endpoint, method) not in registered)
    assert not stale, f"these rows of EXPECTED name no route: {stale}"


def test_every_cell_of_the_matrix_is_as_written(app, client, matrix_district):
    district = matrix_district
    unexpected = []
    for rule, method in routes(app):
        right = RIGHTS[EXPECTED[rule.endpoint][method]]
        for code in ("F1", "F2") if "code" in rule.arguments else ("F1",):
            values = url_values(district, code)
            url = app.url_map.bind("localhost").build(rule.endpoint, {k: values[k] for k in rule.arguments},
                                                      method=method)
            for identity in IDENTITIES:
                client.post("/logout")
                if identity != "anonymous":
                    response = client.post("/login", data={"username": district["users"][identity].username,
                                                           "password": "correct-horse-battery"})
                    assert response.status_code in (302, 303)
                response = client.open(url, method=method, data={})
                response.close()  # static files are streamed from an open file
                outcome = _outcome(response)
                allowed = right[code]
                wanted = "allowed" if identity in allowed else ("login" if identity == "anonymous" else "forbidden")
                if outcome != wanted:
                    unexpected.append(f"{method} {url} as {identity}: {outcome} ({response.status_code}), "
                                      f"expected {wanted}")
    assert not unexpected, "\n".join(unexpected)


def _outcome(response: TestResponse) -> str:
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (302, 303) and response.headers.get("Location", "").startswith("/login") \
            and response.request.path != "/logout":
        return "login"
    if response.status_code >= 500 or response.status_code == 404:
        return f"error {response.status_code}"
    return "allowed"
