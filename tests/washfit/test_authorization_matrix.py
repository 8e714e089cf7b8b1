"""The authorization matrix: every route the app registers × every identity, each cell written down.

The routes come from the app's URL map, so a new route cannot escape: it fails here until its
row is added to EXPECTED. Identities: not logged in, admin, the assessor of F1, the puskesmas
head of F1, the head of another puskesmas (F2), a viewer, and the district's AMP-SR (death audit)
team. A route that names a facility is tried on F1's things and on F2's, so the facility scope of
every right is checked both ways.

The API (``/api/v1``, endpoints ``api.*``) reads no cookie: its cells are tried with each
identity's API token instead of a login (anonymous: no token, which is a 401), by
``test_every_api_cell_of_the_matrix_is_as_written``. Its routes naming an assessment are tried
on F1's assessment and on F2's.
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
    # the team's risk assessment: the facility's head, its assessors, admins
    "judge": {"F1": ("admin", "assessor", "head"), "F2": ("admin", "other_head")},
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
    "facilities.validation_queue": {"GET": "admin"},
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
    "admin.round_dhis2_period": {"POST": "admin"},
    "admin.round_schedule": {"POST": "admin"},
    "admin.indicator_sets": {"GET": "admin", "POST": "admin"},
    "admin.delete_indicator_set": {"POST": "admin"},
    "exports.assessment_template": {"GET": "enter"},
    "exports.upload": {"GET": "enter", "POST": "enter"},
    "exports.summary": {"GET": "district"},
    "exports.plan": {"GET": "read"},
    "exports.dhis2": {"GET": "district"},
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
    "plans.budget_workbook": {"GET": "district"},
    "plans.budget_decision": {"POST": "admin"},
    "plans.undo_budget_decision": {"POST": "admin"},
    "plans.costs": {"GET": "district"},  # viewers read the prices behind the plans they review
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
    "admin.api_tokens": {"GET": "admin", "POST": "admin"},
    "admin.revoke_api_token": {"POST": "admin"},
    # The API, tried with tokens; a puskesmas head's lists hold their own facilities only.
    "api.openapi": {"GET": "everyone"},
    "api.docs": {"GET": "everyone"},
    "api.facilities": {"GET": "logged_in"},
    "api.facility": {"GET": "read"},
    "api.facility_history": {"GET": "read"},
    "api.facility_plan": {"GET": "read"},
    "api.rounds": {"GET": "logged_in"},
    "api.round_detail": {"GET": "logged_in"},
    "api.round_scores": {"GET": "logged_in"},
    "api.assessment": {"GET": "read"},
    "api.plans": {"GET": "district"},
    "entry.visit": {"POST": "enter"},
    "teams.team": {"GET": "read", "POST": "plan"},  # the team's editors are the plan's: admins, the head
    "teams.edit_member": {"GET": "plan", "POST": "plan"},
    "teams.remove": {"POST": "plan"},
    "teams.risks": {"GET": "read"},
    "teams.judge": {"GET": "judge", "POST": "judge"},
    "teams.clear": {"POST": "judge"},
}
SCOPED_ARGUMENTS = {"code", "assessment_id"}  # a route naming one of these is tried on F1's and on F2's


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
        "set_id": district["round"].indicator_set_id,
        "assessment_id": district.get("assessment_ids", {}).get(code),
        "token_id": district["token_id"],
        "kind": "values.json",
        "member_id": district["member_ids"][code],
        "indicator_code": "W2",
        "photo_id": district["photo_ids"][code],
    }


def routes(app: Flask) -> Iterator[tuple[Rule, str]]:
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _cells(app: Flask, district, api: bool) -> Iterator[tuple[Rule, str, str, str]]:
    """Each (rule, method, facility code, url) of the site's routes or of the API's."""
    for rule, method in routes(app):
        if rule.endpoint.startswith("api.") != api:
            continue
        for code in ("F1", "F2") if SCOPED_ARGUMENTS & rule.arguments else ("F1",):
            values = url_values(district, code)
            url = app.url_map.bind("localhost").build(rule.endpoint, {k: values[k] for k in rule.arguments},
                                                      method=method)
            yield rule, method, code, url


def _wanted(rule: Rule, method: str, code: str, identity: str) -> str:
    allowed = RIGHTS[EXPECTED[rule.endpoint][method]][code]
    return "allowed" if identity in allowed else ("login" if identity == "anonymous" else "forbidden")


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
    for rule, method, code, url in _cells(app, district, api=False):
        for identity in IDENTITIES:
            client.post("/logout")
            if identity != "anonymous":
                response = client.post("/login", data={"username": district["users"][identity].username,
                                                       "password": "correct-horse-battery"})
                assert response.status_code in (302, 303)
            response = client.open(url, method=method, data={})
            response.close()  # static files are streamed from an open file
            outcome, wanted = _outcome(response), _wanted(rule, method, code, identity)
            if outcome != wanted:
                unexpected.append(f"{method} {url} as {identity}: {outcome} ({response.status_code}), "
                                  f"expected {wanted}")
    assert not unexpected, "\n".join(unexpected)


def test_every_api_cell_of_the_matrix_is_as_written(app, client, api_matrix_district):
    """The API with each identity's token (anonymous: none, a 401); a refusal is a 403, JSON."""
    district = api_matrix_district
    unexpected = []
    for rule, method, code, url in _cells(app, district, api=True):
        for identity in IDENTITIES:
            token = district["tokens"].get(identity)
            response = client.open(url, method=method, headers={"Authorization": f"Bearer {token}"} if token else {})
            outcome = {200: "allowed", 401: "login", 403: "forbidden"}.get(response.status_code,
                                                                          f"error {response.status_code}")
            wanted = _wanted(rule, method, code, identity)
            if outcome != wanted or (outcome != "allowed" and not response.is_json):
                unexpected.append(f"{method} {url} as {identity}: {outcome} ({response.status_code}), "
                                  f"expected {wanted}")
    assert not unexpected, "\n".join(unexpected)


def test_a_viewers_token_reads_every_api_route(app, client, api_matrix_district):
    token = api_matrix_district["tokens"]["viewer"]
    refused = [url for _rule, _method, _code, url in _cells(app, api_matrix_district, api=True)
               if client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code != 200]
    assert not refused


def _outcome(response: TestResponse) -> str:
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (302, 303) and response.headers.get("Location", "").startswith("/login") \
            and response.request.path != "/logout":
        return "login"
    if response.status_code >= 500 or response.status_code == 404:
        return f"error {response.status_code}"
    return "allowed"
