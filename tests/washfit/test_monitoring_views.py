"""Monitoring on the web: progress recorded, bad input refused with nothing written, photos served as images."""

import io

from PIL import Image
from sqlalchemy import func, select

from assessments.models import PlanAction, PlanActionPhoto


def _w2(session):
    session.expire_all()
    return session.scalar(select(PlanAction).where(PlanAction.indicator_code == "W2"))


def _png():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, "PNG")
    return out.getvalue()


def test_progress_is_recorded_and_shown_on_the_plan_facility_and_district_pages(client, login, session,
                                                                                  planned_district):
    login("head")
    w2 = _w2(session)
    form = client.get(f"/plans/F1/actions/{w2.id}/progress").get_data(as_text=True)
    assert "Tanggal mulai" in form
    response = client.post(f"/plans/F1/actions/{w2.id}/progress", data={
        "version": w2.version, "status": "done", "started_on": "2025-06-01", "completed_on": "2025-07-01",
        "progress_note": "Tangki terpasang", "spent": "4.500.000"})
    assert response.status_code == 302
    plan = client.get("/plans/F1").get_data(as_text=True)
    assert "Tangki terpasang" in plan and "Rp 4.500.000" in plan and "Status rencana dan kemajuan" in plan
    detail = client.get("/facilities/F1").get_data(as_text=True)
    assert "Tindakan yang ditutup" in detail and "W2" in detail
    client.post("/logout")
    login("viewer")
    assert "Rp 4.500.000" in client.get("/plans/").get_data(as_text=True)
    chart = client.get("/dashboard/progress.png")
    assert chart.status_code == 200 and chart.mimetype == "image/png"


def test_contradicting_dates_and_absurd_spending_are_refused_in_bahasa_indonesia_and_nothing_is_written(
        client, login, session, planned_district):
    login("head")
    w2 = _w2(session)
    url = f"/plans/F1/actions/{w2.id}/progress"
    base = {"version": w2.version, "status": "done", "progress_note": ""}
    html = client.post(url, data={**base, "started_on": "2025-07-02", "completed_on": "2025-07-01"}).get_data(
        as_text=True)
    assert "tanggal selesai (2025-07-01) sebelum tanggal mulai (2025-07-02)" in html
    html = client.post(url, data={**base, "spent": "-5"}).get_data(as_text=True)
    assert "tidak valid" in html or "Rupiah" in html or "rupiah" in html
    html = client.post(url, data={**base, "spent": "999.999.999.999"}).get_data(as_text=True)
    assert "tidak valid" in html
    assert (_w2(session).status, _w2(session).spent, _w2(session).started_on) == ("planned", None, None)


def test_a_photo_is_kept_reencoded_and_served_only_as_an_image_to_those_who_may_read_the_plan(
        client, login, session, planned_district):
    login("head")
    w2 = _w2(session)
    response = client.post(f"/plans/F1/actions/{w2.id}/photos",
                           data={"photo": (io.BytesIO(_png()), "tangki.png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    html = client.post(f"/plans/F1/actions/{w2.id}/photos", follow_redirects=True,
                       data={"photo": (io.BytesIO(b"<html><script>alert(1)</script>"), "x.jpg")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "bukan foto" in html
    photo_id = session.scalar(select(PlanActionPhoto.id))
    assert session.scalar(select(func.count()).select_from(PlanActionPhoto)) == 1
    served = client.get(f"/plans/F1/photos/{photo_id}")
    assert served.mimetype == "image/jpeg" and served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.data[:3] == b"\xff\xd8\xff"
    client.post("/logout")
    login("other_head")
    assert client.get(f"/plans/F1/photos/{photo_id}").status_code == 403
    assert client.get(f"/plans/F2/photos/{photo_id}").status_code == 404


def test_progress_from_a_stale_page_writes_nothing(client, login, session, planned_district):
    login("head")
    w2 = _w2(session)
    response = client.post(f"/plans/F1/actions/{w2.id}/progress", follow_redirects=True, data={
        "version": w2.version + 5, "status": "in_progress", "progress_note": "lama"})
    assert "Orang lain menyimpan tindakan ini" in response.get_data(as_text=True)
    assert (_w2(session).status, _w2(session).progress_note) == ("planned", "")
