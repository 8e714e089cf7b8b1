"""The team page, the risk pages and the visit form: what each reader sees, what a post stores or refuses."""

import datetime as dt

from sqlalchemy import select

from assessments.models import Assessment, RiskJudgement, TeamMember

MEMBER = {"name": "Maria Ndun", "position": "sanitarian", "team_role": "ketua tim", "phone": "081234567890",
          "leader": "y", "from_on": "2025-01-06", "to_on": ""}


def test_a_head_adds_a_member_and_a_viewer_sees_the_member_but_not_the_phone(client, login, district, session):
    login("head")
    response = client.post("/facilities/F1/team", data=MEMBER)
    assert response.status_code == 302
    page = client.get("/facilities/F1/team").get_data(as_text=True)
    assert "Maria Ndun" in page and "081234567890" in page
    client.post("/logout")
    login("viewer")
    page = client.get("/facilities/F1/team").get_data(as_text=True)
    assert "Maria Ndun" in page and "081234567890" not in page and 'name="name"' not in page


def test_a_member_who_left_before_joining_is_refused_with_a_message_and_nothing_stored(client, login, district,
                                                                                        session):
    login("head")
    page = client.post("/facilities/F1/team", data={**MEMBER, "to_on": "2024-12-31"}).get_data(as_text=True)
    assert "2024-12-31" in page and "2025-01-06" in page
    assert session.scalars(select(TeamMember)).all() == []


def test_another_puskesmas_head_may_not_post_to_this_team(client, login, district, session):
    login("other_head")
    assert client.post("/facilities/F1/team", data=MEMBER).status_code == 403
    assert session.scalars(select(TeamMember)).all() == []


def test_the_risk_page_lists_the_gaps_and_a_judgement_that_differs_shows_both_levels(client, login,
                                                                                     planned_district, session):
    round_id = planned_district["round"].id
    login("head")
    url = f"/facilities/F1/rounds/{round_id}/risks"
    page = client.get(url).get_data(as_text=True)
    assert all(code in page for code in ("W2", "W3", "HH1"))
    form = client.get(f"{url}/HH1").get_data(as_text=True)
    assert 'name="at_risk"' in form
    response = client.post(f"{url}/HH1", data={
        "problem": "Sabun hanya di apotek", "at_risk": ["patients", "staff"], "likelihood": "unlikely",
        "severity": "minor", "reason": "Wastafel di ruang sebelah", "version": "0", "loaded": "{}"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Sabun hanya di apotek" in page and "Wastafel di ruang sebelah" in page
    plan = client.get("/plans/F1").get_data(as_text=True)
    assert "Wastafel di ruang sebelah" in plan


def test_an_unknown_at_risk_code_is_refused_and_nothing_stored(client, login, planned_district, session):
    login("head")
    url = f"/facilities/F1/rounds/{planned_district['round'].id}/risks/HH1"
    response = client.post(url, data={"problem": "x", "at_risk": ["visitors"], "likelihood": "likely",
                                      "severity": "major", "version": "0"})
    assert response.status_code == 200
    assert session.scalars(select(RiskJudgement)).all() == []


def test_the_visit_is_entered_on_the_overview_and_a_future_date_is_refused(client, login, district, session):
    login("assessor")
    url = f"/facilities/F1/rounds/{district['round'].id}/"
    page = client.get(url).get_data(as_text=True)
    assert 'name="assessed_on"' in page and 'name="team_leader"' in page
    version = session.merge(district["assessment"]).version
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    client.post(url + "visit", data={"assessed_on": future, "assessors": "Ani", "team_leader": "Maria",
                                     "version": str(version)})
    session.expire_all()
    assert session.get(Assessment, district["assessment"].id).assessed_on is None
    client.post(url + "visit", data={"assessed_on": "2025-05-12", "assessors": "Ani, Budi", "team_leader": "Maria",
                                     "version": str(version)})
    session.expire_all()
    stored = session.get(Assessment, district["assessment"].id)
    assert (stored.assessed_on, stored.assessors, stored.team_leader) == (dt.date(2025, 5, 12), "Ani, Budi", "Maria")


def test_the_report_and_the_plan_workbook_carry_the_risk_table_and_the_leader_signs(client, login, planned_district,
                                                                                    session, mini_set):
    import io

    from openpyxl import load_workbook

    from assessments.models import TeamMember
    from assessments.teams.codes import current_team_codes
    from assessments.teams.risks import JudgementInput, save_judgement

    assessment = session.merge(planned_district["assessment"])
    save_judgement(session, mini_set, current_team_codes(), assessment, "HH1",
                   JudgementInput("Sabun hanya di apotek", ("staff",), "unlikely", "minor", "Wastafel dekat"),
                   session.merge(planned_district["users"]["head"]), 0, dt.date(2025, 6, 1))
    session.add(TeamMember(facility_id=planned_district["f1"].id, name="Maria Ndun", position="sanitarian",
                           leader=True, from_on=dt.date(2025, 1, 1)))
    session.commit()
    login("head")
    report = client.get("/facilities/F1/report").get_data(as_text=True)
    risks = report.split('<table class="risks">')[1].split("</table>")[0]
    assert "Sabun hanya di apotek" in risks and "Wastafel dekat" in risks and "W3" in risks
    assert "Maria Ndun" in report.split('class="signoff"')[1]
    book = load_workbook(io.BytesIO(client.get("/facilities/F1/plan.xlsx").data))
    rows = list(book["Risiko"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["W2", "W3", "HH1"]
    assert rows[-1][1:3] == ("Sabun hanya di apotek", "rendah") and rows[-1][-1] == "Wastafel dekat"
