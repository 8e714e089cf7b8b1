"""Workbook downloads and uploads in the browser: who may, what they get, what a bad file shows."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessments.excel.cells import XLSX_MIMETYPE
from assessments.models import AuditEntry, Response
from tests.assessments.excel.workbook_files import HOSTILE_WORKBOOKS, filled, with_members, zip_bomb
from tests.washfit.html_forms import form_fields


def template_url(district, code="F1"):
    return f"/facilities/{code}/rounds/{district['round'].id}/workbook.xlsx"


def upload_url(district, code="F1"):
    return f"/facilities/{code}/rounds/{district['round'].id}/import"


def upload(client, district, data, name="f1.xlsx"):
    # A raw body: the test client would spool a large file to a temporary file it never closes.
    body = (b"--b\r\nContent-Disposition: form-data; name=workbook; filename=" + name.encode() + b"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--b--\r\n")
    return client.post(upload_url(district), data=body, content_type="multipart/form-data; boundary=b")


def test_assessor_downloads_the_offline_form_of_their_facility(client, login, district):
    login("assessor")
    response = client.get(template_url(district))
    assert response.status_code == 200 and response.mimetype == XLSX_MIMETYPE
    assert response.headers["Content-Disposition"] == "attachment; filename=washfit-F1-Baseline-2025.xlsx"
    assert load_workbook(io.BytesIO(response.data))["Air"]["D5"].value == "Memenuhi"


@pytest.mark.parametrize(("user", "code", "status"), [
    ("assessor", "F2", 403), ("viewer", "F1", 403), ("head", "F1", 403), ("admin", "F2", 200),
])
def test_only_who_may_enter_scores_gets_the_form(client, login, district, user, code, status):
    login(user)
    assert client.get(template_url(district, code)).status_code == status
    assert client.get(upload_url(district, code)).status_code == status


def test_overview_offers_download_and_upload_to_assessors_only(client, login, district):
    login("assessor")
    html = client.get(f"/facilities/F1/rounds/{district['round'].id}/").get_data(as_text=True)
    assert template_url(district) in html and upload_url(district) in html
    client.post("/logout")
    login("viewer")
    html = client.get(f"/facilities/F1/rounds/{district['round'].id}/").get_data(as_text=True)
    assert template_url(district) not in html


def test_upload_round_trip_stores_the_answers(client, login, district, session):
    login("assessor")
    data = filled(client.get(template_url(district)).data, {"Air!D6": "Memenuhi", "Air!E6": "pompa baru"})
    response = upload(client, district, data)
    assert response.headers["Location"].endswith(f"/facilities/F1/rounds/{district['round'].id}/")
    session.expire_all()
    assert session.scalar(select(Response.comment).where(Response.indicator_code == "W2")) == "pompa baru"


def test_a_bad_upload_lists_every_problem_and_saves_nothing(client, login, district, session):
    login("assessor")
    data = filled(client.get(template_url(district)).data, {"Air!D5": "ya", "Air!D6": "=1+1"})
    before = session.query(AuditEntry).count()
    response = upload(client, district, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Traceback" not in html
    assert "Air!D5: &#34;ya&#34; bukan skor" in html  # problems are shown in the page's language
    assert "Air!D6:" in html
    assert session.query(AuditEntry).count() == before


@pytest.mark.parametrize(("make", "message"), [
    (lambda good: b"just text", "bukan berkas Excel"),
    (lambda good: zip_bomb(40 * 2**20), "bom zip"),
    (lambda good: with_members(good, {"xl/vbaProject.bin": b"\0"}), "berisi makro"),
    (lambda good: filled(good, {"Air!D700": "x"}), "paling banyak 500 baris"),
    (HOSTILE_WORKBOOKS["one row of 1.66 M cells"], "Air: baris 5 memuat lebih dari 60 sel"),
    (HOSTILE_WORKBOOKS["450,000 cell formats"], "lebih dari 2000 format sel"),
    (HOSTILE_WORKBOOKS["1.2 M shared strings"], "lebih dari 20000 teks bersama"),
    (HOSTILE_WORKBOOKS["700,000 rows numbered 1"], "Air: baris 1 datang setelah baris 1"),
])
def test_hostile_uploads_get_a_clear_message_never_a_500(client, login, district, session, make, message):
    login("assessor")
    before = session.query(AuditEntry).count()
    response = upload(client, district, make(client.get(template_url(district)).data))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert session.query(AuditEntry).count() == before


def test_a_workbook_of_another_facility_is_refused_on_this_page(client, login, district):
    login("admin")
    other = client.get(template_url(district, "F2")).data
    html = upload(client, district, other).get_data(as_text=True)
    assert "berkas Excel ini untuk fasilitas F2, bukan F1" in html


def test_an_upload_over_the_size_limit_gets_the_413_page(client, login, district, app):
    login("assessor")
    # A raw body: the test client would spool a large form to a temporary file it never closes.
    body = b"--b\r\nContent-Disposition: form-data; name=workbook; filename=big.xlsx\r\n\r\n" + bytes(
        app.config["MAX_CONTENT_LENGTH"]) + b"\r\n--b--\r\n"
    response = client.post(upload_url(district), data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413 and "Berkas unggahan terlalu besar" in response.get_data(as_text=True)


@pytest.mark.parametrize(("user", "status"), [("admin", 200), ("assessor", 200), ("viewer", 200), ("head", 403)])
def test_district_summary_is_for_viewers_and_above(client, login, district, user, status):
    login(user)
    response = client.get("/exports/summary.xlsx")
    assert response.status_code == status
    if status == 200:
        assert response.mimetype == XLSX_MIMETYPE
        assert "washfit-ringkasan-Baseline-2025.xlsx" in response.headers["Content-Disposition"]
        assert load_workbook(io.BytesIO(response.data))["Skor"]["A2"].value == "F1"


@pytest.mark.parametrize(("user", "code", "status"),
                         [("head", "F1", 200), ("head", "F2", 403), ("other_head", "F1", 403), ("viewer", "F2", 200)])
def test_plan_workbook_for_the_facility_head_of_their_own_facility(client, login, district, user, code, status):
    login(user)
    response = client.get(f"/facilities/{code}/plan.xlsx")
    assert response.status_code == status
    if status == 200:
        book = load_workbook(io.BytesIO(response.data))
        assert book.sheetnames == ["Tentang", "Skor", "Tindakan", "Risiko", "Biaya per domain"]
        assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def _correct_w1_in_the_browser(client, district):
    """The reproduction of issue 17: after the download, W1 is corrected to "partly" in the browser."""
    page = f"/facilities/F1/rounds/{district['round'].id}/domains/W"
    form = form_fields(client.get(page).get_data(as_text=True))
    form.update(score_W1="1")
    assert client.post(page, data=form).status_code == 302


def test_an_old_workbook_is_refused_naming_the_answer_corrected_in_the_browser(client, login, district, session):
    login("assessor")
    exported = client.get(template_url(district)).data
    _correct_w1_in_the_browser(client, district)
    data = filled(exported, {"Air!D5": "Tidak memenuhi", "Air!D6": "Memenuhi"})
    html = upload(client, district, data).get_data(as_text=True)
    assert "1 jawaban di buku kerja ini juga diubah di washfit" in html
    assert ("Air!D5: W1 diubah di washfit setelah buku kerja ini diunduh: buku kerja berisi Tidak memenuhi, "
            "washfit berisi Memenuhi sebagian") in html
    assert 'name="changed_answers"' in html
    session.expire_all()
    scores = {r.indicator_code: r.score for r in session.scalars(select(Response))}
    assert scores["W1"] == 1 and scores["W2"] == 1  # the correction stands, and nothing else was imported
    choice = {"workbook": (io.BytesIO(data), "f1.xlsx"), "changed_answers": "keep"}
    kept = client.post(upload_url(district), data=choice, content_type="multipart/form-data")
    assert kept.status_code == 302
    session.expire_all()
    scores = {r.indicator_code: r.score for r in session.scalars(select(Response))}
    assert scores["W1"] == 1 and scores["W2"] == 2


def test_the_dhis2_files_download_for_the_district_and_nothing_to_send_says_why(client, login, district, session,
                                                                                   dhis2_schema):
    import json

    login("viewer")
    refused = client.get(f"/exports/dhis2/values.json?round={district['round'].id}", follow_redirects=True)
    assert "tidak ada fasilitas" in refused.get_data(as_text=True)
    district["assessment"].status, district["f1"].dhis2_org_unit = "submitted", "ORG-F1"
    session.add_all([district["assessment"], district["f1"]])
    session.commit()
    values = client.get(f"/exports/dhis2/values.json?round={district['round'].id}")
    assert values.status_code == 200 and values.mimetype == "application/json"
    assert "attachment" in values.headers["Content-Disposition"] and "2025-values.json" in values.headers[
        "Content-Disposition"]
    payload = json.loads(values.data)
    dhis2_schema("dataValueSet", payload)
    assert {v["orgUnit"] for v in payload["dataValues"]} == {"ORG-F1"}
    rows = client.get("/exports/dhis2/values.csv?indicators=1").get_data(as_text=True).splitlines()
    assert rows[0].startswith("dataelement,period,orgunit") and any("WASHFIT_IND_W1" in r for r in rows)
    metadata = client.get("/exports/dhis2/metadata.json")
    dhis2_schema("metadata", json.loads(metadata.data))
    assert client.get("/exports/dhis2/other.txt").status_code == 404
