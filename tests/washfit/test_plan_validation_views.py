"""A plan walked submitted → returned → submitted → validated on the web, the snapshot on the report."""

from sqlalchemy import select

from assessments.models import FacilityPlan, PlanAction


def _state(session):
    session.expire_all()
    return session.scalar(select(FacilityPlan.state))


def test_a_plan_goes_submitted_returned_submitted_validated_and_the_report_prints_the_snapshot(
        client, login, session, planned_district):
    login("head")
    page = client.get("/plans/F1").get_data(as_text=True)
    assert "Ajukan rencana ke kabupaten" in page
    client.post("/plans/F1/submit", data={"version": ""})
    assert _state(session) == "submitted"
    client.post("/logout")
    login("admin")
    page = client.get("/plans/F1").get_data(as_text=True)
    assert "Validasi rencana" in page and "Kembalikan dengan catatan" in page
    client.post("/plans/F1/return", data={"comment": "Lengkapi target W3"})
    assert _state(session) == "returned"
    client.post("/logout")
    login("head")
    assert "Lengkapi target W3" in client.get("/plans/F1").get_data(as_text=True)
    client.post("/plans/F1/submit")
    client.post("/logout")
    login("admin")
    response = client.post("/plans/F1/validate", follow_redirects=True)
    assert "Rencana divalidasi" in response.get_data(as_text=True)
    assert _state(session) == "validated"
    report = client.get("/facilities/F1/report").get_data(as_text=True)
    assert "Rencana sebagaimana divalidasi oleh admin" in report and "divalidasi kabupaten" in report
    assert "divalidasi kabupaten" in client.get("/plans/").get_data(as_text=True)
    assert "divalidasi kabupaten" in client.get("/dashboard").get_data(as_text=True)


def test_an_admin_who_submitted_cannot_validate_and_is_told_why(client, login, session, planned_district):
    login("admin")
    client.post("/plans/F1/submit")
    html = client.post("/plans/F1/validate", follow_redirects=True).get_data(as_text=True)
    assert "Anda sendiri yang mengajukan rencana ini" in html and _state(session) == "submitted"


def test_a_head_cannot_validate_their_own_plan(client, login, session, planned_district):
    login("head")
    client.post("/plans/F1/submit")
    assert client.post("/plans/F1/validate").status_code == 403
    assert client.post("/plans/F1/return", data={"comment": "x"}).status_code == 403
    assert _state(session) == "submitted"


def test_a_scope_edit_of_a_validated_plan_without_reopening_writes_nothing(client, login, session, planned_district):
    login("head")
    client.post("/plans/F1/submit")
    client.post("/logout")
    login("admin")
    client.post("/plans/F1/validate")
    client.post("/logout")
    login("head")
    session.expire_all()
    w2 = session.scalar(select(PlanAction).where(PlanAction.indicator_code == "W2"))
    data = {"version": w2.version, "text": "", "responsible": "Pak Budi", "target_date": "", "status": "planned",
            "funding_source": "", "items-0-code": "TANK", "items-0-quantity": "1", "items-0-override": "",
            "new_item": "", "new_quantity": ""}
    html = client.post(f"/plans/F1/actions/{w2.id}", data=data).get_data(as_text=True)
    assert "membuka kembali rencana" in html
    session.expire_all()
    assert session.scalar(select(PlanAction.responsible).where(PlanAction.id == w2.id)) == ""
    response = client.post(f"/plans/F1/actions/{w2.id}", data={**data, "reopen": "y"})
    assert response.status_code == 302 and _state(session) == "draft"
    assert "dibuka kembali: cakupan berubah (W2: responsible)" in client.get("/plans/F1").get_data(as_text=True)
