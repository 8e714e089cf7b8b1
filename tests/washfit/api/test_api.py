"""/api/v1: what each operation answers, with a token, and how it refuses.

The district (tests/conftest.py) has F1 and F2 and a round scored with the mini set; with
``planned_district`` F1 scored W1 2, W2 1, W3 0, HH1 0, HH2 not applicable, submitted, its plan
drafted from the three gaps.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.models import ApiToken, AuditEntry


@pytest.fixture
def viewer_token(district, make_token):
    return make_token(district["users"]["viewer"])


def test_facilities_are_listed_with_their_profile_and_paged(api_get, viewer_token):
    first = api_get("/api/v1/facilities?limit=1", viewer_token).get_json()
    second = api_get("/api/v1/facilities?limit=1&page=2", viewer_token).get_json()
    assert (first["page"], first["pages"], first["limit"], first["total"]) == (1, 2, 1, 2)
    assert [f["code"] for f in first["items"] + second["items"]] == ["F1", "F2"]
    assert second["items"][0]["profile"] == {"inpatient": False, "delivery": False, "rainfall_sufficient": False,
                                             "sewered": False}


def test_facilities_are_filtered_like_the_facility_list(api_get, viewer_token):
    outpatient = api_get("/api/v1/facilities?type=outpatient", viewer_token).get_json()
    searched = api_get("/api/v1/facilities?q=satu", viewer_token).get_json()
    assert [f["code"] for f in outpatient["items"]] == ["F2"]
    assert [f["code"] for f in searched["items"]] == ["F1"]


def test_a_round_comes_with_its_indicator_set(api_get, viewer_token, district):
    found = api_get(f"/api/v1/rounds/{district['round'].id}", viewer_token).get_json()
    listed = api_get("/api/v1/rounds", viewer_token).get_json()
    assert found["indicator_set"]["ref"] == "mini-test@0.1"
    assert [d["code"] for d in found["indicator_set"]["domains"]] == ["W", "HH"]
    assert found["indicator_set"]["domains"][0]["indicators"][0]["code"] == "W1"
    assert [r["name"] for r in listed["items"]] == ["Baseline 2025"]
    assert "domains" not in listed["items"][0]["indicator_set"]


def test_an_assessment_comes_with_its_answers(api_get, viewer_token, district):
    body = api_get(f"/api/v1/assessments/{district['assessment'].id}", viewer_token).get_json()
    assert body["facility_code"] == "F1" and body["status"] == "draft"
    assert {a["indicator_code"]: a["score"] for a in body["answers"]} == {"W1": 2, "W2": 1, "HH1": 0}
    assert dt.datetime.fromisoformat(body["updated_at"]).utcoffset() == dt.timedelta(0)


def test_round_scores_give_percentages_as_strings_and_the_counts_behind_them(api_get, planned_district, make_token):
    secret = make_token(planned_district["users"]["viewer"])
    body = api_get(f"/api/v1/rounds/{planned_district['round'].id}/scores", secret).get_json()
    f1, f2 = body["items"]
    water = next(d for d in f1["score"]["domains"] if d["domain"] == "W")
    assert (water["percent"], water["points"], water["maximum"], water["met"], water["partial"], water["not_met"]) == \
        ("50.0", 3, 6, 1, 1, 1)
    assert f1["assessment"]["status"] == "submitted" and {j["area"] for j in f1["score"]["jmp"]} >= {"water"}
    assert f2["facility"]["code"] == "F2" and f2["assessment"] is None and f2["score"] is None


def test_a_facilitys_rounds_and_plan(api_get, planned_district, make_token):
    secret = make_token(planned_district["users"]["viewer"])
    history = api_get("/api/v1/facilities/F1/rounds", secret).get_json()
    plan = api_get("/api/v1/facilities/F1/plan?lang=en", secret).get_json()
    assert [r["round"]["name"] for r in history["rounds"]] == ["Baseline 2025"]
    assert history["rounds"][0]["change"] is None
    assert sorted(a["indicator_code"] for a in plan["actions"]) == ["HH1", "W2", "W3"]
    assert plan["totals"]["district"] == sum(a["cost"] for a in plan["actions"] if a["counted"])
    assert all(a["reasons"] and a["risk_level"] in ("high", "medium", "low") for a in plan["actions"])


def test_district_plans_are_filtered_and_totalled(api_get, planned_district, make_token):
    secret = make_token(planned_district["users"]["viewer"])
    every = api_get("/api/v1/plans", secret).get_json()
    water = api_get("/api/v1/plans?domain=W&limit=1", secret).get_json()
    assert every["total"] == 3 and water["total"] == 2 and len(water["items"]) == 1 and water["pages"] == 2
    assert water["totals"]["by_domain"] == [{"key": "W", "cost": water["totals"]["district"]}]


@pytest.mark.parametrize("header", [None, "Bearer", "Basic dmVyYTp4", "Bearer wf_not-a-token", "Bearer " + "x" * 500])
def test_a_call_without_a_valid_token_is_401_json_with_www_authenticate(client, district, header):
    response = client.get("/api/v1/facilities", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and response.is_json
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"] == "unauthorized" and response.get_json()["message_en"]


def test_expired_and_revoked_tokens_are_refused_saying_so(api_get, session, district, make_token, client):
    from assessments.accounts.tokens import revoke_token

    expired, revoked = make_token(district["users"]["viewer"]), make_token(district["users"]["viewer"])
    tokens = session.scalars(select(ApiToken).order_by(ApiToken.id)).all()
    tokens[0].expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    revoke_token(session, tokens[1], "admin")
    session.commit()
    assert "expired" in api_get("/api/v1/rounds", expired).get_json()["message_en"]
    assert "revoked" in api_get("/api/v1/rounds", revoked).get_json()["message_en"]


def test_the_api_ignores_the_login_cookie_and_sets_none(client, login, district, viewer_token):
    login("admin")
    assert client.get("/api/v1/facilities").status_code == 401
    response = client.get("/api/v1/facilities", headers={"Authorization": f"Bearer {viewer_token}"})
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_a_puskesmas_heads_token_has_the_heads_scope(api_get, district, make_token):
    secret = make_token(district["users"]["head"])
    assert [f["code"] for f in api_get("/api/v1/facilities", secret).get_json()["items"]] == ["F1"]
    assert api_get("/api/v1/facilities/F2", secret).status_code == 403
    assert api_get("/api/v1/plans", secret).status_code == 403
    scores = api_get(f"/api/v1/rounds/{district['round'].id}/scores", secret).get_json()
    assert [r["facility"]["code"] for r in scores["items"]] == ["F1"]


@pytest.mark.parametrize(("query", "names"), [
    ("limit=0", ["limit"]), ("limit=101", ["limit"]), ("page=x", ["page"]), ("type=clinic", ["type"]),
    ("bogus=1", ["bogus"]), ("page=0&limit=x", ["limit", "page"]),
])
def test_a_bad_query_parameter_is_400_naming_it_in_both_languages(api_get, viewer_token, query, names):
    response = api_get(f"/api/v1/facilities?{query}", viewer_token)
    body = response.get_json()
    assert response.status_code == 400 and sorted(body["details"]) == names
    assert body["message"] != body["message_en"] and ", ".join(names) in body["message_en"]


@pytest.mark.parametrize("url", ["/api/v1/facilities?q=%00", "/api/v1/facilities?q=" + "x" * 201,
                                 "/api/v1/facilities/NOPE", "/api/v1/rounds/99999", "/api/v1/assessments/2147483648",
                                 "/api/v1/nothing-here"])
def test_every_error_is_json_never_a_page(api_get, viewer_token, url):
    response = api_get(url, viewer_token)
    assert response.status_code in (400, 404) and response.is_json and response.get_json()["message"]


def test_the_api_only_reads(client, viewer_token):
    response = client.post("/api/v1/facilities", headers={"Authorization": f"Bearer {viewer_token}"})
    assert response.status_code == 405 and response.is_json


def test_a_failure_inside_an_operation_is_a_500_json(api_get, viewer_token, monkeypatch, app):
    from washfit.api import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(views, "facility_page", broken)
    response = api_get("/api/v1/facilities", viewer_token)
    assert response.status_code == 500 and response.get_json()["error"] == "server_error"


def test_the_first_call_of_the_day_is_in_the_audit_log(api_get, session, district, viewer_token):
    for _ in range(3):
        assert api_get("/api/v1/rounds", viewer_token).status_code == 200
    used = session.scalars(select(AuditEntry).where(AuditEntry.entity == "api_token", AuditEntry.field == "used")).all()
    token = session.scalars(select(ApiToken)).one()
    session.refresh(token)
    assert [(e.username, e.new_value) for e in used] == [("viewer", dt.datetime.now(dt.UTC).date().isoformat())]
    assert token.last_used_at is not None
