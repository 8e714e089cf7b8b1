"""The round's XLSForm download and the submissions upload in the browser."""

import io

from sqlalchemy import func, select

from assessments.models import AuditEntry, Response
from tests.assessments.xlsform.submission_files import central_csv, read_form, submission


def upload(client, district, data, name="export.csv"):
    return client.post(f"/rounds/{district['round'].id}/submissions", data={"export": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def form_of(client, district):
    response = client.get(f"/rounds/{district['round'].id}/xlsform.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=washfit-xlsform-Baseline-2025.xlsx"
    return read_form(response.data)


def sub(form, answers, instance="uuid:1"):
    return submission(form, "F1", answers, instance=instance, submitted="2025-05-03T03:00:00Z",
                      round_name="Baseline 2025", indicator_set="mini-test 0.1")


def test_assessor_downloads_the_form_and_uploads_submissions(client, login, district, session):
    login("assessor")
    form = form_of(client, district)
    response = upload(client, district, central_csv(form, [sub(form, {"w_1": "not_met", "w_1_c": "kering"})]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 kiriman diimpor, 1 jawaban berubah" in html
    session.expire_all()
    assert session.scalar(select(Response.comment).where(Response.indicator_code == "W1")) == "kering"


def test_a_refused_upload_lists_every_problem_in_bahasa_indonesia_and_writes_nothing(client, login, district, session):
    login("assessor")
    form = form_of(client, district)
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    response = upload(client, district, central_csv(form, [sub(form, {"w_1": "ya"})]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Berkas ditolak dan tidak ada yang disimpan" in html
    assert "baris 2, kolom d_w-w_1: &#34;ya&#34; bukan pilihan yang dikenal" in html
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_a_hostile_upload_gets_a_message_not_an_error(client, login, district):
    login("admin")
    for data in (b"\xff\xfe" + "x".encode("utf-16-le"), b"PK\x03\x04junk", b"[" * 50_000, b"\x00" * 100):
        response = upload(client, district, data)
        assert response.status_code == 200 and "Berkas ditolak" in response.get_data(as_text=True)


def test_the_entry_overview_links_to_the_phone_form(client, login, district):
    login("assessor")
    html = client.get(f"/facilities/F1/rounds/{district['round'].id}/").get_data(as_text=True)
    assert f"/rounds/{district['round'].id}/xlsform.xlsx" in html and "Ponsel (KoboToolbox, ODK)" in html
