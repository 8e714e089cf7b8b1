"""The facility list and page: scores, filters, sorting, change between rounds, history, languages."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.scores import entry
from tests.washfit.html_forms import page_without_tokens


@pytest.fixture
def two_rounds(district, session, make_round, mini_set):
    """F1 assessed again in a follow-up round with W better and HH worse."""
    follow_up = make_round("Follow-up 2026", dt.date(2026, 5, 1))
    assessor = session.merge(district["users"]["assessor"])
    assessment = entry.start_assessment(session, mini_set, session.merge(district["f1"]), follow_up, assessor)
    answers = {c: entry.parse_answer(c, v) for c, v in {"W1": "2", "W2": "2", "HH1": "0", "HH2": "0"}.items()}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    session.commit()
    return follow_up


def test_list_shows_domain_scores_overall_jmp_and_status(client, login, district):
    login("viewer")
    html = client.get(f"/?round={district['round'].id}").get_data(as_text=True)
    # F1: W = (2 + 1) / 4 = 75.0 %, HH = 0 / 2 = 0.0 %, overall 3 / 6 = 50.0 %
    assert "75.0%" in html and "50.0%" in html and "0.0%" in html
    assert "Puskesmas Dua" in html


def test_list_filters_and_sorts(client, login, district):
    login("viewer")
    only_outpatient = client.get("/?type=outpatient").get_data(as_text=True)
    assert "Puskesmas Dua" in only_outpatient and "Puskesmas Satu" not in only_outpatient
    by_name = client.get("/?sort=name&dir=desc").get_data(as_text=True)
    assert by_name.index("Puskesmas Satu") < by_name.index("Puskesmas Dua")
    not_started = client.get("/?status=none").get_data(as_text=True)
    assert "Puskesmas Satu" not in not_started


def test_facility_page_shows_the_change_between_rounds_and_the_history(client, login, district, two_rounds):
    login("head")
    html = client.get("/facilities/F1").get_data(as_text=True)
    # W: 3/4 = 75.0 % → 4/4 = 100.0 %, a change of +25.0 points
    assert "+25.0" in html
    assert "Follow-up 2026" in html and "Baseline 2025" in html
    assert "assessor" in html  # the audit history names who changed what
    # Things named, not ids: the round, the indicator's code and text, the score in words.
    assert "Baseline 2025 · W1 Sumber air layak di lokasi</strong> · skor" in html
    assert "Memenuhi sebagian" in html and ":W1" not in html
    assert "WITA" in html and "UTC" not in html


def test_history_groups_one_save_and_shows_the_district_clock(client, login, district, session, mini_set):
    """The fixture started the assessment and saved three answers at once: one group, timed in WITA (UTC+8)."""
    from assessments.models import AuditEntry

    rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == "response")).all()
    assert len({r.change_set for r in rows}) == 1 and len({r.at for r in rows}) == 1
    login("viewer")
    html = client.get("/facilities/F1").get_data(as_text=True)
    history = html[html.index('id="history"'):]
    assert history.count('class="change-set"') == 1
    local = rows[0].at.replace(tzinfo=rows[0].at.tzinfo or dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert f"{local.hour:02d}.{local.minute:02d} WITA" in history


def test_history_pages_by_twenty_saves(client, login, district, session, mini_set):
    f1 = session.merge(district["f1"])
    assessor = session.merge(district["users"]["assessor"])
    assessment = session.merge(district["assessment"])
    for n in range(25):
        answers = {"W2": entry.parse_answer("W2", "2" if n % 2 == 0 else "1")}
        entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
        session.commit()
    login("viewer")
    first = client.get(f"/facilities/{f1.code}").get_data(as_text=True)
    assert first.count('class="change-set"') == 20 and "Halaman 1 dari 2" in first
    second = client.get(f"/facilities/{f1.code}?page=2").get_data(as_text=True)
    assert second.count('class="change-set"') == 6  # 5 more saves and the fixture's first


def test_pages_render_in_bahasa_indonesia_by_default_and_in_english_on_request(client, login, district):
    login("viewer")
    indonesian = client.get("/facilities/F1").get_data(as_text=True)
    assert "Riwayat perubahan" in indonesian
    client.post("/language/en", data={"next": "/"})
    english = client.get("/facilities/F1").get_data(as_text=True)
    assert "History of changes" in english
    domain = client.get(f"/facilities/F1/rounds/{district['round'].id}/domains/W").get_data(as_text=True)
    assert "Improved water source on premises" in domain


def test_demo_banner_shows_only_when_synthetic_rounds_exist(client, login, district, session, make_round):
    login("viewer")
    assert "Demonstration data" not in client.get("/").get_data(as_text=True)
    make_round("Demo 2024", dt.date(2024, 1, 1), synthetic=True)
    client.post("/language/en", data={"next": "/"})
    assert "Demonstration data" in client.get("/").get_data(as_text=True)


def test_list_pages_and_sorts_by_score_with_unscored_facilities_last(client, login, district, app):
    app.config["PAGE_SIZE"] = 1
    login("viewer")
    first = client.get("/?sort=overall&dir=desc").get_data(as_text=True)
    assert "Puskesmas Satu" in first and "Puskesmas Dua" not in first and "Halaman 1 dari 2" in first
    second = client.get("/?sort=overall&dir=desc&page=2").get_data(as_text=True)
    assert "Puskesmas Dua" in second
    by_status = client.get("/?sort=status&page=2").get_data(as_text=True)
    assert "Puskesmas Dua" in by_status  # not started comes last


def test_list_figures_follow_a_saved_answer(client, login, district, session, mini_set):
    from assessments.scores import entry

    login("viewer")
    assert "50.0%" in client.get("/?sort=overall").get_data(as_text=True)
    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    entry.save_answers(session, mini_set, assessment, {"HH1": entry.parse_answer("HH1", "2")}, assessor,
                       assessment.version)
    session.commit()
    # F1 now: W 3/4 and HH 2/2 → overall 5/6 = 83.3 %
    assert "83.3%" in client.get("/?sort=overall").get_data(as_text=True)


def test_a_facility_head_sees_only_their_facility_in_the_list(client, login, district):
    login("head")
    html = client.get("/facilities/").get_data(as_text=True)
    assert "Puskesmas Satu" in html and "Puskesmas Dua" not in html


def test_a_facility_head_lands_on_their_puskesmas_beside_the_district_median_one_click_from_the_plan(
        client, login, district, session, mini_set):
    f2 = session.merge(district["f2"])
    other = entry.start_assessment(session, mini_set, f2, session.merge(district["round"]),
                                   session.merge(district["users"]["admin"]))
    answers = {c: entry.parse_answer(c, v) for c, v in {"W1": "0", "W2": "0", "W3": "0", "HH1": "2"}.items()}
    entry.save_answers(session, mini_set, other, answers, session.merge(district["users"]["admin"]), other.version)
    entry.submit(session, mini_set, other, session.merge(district["users"]["admin"]))
    session.commit()
    landing = client.get(login("head").headers["Location"])
    assert landing.status_code == 302 and landing.headers["Location"].endswith("/facilities/F1")
    html = client.get("/facilities/F1").get_data(as_text=True)
    assert "Median kabupaten" in html and "1 puskesmas diajukan atau divalidasi" in html
    median_row = html[html.index('class="median"'):html.index("</tr>", html.index('class="median"'))]
    assert "0.0%" in median_row and "100.0%" in median_row  # F2's W and HH: the only counted assessment
    assert 'href="/plans/F1"' in html
    login("viewer")
    assert client.get("/").status_code == 200  # everyone else keeps the list


def test_the_district_median_is_counted_once_and_again_after_another_puskesmas_submits(
        client, login, district, session, mini_set, monkeypatch):
    from washfit.views import facilities as facility_views

    counted = []
    real = facility_views.district_medians

    def counting(*args):
        counted.append(1)
        return real(*args)

    monkeypatch.setattr(facility_views, "district_medians", counting)
    login("viewer")
    first = page_without_tokens(client, "/facilities/F1")
    assert page_without_tokens(client, "/facilities/F1") == first
    assert len(counted) == 1
    f2 = session.merge(district["f2"])
    admin = session.merge(district["users"]["admin"])
    other = entry.start_assessment(session, mini_set, f2, session.merge(district["round"]), admin)
    answers = {c: entry.parse_answer(c, v) for c, v in {"W1": "0", "W2": "0", "W3": "0", "HH1": "2"}.items()}
    entry.save_answers(session, mini_set, other, answers, admin, other.version)
    session.commit()
    client.get("/facilities/F1")
    assert len(counted) == 2  # a draft's answers change the round's stored scores
    entry.submit(session, mini_set, other, admin)
    session.commit()
    assert "1 puskesmas diajukan atau divalidasi" in client.get("/facilities/F1").get_data(as_text=True)
    assert len(counted) == 3  # the submission counts it in, though no score changed


def test_the_facility_pages_plan_progress_is_counted_once_and_again_after_the_head_records_progress(
        client, login, session, planned_district, monkeypatch):
    from assessments.models import PlanAction
    from washfit.views import facilities as facility_views

    counted = []
    real_progress, real_closed = facility_views.progress_report, facility_views.closed_actions

    def counting(real):
        def counted_call(*args, **kwargs):
            counted.append(real.__name__)
            return real(*args, **kwargs)
        return counted_call

    monkeypatch.setattr(facility_views, "progress_report", counting(real_progress))
    monkeypatch.setattr(facility_views, "closed_actions", counting(real_closed))
    login("head")
    first = page_without_tokens(client, "/facilities/F1")
    assert page_without_tokens(client, "/facilities/F1") == first
    assert sorted(counted) == ["closed_actions", "progress_report"]
    w2 = session.scalar(select(PlanAction).where(PlanAction.indicator_code == "W2"))
    response = client.post(f"/plans/F1/actions/{w2.id}/progress", data={
        "version": w2.version, "status": "done", "started_on": "", "completed_on": "", "progress_note": "",
        "spent": ""})
    assert response.status_code in (302, 303)
    assert page_without_tokens(client, "/facilities/F1") != first
    assert len(counted) == 4


def test_facility_page_names_the_jmp_criterion_that_keeps_it_from_basic_in_both_languages(client, login, district):
    login("viewer")
    # F1: W1 = 2, W2 = 1; the mini set's water rule needs W2 = 2 for water available.
    indonesian = client.get("/facilities/F1").get_data(as_text=True)
    assert "belum terpenuhi untuk layanan dasar:" in indonesian
    assert "air tersedia saat penilaian (W2)" in indonesian
    client.post("/language/en", data={"next": "/"})
    english = client.get("/facilities/F1").get_data(as_text=True)
    assert "not yet met for basic service:" in english
    assert "water available at the time of the assessment (W2)" in english
    assert "hand hygiene stations at points of care (HH1)" in english
    assert "What the JMP service levels mean" in english
    assert "An improved source is within 500 m of the facility" in english


def test_a_future_round_leaves_the_default_views_on_the_round_with_scores(client, login, district, make_round):
    future = make_round("Follow-up 2099", dt.date(2099, 5, 1))
    login("viewer")
    listing = client.get("/").get_data(as_text=True)
    assert "Fasilitas · Baseline 2025" in listing
    assert f'href="/exports/summary.xlsx?round={district["round"].id}"' in listing
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert f"heat-map.png?round={district['round'].id}" in dashboard.replace("&amp;", "&")
    chosen = client.get(f"/?round={future.id}").get_data(as_text=True)
    assert "0 dari 2 dimulai" in chosen and "0 diajukan" in chosen and "0 divalidasi" in chosen
    assert 'class="scores"' not in chosen  # no empty score table
    empty_dashboard = client.get(f"/dashboard?round={future.id}").get_data(as_text=True)
    assert "0 dari 2 dimulai" in empty_dashboard and "heat-map.png" not in empty_dashboard


def test_the_summary_and_export_summary_default_to_the_round_with_scores(client, login, district, make_round,
                                                                        run_mini_cli, tmp_path):
    from openpyxl import load_workbook

    make_round("Follow-up 2099", dt.date(2099, 5, 1))
    login("viewer")
    response = client.get("/exports/summary.xlsx")
    assert "Baseline-2025" in response.headers["Content-Disposition"]
    result = run_mini_cli("export-summary", "-o", str(tmp_path / "summary.xlsx"))
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "summary.xlsx")["Skor"]["A2"].value == "F1"
