"""Who may open what: every route of this issue for every role, allowed or 403, never 500."""

import pytest

ROLES = ("admin", "assessor", "head", "other_head", "viewer")

# (method, path, roles allowed); everyone else logged in gets 403.
CASES = [
    ("GET", "/", ROLES),
    ("GET", "/facilities/", ROLES),
    ("GET", "/facilities/F1", ("admin", "assessor", "head", "viewer")),
    ("GET", "/facilities/F2", ("admin", "assessor", "other_head", "viewer")),
    ("GET", "/facilities/F1/rounds/{round}/", ("admin", "assessor", "head", "viewer")),
    ("GET", "/facilities/F1/rounds/{round}/domains/W", ("admin", "assessor", "head", "viewer")),
    ("POST", "/facilities/F1/rounds/{round}/domains/W", ("admin", "assessor")),
    ("POST", "/facilities/F2/rounds/{round}/domains/W", ("admin",)),
    ("POST", "/facilities/F1/rounds/{round}/submit", ("admin", "assessor")),
    ("POST", "/facilities/F1/rounds/{round}/validate", ("admin",)),
    ("GET", "/admin/users", ("admin",)),
    ("GET", "/admin/facilities", ("admin",)),
    ("GET", "/admin/facilities/F1", ("admin",)),
    ("GET", "/admin/rounds", ("admin",)),
    ("POST", "/admin/rounds", ("admin",)),
]


@pytest.mark.parametrize(("method", "path", "allowed"), CASES)
def test_each_role_is_allowed_or_refused_with_403(client, login, district, method, path, allowed):
    path = path.format(round=district["round"].id)
    for role in ROLES:
        login(district["users"][role].username)
        response = client.open(path, method=method, data={"version": "999"})
        if role in allowed:
            assert response.status_code in (200, 302, 303), (role, path, response.status_code)
        else:
            assert response.status_code == 403, (role, path, response.status_code)
        client.post("/logout")


@pytest.mark.parametrize(("method", "path", "_"), CASES)
def test_anonymous_visitors_are_sent_to_login_never_served(client, district, method, path, _):
    response = client.open(path.format(round=district["round"].id), method=method)
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


def test_a_facility_head_sees_only_their_facility_in_the_list(client, login, district):
    login("head")
    html = client.get("/").get_data(as_text=True)
    assert "Puskesmas Satu" in html and "Puskesmas Dua" not in html


def test_unknown_facility_round_or_domain_is_404(client, login, district):
    login("admin")
    round_id = district["round"].id
    for path in ("/facilities/NOPE", f"/facilities/F1/rounds/{round_id + 99}/", f"/facilities/F1/rounds/{round_id}/domains/ZZ"):
        assert client.get(path).status_code == 404, path
