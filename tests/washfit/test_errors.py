"""Error pages: a failed transaction still gets a whole page, and input the database cannot hold gets 400/404."""

import pytest
from sqlalchemy import func, select

from assessments.models import AuditEntry, Facility, PlanAction
from washfit.db import get_session


@pytest.fixture
def failing_app(app):
    """The app with a route whose flush fails, as a write the database refuses would."""

    @app.route("/_failing-flush")
    def failing_flush():
        get_session().add(Facility(code=None, name=None))
        get_session().flush()
        return "unreachable"

    return app


@pytest.mark.parametrize("user", [None, "admin", "head"])
def test_the_500_page_renders_whole_after_a_failed_flush(failing_app, login, district, user):
    client = failing_app.test_client()
    if user:
        response = client.post("/login", data={"username": user, "password": "correct-horse-battery"})
        assert response.status_code == 302
    response = client.get("/_failing-flush")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Terjadi kesalahan" in html and "</html>" in html
    assert client.get("/facilities/F1").status_code in (200, 302)  # the next request is served as usual


@pytest.mark.parametrize("path", [
    "/facilities/F1%00", "/facilities/?q=%00", "/facilities/?kecamatan=a%00b", "/plans/?facility=%01",
    "/facilities/?q=" + "x" * 201,
])
def test_control_characters_and_overlong_filters_get_a_400_page(client, login, district, path):
    login("admin")
    response = client.get(path)
    assert response.status_code == 400
    assert "karakter kontrol" in response.get_data(as_text=True) or "lebih panjang" in response.get_data(as_text=True)


def test_a_nul_byte_in_the_login_username_is_a_400_before_any_lookup(client, district):
    response = client.post("/login", data={"username": "admin\x00", "password": "x"})
    assert response.status_code == 400 and "karakter kontrol" in response.get_data(as_text=True)


def test_ids_beyond_the_databases_range_are_404(client, login, matrix_district):
    login("admin")
    huge = 2**31
    round_id = matrix_district["round"].id
    for path in (f"/facilities/F1/rounds/{huge}/", f"/plans/F1/actions/{huge}", f"/plans/F1/actions/{10**30}",
                 f"/admin/users/{huge}", f"/facilities/?round={huge}", f"/dashboard?round={huge}",
                 f"/exports/summary.xlsx?round={10**20}", f"/facilities/F1/charts/profile.png?round={huge}",
                 "/exports/summary.xlsx?round=-1", "/dashboard?round=" + "9" * 150,
                 f"/facilities/F1/rounds/-{round_id}/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("data", [
    {"new_item": "", "new_quantity": "3000000000"},
    {"items-0-code": "X", "items-0-quantity": "3000000000"},
    {"items-0-code": "X", "items-0-quantity": "1", "items-0-override": "1" + "0" * 19},
])
def test_a_quantity_or_cost_beyond_the_maximum_is_a_form_error_and_writes_nothing(client, login, planned_district,
                                                                                   session, data):
    login("head")
    action = session.scalars(select(PlanAction).where(PlanAction.facility_id == planned_district["f1"].id)).first()
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.post(f"/plans/F1/actions/{action.id}", data={"version": str(action.version), "status": "planned",
                                                                   **data})
    assert response.status_code == 200 and "Angka harus antara" in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_a_price_beyond_the_maximum_is_a_form_error_and_writes_nothing(client, login, district, session):
    login("admin")
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.post("/plans/costs/TANK", data={"unit_cost": "10000000000000000000", "year": "2025"})
    assert response.status_code == 200 and "Angka harus antara" in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


@pytest.mark.parametrize("target", ["/a\nb", "/a\r\nSet-Cookie: x=1", "/\u2028x"])
def test_a_line_break_in_next_never_splits_the_location_header(client, district, target):
    response = client.post("/language/en", data={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    response = client.post("/login", query_string={"next": target},
                           data={"username": "admin", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
