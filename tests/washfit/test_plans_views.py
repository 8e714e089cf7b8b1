"""Plan pages: who may read and edit, what the pages show, edits saved and audited, budget, catalog."""

import re

import pytest
from sqlalchemy import select

from assessments.models import AuditEntry, CostItemPrice, PlanAction
from tests.washfit.html_forms import form_fields, load_form

ROLES = ("admin", "assessor", "head", "other_head", "viewer")


def w2(session):
    session.expire_all()
    return session.scalar(select(PlanAction).where(PlanAction.indicator_code == "W2"))


def edit_data(action, **overrides):
    data = {"version": action.version, "text": "", "responsible": "", "target_date": "", "status": "planned",
            "funding_source": "", "items-0-code": "TANK", "items-0-quantity": "1", "items-0-override": "",
            "new_item": "", "new_quantity": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("GET", "/plans/F1", ("admin", "assessor", "head", "viewer")),
    ("GET", "/plans/F1/actions/{w2}", ("admin", "head")),
    ("POST", "/plans/F1/actions/{w2}", ("admin", "head")),
    ("GET", "/plans/F1/actions/new", ("admin", "head")),
    ("POST", "/plans/F1/draft", ("admin", "head")),
    ("GET", "/plans/budget?budget=1000000", ("admin", "assessor", "viewer")),
    ("GET", "/plans/costs", ("admin", "assessor", "viewer", "amp_sr")),  # read-only but for admins
    ("GET", "/plans/costs/TANK", ("admin",)),
])
def test_each_role_is_allowed_or_refused_with_403(client, login, session, planned_district, method, path, allowed):
    path = path.format(w2=w2(session).id)
    for role in ROLES:
        login(planned_district["users"][role].username)
        response = client.open(path, method=method, data={"version": "999"})
        expected = (200, 302, 303) if role in allowed else (403,)
        assert response.status_code in expected, (role, path, response.status_code)
        client.post("/logout")


def test_the_plan_page_shows_priority_reasons_costs_and_total(client, login, planned_district):
    login("viewer")
    html = client.get("/plans/F1").get_data(as_text=True)
    assert "esensial · ketahanan iklim · memenuhi sebagian" in html
    assert "ruang bersalin · tidak memenuhi" in html
    assert "Rp 5.000.000" in html and "Rp 6.500.000" in html and "Rp 12.000.000" in html
    assert html.index("W2") < html.index("HH1") < html.index("W3")
    assert "/plans/F1/draft" not in html and "/actions/" not in html  # a viewer only reads


def test_the_head_edits_their_own_action_and_it_is_audited(client, login, session, planned_district):
    login("head")
    action = w2(session)
    response = client.post(f"/plans/F1/actions/{action.id}", data=edit_data(
        action, responsible="Bu Ani", status="in_progress", funding_source="DAK", **{"items-0-override": "4.250.000"}))
    assert response.headers["Location"].endswith("/plans/F1")
    action = w2(session)
    assert (action.responsible, action.status, action.funding_source) == ("Bu Ani", "in_progress", "DAK")
    assert action.items[0].unit_cost_override == 4_250_000
    audited = set(session.scalars(select(AuditEntry.field).where(AuditEntry.username == "head")))
    assert audited == {"responsible", "status", "funding_source", "items"}
    assert "Rp 4.250.000" in client.get("/plans/F1").get_data(as_text=True)


def test_the_head_of_another_facility_gets_403_on_view_edit_and_post(client, login, session, planned_district):
    login("other_head")
    action = w2(session)
    assert client.get("/plans/F1").status_code == 403
    assert client.get(f"/plans/F1/actions/{action.id}").status_code == 403
    assert client.post(f"/plans/F1/actions/{action.id}", data=edit_data(action, responsible="x")).status_code == 403
    assert w2(session).responsible == ""


def test_an_invalid_edit_keeps_the_typed_values_and_saves_nothing(client, login, session, planned_district):
    login("head")
    action = w2(session)
    response = client.post(f"/plans/F1/actions/{action.id}", data=edit_data(
        action, responsible="kept text", **{"items-0-quantity": "0", "items-0-override": "1,5"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "kept text" in html and html.count('class="error"') == 2
    assert w2(session).responsible == ""


def test_a_stale_edit_form_is_told_and_overwrites_nothing(client, login, session, planned_district):
    login("head")
    action = w2(session)
    client.post(f"/plans/F1/actions/{action.id}", data=edit_data(action, responsible="first"))
    response = client.post(f"/plans/F1/actions/{action.id}", data=edit_data(action, responsible="second"))
    html = response.get_data(as_text=True)
    assert 'class="conflict"' in html and "responsible" in html
    assert w2(session).responsible == "first"


def test_the_head_adds_an_own_action_with_a_catalog_item(client, login, session, planned_district):
    login("head")
    response = client.post("/plans/F1/actions/new", data={
        "text": "Cat ulang ruang tunggu", "responsible": "", "target_date": "2026-08-17", "status": "planned",
        "funding_source": "BOK", "new_item": "TRAIN", "new_quantity": "2"})
    assert response.headers["Location"].endswith("/plans/F1")
    own = session.scalar(select(PlanAction).where(PlanAction.indicator_code.is_(None)))
    assert own.text == "Cat ulang ruang tunggu"
    assert [(i.cost_item_code, i.quantity) for i in own.items] == [("TRAIN", 2)]
    html = client.get("/plans/F1").get_data(as_text=True)
    assert "Cat ulang ruang tunggu" in html and "tindakan tambahan puskesmas" in html and "Rp 15.000.000" in html


def test_the_draft_button_drafts_a_plan(client, login, session, district, mini_set):
    from assessments.scores import entry

    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    answers = {"W3": entry.parse_answer("W3", "2"), "HH2": entry.parse_answer("HH2", "1")}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    session.commit()
    login("head")
    assert "Susun draf rencana dari kesenjangan" in client.get("/plans/F1").get_data(as_text=True)
    client.post("/plans/F1/draft")
    assert sorted(session.scalars(select(PlanAction.indicator_code))) == ["HH1", "HH2", "W2"]


def test_the_district_view_filters_and_totals(client, login, planned_district):
    login("assessor")
    html = client.get("/plans/").get_data(as_text=True)
    assert "Rp 12.000.000" in html and "Puskesmas Satu" in html
    filtered = client.get("/plans/?domain=HH").get_data(as_text=True)
    assert "Provide soap" not in filtered and "Sediakan sabun" in filtered and "Tambah tangki" not in filtered
    assert "Rp 500.000" in filtered
    high = client.get("/plans/?priority=high").get_data(as_text=True)
    assert "Tambah tangki" in high and "Pipa ke ruang bersalin" not in high
    assert "Tambah tangki" not in client.get("/plans/?funding=DAK").get_data(as_text=True)


def test_a_facility_head_opening_the_district_view_lands_on_their_plan(client, login, planned_district):
    login("head")
    assert client.get("/plans/").headers["Location"].endswith("/plans/F1")


def test_the_budget_page_shows_funded_and_not_funded_with_the_running_total(client, login, planned_district):
    login("viewer")
    html = client.get("/plans/budget?budget=6.000.000").get_data(as_text=True)
    assert "Rp 5.500.000" in html and "Rp 6.000.000" in html
    assert html.count('class="funded"') == 2 and html.count('class="closed"') == 1
    refused = client.get("/plans/budget?budget=-5").get_data(as_text=True)
    assert 'class="error"' in refused and 'class="funded"' not in refused


def test_an_admin_reprices_the_catalog_and_plan_totals_follow(client, login, session, planned_district):
    login("admin")
    response = client.post("/plans/costs/TANK", data={"unit_cost": "Rp 6.000.000", "source": "Dinkes 2026",
                                                      "year": "2026", "version": "1"})
    assert response.headers["Location"].endswith("/plans/costs")
    price = session.scalar(select(CostItemPrice).where(CostItemPrice.code == "TANK"))
    assert (price.unit_cost, price.source, price.year, price.estimate) == (6_000_000, "Dinkes 2026", 2026, False)
    assert "Rp 14.000.000" in client.get("/plans/F1").get_data(as_text=True)
    changes = session.execute(select(AuditEntry.old_value, AuditEntry.new_value).where(
        AuditEntry.entity == "cost_item", AuditEntry.entity_id == "TANK", AuditEntry.field == "unit_cost")).all()
    assert ("5000000", "6000000") in changes


def test_a_stale_edit_names_only_the_other_persons_field_and_the_re_save_keeps_it(app, session, planned_district):
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.post("/login", data={"username": "head" if c is first else "admin", "password": "correct-horse-battery"})
    action = w2(session)
    url = f"/plans/F1/actions/{action.id}"
    mine, theirs = load_form(second, url), load_form(first, url)
    theirs.update(responsible="Pak Budi")  # the first person changes the person responsible, and saves
    assert first.post(url, data=theirs).status_code == 302
    mine.update(status="in_progress", funding_source="DAK")  # the second, from the form loaded before
    html = second.post(url, data=mine).get_data(as_text=True)
    conflict = html[html.index('class="conflict"'):html.index("</div>", html.index('class="conflict"'))]
    assert "Pak Budi" in conflict and "Status" not in conflict and "Sumber dana" not in conflict
    again = form_fields(html)
    assert (again["responsible"], again["status"], again["funding_source"]) == ("Pak Budi", "in_progress", "DAK")
    assert w2(session).status == "planned"  # nothing of the stale save was stored
    assert second.post(url, data=again).status_code == 302  # saving again as told
    stored = w2(session)
    assert (stored.responsible, stored.status, stored.funding_source) == ("Pak Budi", "in_progress", "DAK")


def test_adding_an_own_action_twice_from_one_form_adds_it_once(client, login, session, planned_district):
    login("head")
    form = load_form(client, "/plans/F1/actions/new")
    assert form["form_token"]
    form.update({"text": "Cat ulang ruang tunggu", "status": "planned", "new_item": "TRAIN", "new_quantity": "2"})
    first = client.post("/plans/F1/actions/new", data=form)
    second = client.post("/plans/F1/actions/new", data=form, follow_redirects=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "sudah ditambahkan" in second.get_data(as_text=True)
    own = session.scalars(select(PlanAction).where(PlanAction.indicator_code.is_(None))).all()
    assert len(own) == 1 and [(i.cost_item_code, i.quantity) for i in own[0].items] == [("TRAIN", 2)]
    assert load_form(client, "/plans/F1/actions/new")["form_token"] != form["form_token"]


def _close_hh1_and_add_an_f2_action(session, planned_district):
    hh1 = session.scalar(select(PlanAction).where(PlanAction.indicator_code == "HH1"))
    hh1.status = "done"
    session.add(PlanAction(facility_id=planned_district["f2"].id, text="Cat ulang ruang tunggu"))
    session.commit()


def test_the_district_list_puts_actions_that_need_money_first_and_counts_what_the_total_counts(
        client, login, session, planned_district):
    _close_hh1_and_add_an_f2_action(session, planned_district)
    login("viewer")
    html = client.get("/plans/").get_data(as_text=True)
    # W2 (Rp 5.000.000) and W3 (Rp 6.500.000) need money and F2's uncosted own action too; HH1 is done.
    assert "Rp 11.500.000" in html and "3 tindakan perlu dana" in html and "1 tindakan lain" in html
    assert html.index("Tambah tangki") < html.index("Pipa ke ruang bersalin") < html.index("Sediakan sabun")
    by_cost = client.get("/plans/?sort=cost").get_data(as_text=True)
    assert by_cost.index("Pipa ke ruang bersalin") < by_cost.index("Tambah tangki") < by_cost.index("Sediakan sabun")
    assert 'value="cost" selected' in by_cost
    assert client.get("/plans/?sort=nonsense&totals=x").status_code == 200


def test_the_per_puskesmas_totals_come_by_need_or_by_name(client, login, session, planned_district):
    _close_hh1_and_add_an_f2_action(session, planned_district)
    login("viewer")
    totals = client.get("/plans/").get_data(as_text=True).split('id="totals"')[1]
    assert totals.index("Puskesmas Satu") < totals.index("Puskesmas Dua")  # Rp 11.500.000 before Rp 0
    by_name = client.get("/plans/?totals=name").get_data(as_text=True).split('id="totals"')[1]
    assert by_name.index("Puskesmas Dua") < by_name.index("Puskesmas Satu")


def test_the_budget_page_shows_subtotals_first_and_folds_the_unfunded(client, login, planned_district):
    login("viewer")
    html = client.get("/plans/budget?budget=6.000.000").get_data(as_text=True)
    assert html.index('class="budget-subtotals"') < html.index('class="plan budget"')
    unfunded = html.split('<details class="unfunded">')[1]
    assert "1 tindakan terbuka tidak terdanai · Rp 6.500.000" in unfunded and "Pipa ke ruang bersalin" in unfunded
    assert 'name="choose"' not in html and "/plans/budget/decision" not in html  # a viewer only reads
    assert "/plans/budget.xlsx?budget=6.000.000" in html


def test_the_budget_downloads_as_a_workbook_that_says_what_the_page_says(client, login, session, planned_district):
    import io

    from openpyxl import load_workbook

    from tests.assessments.excel.summaries import RISKY, no_formulas

    w2(session).text = RISKY
    session.commit()
    login("viewer")
    response = client.get("/plans/budget.xlsx?budget=6.000.000")
    assert response.status_code == 200 and "washfit-anggaran-6000000.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Tentang", "Per puskesmas", "Tindakan"] and no_formulas(book) == []
    per_facility = list(book["Per puskesmas"].iter_rows(values_only=True))
    assert per_facility[1] == ("F1", "Puskesmas Satu", 2, 5_500_000, 1, 6_500_000)
    actions = list(book["Tindakan"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[-1]) for r in actions] == [
        ("terdanai", 500_000), ("terdanai", 5_500_000), ("tidak terdanai", None)]
    assert RISKY in [r[6] for r in actions]  # kept as text, never a formula
    assert client.get("/plans/budget.xlsx?budget=-1").status_code == 302  # a bad budget goes back to the form


def test_an_admin_records_the_budget_decision_and_undoes_it(client, login, session, planned_district):
    login("admin")
    page = client.get("/plans/budget?budget=6.000.000").get_data(as_text=True)
    chosen = re.findall(r'name="choose" value="([0-9:]+)"', page)
    assert len(chosen) == 2
    recorded = client.post("/plans/budget/decision", data={"choose": chosen, "funding_source": "DAK"})
    html = recorded.get_data(as_text=True)
    assert recorded.status_code == 200 and "Keputusan anggaran dicatat" in html and "Rp 5.500.000" in html
    session.expire_all()
    assert sorted(a.funding_source or "-" for a in session.scalars(select(PlanAction))) == ["-", "DAK", "DAK"]
    again = client.post("/plans/budget/decision", data={"choose": chosen, "funding_source": "DAK"})
    assert again.status_code == 302  # the same form sent again: the versions moved, nothing saved
    undo = form_fields(html)
    undone = client.post("/plans/budget/decision/undo", data={"changes": undo["changes"]})
    assert "Keputusan dibatalkan" in undone.get_data(as_text=True)
    session.expire_all()
    assert [a.funding_source for a in session.scalars(select(PlanAction))] == [None, None, None]
    assert client.post("/plans/budget/decision/undo", data={"changes": undo["changes"]}).status_code == 302
    assert client.post("/plans/budget/decision/undo", data={"changes": "x"}).status_code == 302
