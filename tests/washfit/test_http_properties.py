"""Every route, every method, every role, generated values: never a 5xx, and a refusal writes nothing.

Hypothesis walks the app's URL map: for each request it picks a route and a method, a role
(anonymous or one of the district's users, each with a client logged in once), values for the
route's path (real codes and ids, and NUL bytes, huge and negative integers, unicode, very long
strings), a query string and form fields of the names washfit's forms use, holding the same
kinds of values and wrong types (lists, numbers as text). Each request must get an answer below
500; a refused one (4xx, or a form shown again on POST) must leave the database as it was: the
row count of every table, the audit log's among them, is compared before and after.

About a minute per database; ``WASHFIT_HTTP_EXAMPLES`` for a longer campaign by hand.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from assessments.models import Base, User

EXAMPLES = int(os.environ.get("WASHFIT_HTTP_EXAMPLES", "400"))
ROLES = (None, "admin", "assessor", "head", "other_head", "viewer")
SKIPPED = {"static", "auth.logout"}  # files; and logging out would leave the role's client anonymous

FIELDS = (
    "username", "password", "role", "facilities", "active", "code", "name", "kecamatan", "district", "inpatient",
    "delivery", "latitude", "longitude", "starts_on", "version", "score_W1", "comment_W1", "score_HH1", "comment_HH1",
    "text", "responsible", "target_date", "status", "funding_source", "new_item", "new_quantity", "items-0-code",
    "items-0-quantity", "items-0-override", "items-0-remove", "unit_cost", "source", "year", "estimate", "budget",
    "cap", "round", "next", "csrf_token",
)
QUERY = ("round", "q", "kecamatan", "type", "status", "sort", "dir", "page", "group", "domain", "priority", "facility",
         "funding", "budget", "cap", "next")

hostile_text = st.one_of(
    st.sampled_from(["", "\x00", "a\x00b", "\x01", "\x7f", "\u200b", "\n", "/a\r\nSet-Cookie: x=1", "/\t", "\u2028",
                     "ü", "😀", "%00", "'; DROP TABLE users; --", "<script>", "../..", "W1", "F1", "F2", "2", "na",
                     "planned", "TANK", "admin", "2025-01-01", "-1",
                     "0", "1.5", "1e9", "3000000000", "10000000000000000000", "-9223372036854775809",
                     "NaN", "sNaN", "-Infinity", "1e999999"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
    st.text(alphabet="x9", min_size=190, max_size=5000),
)
form_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


def path_value(converter: str, ids: dict[str, list[int]]) -> st.SearchStrategy[str]:
    if converter == "IdConverter":
        real = [i for values in ids.values() for i in values]
        return st.one_of(st.sampled_from(real), st.sampled_from([0, 2**31 - 1, 2**31, 2**63, 10**30])).map(str)
    return st.one_of(st.sampled_from(["F1", "F2", "W", "HH", "TANK", "id", "en", "nope"]), hostile_text)


def _fingerprint(session) -> tuple[int, ...]:
    """Every table's row count, in one row: a UNION ALL's rows come in no set order on PostgreSQL."""
    counts = [select(func.count()).select_from(table).scalar_subquery() for table in Base.metadata.sorted_tables]
    return tuple(session.execute(select(*counts)).one())


@pytest.fixture
def role_clients(app, client, matrix_district):
    """A logged-in client per role; ``client`` first, so that each reads and closes its responses."""
    from tests.conftest import PASSWORD

    clients = {None: client}
    for role in ROLES[1:]:
        clients[role] = app.test_client()
        response = clients[role].post("/login", data={"username": role, "password": PASSWORD})
        assert response.status_code == 302
    return clients


def _routes(app):
    return sorted(
        ((rule, method) for rule in app.url_map.iter_rules() if rule.endpoint not in SKIPPED
         for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})),
        key=lambda pair: (pair[0].rule, pair[1]))


def test_no_request_gets_a_server_error_and_no_refusal_writes(app, role_clients, matrix_district, session, make_user):
    spare = make_user("spare", "viewer")  # the one user whose edits cannot lock a role out of the walk
    ids = {"round": [matrix_district["round"].id], "action": list(matrix_district["action_ids"].values()),
           "user": [spare.id]}
    routes = _routes(app)
    made: list[int] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def walk(data: st.DataObject) -> None:
        rule, method = data.draw(st.sampled_from(routes), label="route")
        role = data.draw(st.sampled_from(ROLES), label="role")
        values = {name: data.draw(path_value(type(converter).__name__, ids), label=name)
                  for name, converter in rule._converters.items()}
        url = _build(rule, values)
        query = data.draw(st.dictionaries(st.sampled_from(QUERY), form_value, max_size=3), label="query")
        form = data.draw(st.dictionaries(st.sampled_from(FIELDS), form_value, max_size=6), label="form") \
            if method == "POST" else {}
        session.expire_all()
        before = _fingerprint(session)
        response = role_clients[role].open(url, method=method, query_string=query, data=form)
        made.append(response.status_code)
        assert response.status_code < 500, (method, url, role, query, form, response.get_data(as_text=True)[:300])
        refused = 400 <= response.status_code < 500 or (
            method == "POST" and response.status_code == 200 and rule.endpoint != "auth.login")
        if refused:
            session.expire_all()
            assert _fingerprint(session) == before, ("a refused request wrote", method, url, role, query, form)

    walk()
    print(f"\nHTTP walk: {len(made)} generated requests over {len(routes)} route-methods, "
          f"{sum(s >= 500 for s in made)} server errors, statuses {sorted(set(made))}")
    assert len(made) >= EXAMPLES and session.get(User, spare.id) is not None


def _build(rule, values: dict[str, str]) -> str:
    """The rule's path with ``values`` put in as they are (percent-encoded, so a NUL travels as %00)."""
    from urllib.parse import quote

    path = rule.rule
    for name, converter in rule._converters.items():
        token = f"<{'int:' if type(converter).__name__ == 'IdConverter' else ''}{name}>"
        path = path.replace(token, quote(values[name], safe=""))
    return path
