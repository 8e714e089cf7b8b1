"""The death audit pages: suppressed counts for readers, cases for the AMP-SR team, refused files."""

import datetime as dt
import io

from sqlalchemy import func, select

from assessments.models import DeathAudit, PlanAction

RECENT = dt.date.today().year


def _cases(session, facility, n, factors="no_running_water", recommendation="Pasang keran air"):
    session.add_all(DeathAudit(facility_id=facility.id, year=RECENT, month=1, case_type="neonatal_death",
                               place="facility", cause_group="infection", factors=factors,
                               recommendation=recommendation) for _ in range(n))
    session.commit()


def test_a_viewer_sees_small_counts_as_less_than_three_and_no_case(client, login, district, session):
    _cases(session, district["f1"], 2)
    login("viewer")
    page = client.get("/death-audits").get_data(as_text=True)
    assert "&lt; 3" in page and "Puskesmas Satu" in page
    assert "Pasang keran air" not in page and "Ringkasan kasus" not in page and "/death-audits/new" not in page


def test_counts_of_three_or_more_are_shown_as_they_are(client, login, district, session):
    _cases(session, district["f1"], 4)
    login("assessor")
    page = client.get("/death-audits").get_data(as_text=True)
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count('<td class="num">4</td>') == 2 and "&lt; 3" not in body  # neonatal deaths, WASH-related


def test_the_amp_sr_team_sees_the_case_list(client, login, district, session):
    _cases(session, district["f1"], 1)
    login("amp_sr")
    page = client.get("/death-audits").get_data(as_text=True)
    assert "Pasang keran air" in page and "Ringkasan kasus (hanya tim AMP-SR)" in page


def test_a_head_is_taken_to_their_own_facility_counts(client, login, district, session):
    _cases(session, district["f1"], 1)
    login("head")
    response = client.get("/death-audits")
    assert response.headers["Location"].endswith("/death-audits/facility/F1")
    page = client.get("/death-audits/facility/F1").get_data(as_text=True)
    assert "&lt; 3" in page and "Pasang keran air" not in page


def test_the_facility_history_hides_case_entries_from_readers(client, login, district, session):
    login("amp_sr")
    client.post("/death-audits/new", data={"facility": "F1", "year": RECENT, "month": "1", "case_type": "stillbirth",
                                          "place": "home", "cause_group": "other", "response_status": "open"})
    login("viewer")
    assert "stillbirth" not in client.get("/facilities/F1").get_data(as_text=True)


def test_the_form_stores_a_case_and_refuses_an_identifying_recommendation(client, login, district, session):
    login("amp_sr")
    form = {"facility": "F1", "year": RECENT, "month": "1", "case_type": "maternal_death", "place": "facility",
            "cause_group": "haemorrhage", "factors": ["no_running_water", "referral_delay"], "response_status": "open"}
    client.post("/death-audits/new", data={**form, "recommendation": "NIK 5301234567890001"})
    assert session.scalar(select(func.count()).select_from(DeathAudit)) == 0
    client.post("/death-audits/new", data={**form, "recommendation": "Alirkan air ke ruang bersalin"})
    stored = session.scalar(select(DeathAudit))
    assert stored.factors == "no_running_water referral_delay" and stored.month == 1


def test_an_upload_with_a_nik_column_is_refused_with_the_reason(client, login, district, session, audit_file):
    login("amp_sr")
    data = audit_file("F1,2026,1,stillbirth,home,other,5301234567890001",
                      header="facility,year,month,case_type,place,cause_group,NIK")
    page = client.post("/death-audits/import", data={"audit_file": (io.BytesIO(data), "a.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "NIK" in page and "5301234567890001" not in page and "tidak ada yang disimpan" in page
    assert session.scalar(select(func.count()).select_from(DeathAudit)) == 0


def test_a_recommendation_goes_into_the_plan_in_one_click(client, login, district, session):
    _cases(session, district["f1"], 1)
    case_id = session.scalar(select(DeathAudit.id))
    login("amp_sr")
    response = client.post(f"/death-audits/{case_id}/plan")
    assert response.headers["Location"].endswith("/plans/F1")
    assert session.scalar(select(PlanAction.text).where(PlanAction.text == "Pasang keran air"))


def test_the_dashboard_shows_suppressed_deaths_beside_the_delivery_room_scores(client, login, planned_district,
                                                                               session):
    _cases(session, planned_district["f1"], 2)
    login("viewer")
    page = client.get("/dashboard").get_data(as_text=True)
    section = page.split('id="death-audits"')[1].split("</table>")[0]
    assert "Puskesmas Satu" in section and section.count("&lt; 3") == 2 and "0 / 1" in section and "W3" in section
    assert "Pasang keran air" not in page


def test_the_facility_report_carries_the_facility_aggregate(client, login, planned_district, session):
    _cases(session, planned_district["f1"], 5)
    login("head")
    page = client.get("/facilities/F1/report").get_data(as_text=True)
    assert "Audit kematian (AMP-SR)" in page and '<td class="num">5</td>' in page and "Pasang keran air" not in page


def _sheets(client):
    from openpyxl import load_workbook

    response = client.get("/exports/summary.xlsx")
    return load_workbook(io.BytesIO(response.data), read_only=True)


def test_the_summary_workbook_has_the_amp_sr_sheet_for_the_audit_team_only(client, login, district, session):
    _cases(session, district["f1"], 2)
    login("viewer")
    assert "AMP-SR" not in _sheets(client).sheetnames
    login("amp_sr")
    workbook = _sheets(client)
    rows = list(workbook["AMP-SR"].iter_rows(values_only=True))
    assert rows[1][:4] == ("F1", "Puskesmas Satu", RECENT, 0) and "< 3" in rows[1]  # numbers stay numbers


def test_the_audit_team_edits_a_case_and_a_stale_form_saves_nothing(client, login, district, session):
    _cases(session, district["f1"], 1)
    case = session.scalar(select(DeathAudit))
    login("amp_sr")
    assert "Pasang keran air" in client.get(f"/death-audits/{case.id}").get_data(as_text=True)
    form = {"version": str(case.version), "year": RECENT, "month": "1", "case_type": "neonatal_death",
            "place": "facility", "cause_group": "infection", "factors": ["no_running_water"],
            "recommendation": "Pasang keran air", "response_status": "done"}
    client.post(f"/death-audits/{case.id}", data=form)
    session.expire_all()
    assert session.get(DeathAudit, case.id).response_status == "done"
    page = client.post(f"/death-audits/{case.id}", data={**form, "response_status": "open"}).get_data(as_text=True)
    session.expire_all()
    assert session.get(DeathAudit, case.id).response_status == "done" and "flash error" in page
