"""The authorization matrix: every route the app registers × every identity, each cell written down.

The routes come from the app's URL map, so a new route cannot escape: it fails here until its
row is added to EXPECTED. Identities: not logged in, admin, the assessor of F1, the puskesmas
head of F1, the head of another puskesmas (F2), and a viewer. Every URL names F1's things.
"""


IDENTITIES = ("anonymous", "admin", "assessor", "head", "other_head", "viewer")
EVERYONE = IDENTITIES
LOGGED_IN = IDENTITIES[1:]
READ_F1 = ("admin", "assessor", "head", "viewer")
ENTER_F1 = ("admin", "assessor")
ADMIN = ("admin",)
DISTRICT = ("admin", "assessor", "viewer")
PLAN_F1 = ("admin", "head")

# endpoint -> method -> identities allowed; anonymous visitors not allowed are sent to log in,
# logged-in identities not allowed get 403.
EXPECTED: dict[str, dict[str, tuple[str, ...]]] = {
    "static": {"GET": EVERYONE},
    "auth.login": {"GET": EVERYONE, "POST": EVERYONE},
    "auth.logout": {"POST": EVERYONE},
    "auth.set_language": {"POST": EVERYONE},
    "index": {"GET": LOGGED_IN},
    "facilities.facility_list": {"GET": LOGGED_IN},
    "facilities.facility_detail": {"GET": READ_F1},
    "entry.overview": {"GET": READ_F1},
    "entry.domain_page": {"GET": READ_F1, "POST": ENTER_F1},
    "entry.submit": {"POST": ENTER_F1},
    "entry.validate": {"POST": ADMIN},
    "entry.reopen": {"POST": ADMIN},
    "admin.users": {"GET": ADMIN, "POST": ADMIN},
    "admin.edit_user": {"GET": ADMIN, "POST": ADMIN},
    "admin.facilities": {"GET": ADMIN, "POST": ADMIN},
    "admin.edit_facility": {"GET": ADMIN, "POST": ADMIN},
    "admin.assessment_rounds": {"GET": ADMIN, "POST": ADMIN},
    "exports.assessment_template": {"GET": ENTER_F1},
    "exports.upload": {"GET": ENTER_F1, "POST": ENTER_F1},
    "exports.summary": {"GET": DISTRICT},
    "exports.plan": {"GET": READ_F1},
    "plans.district": {"GET": LOGGED_IN},  # a puskesmas head is taken to their own plan
    "plans.facility_plan": {"GET": READ_F1},
    "plans.draft": {"POST": PLAN_F1},
    "plans.edit": {"GET": PLAN_F1, "POST": PLAN_F1},
    "plans.add": {"GET": PLAN_F1, "POST": PLAN_F1},
    "plans.budget": {"GET": DISTRICT},
    "plans.costs": {"GET": ADMIN},
    "plans.edit_cost": {"GET": ADMIN, "POST": ADMIN},
    "charts.facility_profile": {"GET": READ_F1},
    "charts.facility_change": {"GET": READ_F1},
    "charts.facility_report": {"GET": READ_F1},
    "charts.dashboard": {"GET": DISTRICT},
    "charts.heat_map": {"GET": DISTRICT},
    "charts.service_ladder": {"GET": DISTRICT},
    "charts.plan_cost": {"GET": DISTRICT},
}


def url_values(district) -> dict[str, object]:
    """A value for every URL variable any route uses, naming F1's things."""
    return {
        "code": "F1",
        "round_id": district["round"].id,
        "domain_code": "W",
        "user_id": district["users"]["viewer"].id,
        "filename": "style.css",
        "lang": "en",
        "action_id": district.get("action_id"),
        "item_code": "TANK",
    }


def routes(app):  # type: ignore[no-untyped-def]
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_registered_route_has_a_row_in_the_matrix(app):
    missing = sorted({f"{rule.endpoint} {method}" for rule, method in routes(app)
                      if method not in EXPECTED.get(rule.endpoint, {})})
    assert not missing, f"add these routes to EXPECTED: {missing}"


def test_every_cell_of_the_matrix_is_as_written(app, client, matrix_district):
    district = matrix_district
    values = url_values(district)
    unexpected = []
    cells = 0
    for rule, method in routes(app):
        allowed = EXPECTED[rule.endpoint][method]
        url = app.url_map.bind("localhost").build(rule.endpoint, {k: values[k] for k in rule.arguments}, method=method)
        for identity in IDENTITIES:
            client.post("/logout")
            if identity != "anonymous":
                response = client.post("/login", data={"username": district["users"][identity].username,
                                                       "password": "correct-horse-battery"})
                assert response.status_code in (302, 303)
            response = client.open(url, method=method, data={})
            response.close()  # static files are streamed from an open file
            cells += 1
            outcome = _outcome(response)
            wanted = "allowed" if identity in allowed else ("login" if identity == "anonymous" else "forbidden")
            if outcome != wanted:
                unexpected.append(f"{method} {url} as {identity}: {outcome} ({response.status_code}), expected {wanted}")
    assert not unexpected, "\n".join(unexpected)
    assert cells == len(list(routes(app))) * len(IDENTITIES)


def _outcome(response) -> str:  # type: ignore[no-untyped-def]
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (302, 303) and response.headers.get("Location", "").startswith("/login") \
            and response.request.path != "/logout":
        return "login"
    if response.status_code >= 500 or response.status_code == 404:
        return f"error {response.status_code}"
    return "allowed"
