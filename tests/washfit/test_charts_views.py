"""Chart routes answer only to whoever may see the data behind them; the dashboard, the facility
page and the printable report show the charts; PNGs are cached by the browser until they change."""

import datetime as dt
import re
import struct
from collections import OrderedDict

import pytest
from sqlalchemy import Engine, event, select

from assessments.charts import district as district_charts
from assessments.charts import drawing
from assessments.charts.drawing import PNG_SIGNATURE
from assessments.models import PlanAction
from assessments.scores import entry
from tests.washfit.html_forms import page_without_tokens
from washfit.views import charts as chart_views

FACILITY_CHARTS = ("/facilities/F1/charts/profile.png", "/facilities/F1/charts/change.png")
DISTRICT_CHARTS = ("/dashboard/heat-map.png", "/dashboard/service-ladder.png", "/dashboard/plan-cost.png")
DISTRICT_PAGES = ("/dashboard", *DISTRICT_CHARTS)


def assert_png(response) -> tuple[int, int]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "image/png"
    body = response.get_data()
    assert body[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", body[16:24])
    assert 400 < width < 2000 and 100 < height < 3000
    return width, height


@pytest.fixture
def follow_up(district, session, make_round, mini_set):
    """F1 assessed again a year later: W better, HH the same."""
    round_ = make_round("Follow-up 2026", dt.date(2026, 5, 1))
    assessor = session.merge(district["users"]["assessor"])
    assessment = entry.start_assessment(session, mini_set, session.merge(district["f1"]), round_, assessor)
    answers = {c: entry.parse_answer(c, v) for c, v in {"W1": "2", "W2": "2", "HH1": "0"}.items()}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    session.commit()
    return round_


@pytest.fixture
def plan(district, session, mini_set):
    """F1's plan drafted from its submitted assessment: W2 (partly met) and HH1 (not met)."""
    from assessments.plans.drafting import draft_plan

    assessment = session.merge(district["assessment"])
    session.refresh(assessment)
    assessment.status = "submitted"
    session.flush()
    draft_plan(session, session.merge(district["f1"]), session.merge(district["users"]["admin"]))
    session.commit()


@pytest.mark.parametrize("url", FACILITY_CHARTS + DISTRICT_PAGES + ("/facilities/F1/report",))
def test_anonymous_visitors_are_sent_to_the_login_page(client, district, url):
    response = client.get(url)
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("user", ["admin", "assessor", "viewer", "head"])
@pytest.mark.parametrize("url", FACILITY_CHARTS)
def test_facility_charts_answer_to_whoever_may_see_the_facility(client, login, district, user, url):
    login(user)
    assert_png(client.get(url))


@pytest.mark.parametrize("url", (*FACILITY_CHARTS, "/facilities/F1/report"))
def test_facility_charts_and_report_refuse_the_head_of_another_facility(client, login, district, url):
    login("other_head")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("user", ["admin", "assessor", "viewer"])
@pytest.mark.parametrize("url", DISTRICT_CHARTS)
def test_district_charts_answer_to_district_staff(client, login, district, user, url):
    login(user)
    assert_png(client.get(url))


@pytest.mark.parametrize("url", DISTRICT_PAGES)
def test_district_charts_and_dashboard_refuse_facility_heads(client, login, district, url):
    login("head")
    assert client.get(url).status_code == 403


def test_charts_of_a_facility_not_assessed_or_unknown_are_not_found(client, login, district):
    login("admin")
    assert client.get("/facilities/F2/charts/profile.png").status_code == 404
    assert client.get("/facilities/NOPE/charts/profile.png").status_code == 404
    assert client.get("/facilities/F1/charts/profile.png?round=999999").status_code == 404
    assert client.get("/dashboard/heat-map.png?round=999999").status_code == 404


def test_pngs_are_private_and_revalidated_by_etag(client, login, district):
    login("viewer")
    first = client.get("/dashboard/service-ladder.png")
    assert_png(first)
    assert "private" in first.headers["Cache-Control"] and "no-store" not in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get("/dashboard/service-ladder.png", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_changed_score_gives_a_new_chart(client, login, district, session, mini_set):
    login("head")
    before = client.get("/facilities/F1/charts/profile.png")
    assessment = session.merge(district["assessment"])
    session.refresh(assessment)
    assessor = session.merge(district["users"]["assessor"])
    entry.save_answers(session, mini_set, assessment, {"W2": entry.parse_answer("W2", "2")}, assessor,
                       assessment.version)
    session.commit()
    after = client.get("/facilities/F1/charts/profile.png", headers={"If-None-Match": before.headers["ETag"]})
    assert_png(after)
    assert after.headers["ETag"] != before.headers["ETag"]


def test_charts_follow_the_chosen_language(client, login, district):
    login("viewer")
    indonesian = client.get("/dashboard/heat-map.png").headers["ETag"]
    client.post("/language/en", data={"next": "/"})
    assert client.get("/dashboard/heat-map.png").headers["ETag"] != indonesian


def test_the_change_chart_draws_a_facility_with_one_round_only(client, login, district):
    login("head")
    assert_png(client.get("/facilities/F1/charts/change.png"))


def test_heat_map_can_be_grouped_by_kecamatan_and_paged(client, login, district):
    login("viewer")
    by_kecamatan = client.get("/dashboard/heat-map.png?group=kecamatan&page=7")
    assert_png(by_kecamatan)
    page = client.get("/dashboard?group=kecamatan").get_data(as_text=True)
    assert "group=kecamatan" in page
    assert "<caption>Skor domain per kecamatan · Baseline 2025</caption>" in page
    assert '<th scope="col">Kecamatan</th>' in page
    by_district = client.get("/dashboard?group=district").get_data(as_text=True)
    table = by_district[by_district.index('<table class="heat-map">'):]
    table = table[:table.index("</table>")]
    assert "<caption>Skor domain per kabupaten · Baseline 2025</caption>" in table
    assert "(n=2)</th>" in table and "/facilities/" not in table  # a group's row links to no puskesmas


def test_dashboard_shows_the_heat_map_as_a_table_and_its_picture_as_a_download(client, login, district):
    login("assessor")
    client.post("/language/en", data={"next": "/"})
    html = client.get("/dashboard").get_data(as_text=True)
    table = html[html.index('<table class="heat-map">'):html.index("</table>")]
    rows = re.findall(r'<tr><th scope="row"><a href="/facilities/(\w+)">([^<]+)</a></th>(.*?)</tr>', table)
    assert [(code, label) for code, label, _ in rows] == [("F1", "Puskesmas Satu (F1)"), ("F2", "Puskesmas Dua (F2)")]
    rows = [(label, cells) for _, label, cells in rows]
    f1_cells = re.findall(r'<td class="num ([^"]+)">([^<]+)</td>', rows[0][1])
    assert f1_cells == [("band-3", "75.0%"), ("band-0", "0.0%")]  # W 3 of 4 points, HH 0 of 2
    assert re.findall(r"<td[^>]*>([^<]+)</td>", rows[1][1]) == ["—", "—"]  # F2 not assessed
    assert re.search(r'<a href="/dashboard/heat-map.png\?[^"]*v=[0-9a-f]{16}[^"]*" download>', html)
    assert 'src="/dashboard/heat-map.png' not in html  # the picture is drawn only when downloaded
    assert '/dashboard/service-ladder.png' in html and 'alt="Stacked bars, one per JMP service area' in html


def test_dashboard_without_any_round_says_so(client, login, session, make_user):
    make_user("viewer", "viewer")
    login("viewer")
    client.post("/language/en", data={"next": "/"})
    assert "No assessment round yet" in client.get("/dashboard").get_data(as_text=True)


def test_the_dashboard_link_shows_only_to_those_who_may_open_it(client, login, district):
    login("viewer")
    assert 'href="/dashboard"' in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login("head")
    assert 'href="/dashboard"' not in client.get("/").get_data(as_text=True)


def test_facility_page_shows_its_profile_and_change_charts(client, login, district, follow_up):
    login("head")
    html = client.get("/facilities/F1").get_data(as_text=True)
    assert 'src="/facilities/F1/charts/profile.png"' in html
    assert 'src="/facilities/F1/charts/change.png"' in html
    assert "/facilities/F1/report" in html


def test_report_holds_scores_change_charts_and_a_sign_off_in_the_chosen_language(client, login, district, follow_up):
    login("head")
    client.post("/language/en", data={"next": "/"})
    html = client.get("/facilities/F1/report").get_data(as_text=True)
    # W: (2 + 1) / 4 = 75.0 % → 4 / 4 = 100.0 %, +25.0 points
    assert "75.0%" in html and "100.0%" in html and "+25.0" in html
    assert f"/facilities/F1/charts/change.png?round={follow_up.id}" in html
    assert "print.css" in html
    assert "Sign-off" in html and "Signature" in html
    assert "Demonstration data." not in html
    client.post("/language/id", data={"next": "/"})
    assert "Putaran" in client.get("/facilities/F1/report").get_data(as_text=True)  # "Round" in Bahasa Indonesia


def test_report_names_the_jmp_criteria_that_keep_the_facility_from_basic(client, login, district):
    login("head")
    html = client.get("/facilities/F1/report").get_data(as_text=True)
    # F1: W2 = 1 falls short of water available; HH1 = 0 of both hygiene criteria.
    assert "layanan terbatas" in html
    assert "belum terpenuhi untuk layanan dasar: air tersedia saat penilaian (W2)" in html
    assert "sarana kebersihan tangan di titik pelayanan (HH1)" in html


def test_report_lists_the_top_priorities_and_the_costed_plan(client, login, district, plan):
    login("head")
    client.post("/language/en", data={"next": "/"})
    html = client.get("/facilities/F1/report").get_data(as_text=True)
    priorities = html[html.index("Top priorities"):html.index("Costed improvement plan")]
    assert "W2 · Add storage" in priorities and "HH1 · Provide soap" in priorities
    # W2: 1 tank × Rp 5.000.000; HH1: 100 bars of soap × Rp 5.000
    assert "Rp 5.000.000" in html and "Rp 500.000" in html and "Rp 5.500.000" in html


def test_plan_cost_chart_draws_the_district_plans(client, login, district, plan):
    login("viewer")
    assert_png(client.get("/dashboard/plan-cost.png"))
    assert "/dashboard/plan-cost.png" in client.get("/dashboard").get_data(as_text=True)


def _head_marks_w2_done(client, login, session):
    """The facility head records W2's action as done on the web; the viewer logs in again."""
    client.post("/logout")
    login("head")
    w2 = session.scalar(select(PlanAction).where(PlanAction.indicator_code == "W2"))
    response = client.post(f"/plans/F1/actions/{w2.id}/progress", data={
        "version": w2.version, "status": "done", "started_on": "", "completed_on": "", "progress_note": "",
        "spent": ""})
    assert response.status_code in (302, 303)
    client.post("/logout")
    login("viewer")


def test_the_dashboards_plan_images_are_drawn_once_and_again_after_the_head_records_progress(
        client, login, session, planned_district, monkeypatch):
    monkeypatch.setattr(district_charts, "_KEPT", OrderedDict())
    drawn = []

    def counting(name):
        real = getattr(drawing, name)

        def counted(data, words):
            drawn.append(name)
            return real(data, words)
        return counted

    for name in ("plan_cost", "progress"):
        monkeypatch.setattr(drawing, name, counting(name))
    login("viewer")
    urls = _plan_image_urls(client)
    first = [client.get(url).get_data() for url in urls]
    assert [client.get(url).get_data() for url in urls] == first
    assert sorted(drawn) == ["plan_cost", "progress"]
    _head_marks_w2_done(client, login, session)
    new_urls = _plan_image_urls(client)
    assert set(new_urls).isdisjoint(urls)  # the plans' version in the links changed
    again = [client.get(url).get_data() for url in new_urls]
    assert sorted(drawn) == ["plan_cost", "plan_cost", "progress", "progress"]
    assert again[0] != first[0] and again[1] != first[1]  # W2 done: out of the cost, into the done bin
    # The old page's links still show what that page showed while it is kept; without the
    # version a link shows the current picture.
    assert [client.get(url).get_data() for url in urls] == first
    assert [client.get(url.split("v=")[0]).get_data() for url in urls] == again
    assert len(drawn) == 4


def _plan_image_urls(client) -> list[str]:
    page = client.get("/dashboard").get_data(as_text=True)
    urls = [u.replace("&amp;", "&") for u in re.findall(r'src="(/dashboard/(?:plan-cost|progress)\.png[^"]*)"', page)]
    assert len(urls) == 2 and all(re.search(r"[?&]v=[0-9a-f]{16}$", u) for u in urls)
    return urls


def test_the_dashboards_images_with_the_pages_version_read_nothing_but_the_login(
        client, login, planned_district, monkeypatch):
    monkeypatch.setattr(district_charts, "_KEPT", OrderedDict())
    login("viewer")
    page = client.get("/dashboard").get_data(as_text=True)
    urls = [u.replace("&amp;", "&") for u in re.findall(
        r'(?:src|href)="(/dashboard/(?:heat-map|service-ladder|plan-cost)\.png[^"]*)"', page)]
    assert len(urls) == 3
    first = [client.get(url).get_data() for url in urls]  # drawn once, kept under the page's versions
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        again = [client.get(url).get_data() for url in urls]
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert again == first
    assert len(statements) == 3 and all("FROM users" in statement for statement in statements), statements


def test_an_image_link_with_a_version_nothing_keeps_gets_the_current_picture_and_keeps_nothing_under_it(
        client, login, planned_district, monkeypatch):
    kept = OrderedDict()
    monkeypatch.setattr(district_charts, "_KEPT", kept)
    login("viewer")
    current = client.get("/dashboard/plan-cost.png").get_data()
    for version in ("0123456789abcdef", "not-a-version", "A" * 16, "0" * 17):
        assert client.get(f"/dashboard/plan-cost.png?v={version}").get_data() == current
    assert len(kept) == 1 and not any("0123456789abcdef" in key for key in kept)


def test_the_dashboards_plan_progress_is_counted_once_and_again_after_the_head_records_progress(
        client, login, session, planned_district, monkeypatch):
    monkeypatch.setattr(district_charts, "_KEPT", OrderedDict())
    counted = []
    real = chart_views.progress_report

    def counting(*args, **kwargs):
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(chart_views, "progress_report", counting)
    login("viewer")
    first = page_without_tokens(client, "/dashboard")
    assert page_without_tokens(client, "/dashboard") == first
    client.get("/dashboard/progress.png")  # the chart reads the same kept report
    assert len(counted) == 1
    _head_marks_w2_done(client, login, session)
    assert page_without_tokens(client, "/dashboard") != first
    assert len(counted) == 2


def test_beyond_the_dashboards_rows_its_plan_progress_shows_the_plans_most_behind_and_points_to_every_plan(
        client, login, session, planned_district, mini_set, monkeypatch):
    from assessments.plans.drafting import draft_from

    admin = session.merge(planned_district["users"]["admin"])
    f2 = entry.start_assessment(session, mini_set, session.merge(planned_district["f2"]),
                                session.merge(planned_district["round"]), admin)
    entry.save_answers(session, mini_set, f2, {c: entry.parse_answer(c, "0") for c in ("W1", "W2", "HH1", "HH2")},
                       admin, f2.version)
    entry.submit(session, mini_set, f2, admin)
    draft_from(session, f2, "admin")
    late = session.scalars(select(PlanAction).where(PlanAction.facility_id == f2.facility_id)).first()
    late.target_date = dt.date(2025, 1, 31)  # long past: F2 is behind, F1 has nothing overdue
    session.commit()
    monkeypatch.setattr(district_charts, "_KEPT", OrderedDict())
    monkeypatch.setattr(district_charts, "PROGRESS_ROWS", 1)
    login("viewer")
    client.post("/language/en", data={"next": "/"})
    html = client.get("/dashboard").get_data(as_text=True)
    table = html[html.index('<table class="progress">'):]
    table = table[:table.index("</table>")]
    assert "Puskesmas Dua" in table and "Puskesmas Satu" not in table
    total = re.search(r"District total</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', total)[:4] == ["0", "0", "1", "5"]  # F2's late one; F1 3 + F2 2
    assert "These are the 1 of 2 puskesmas with the most overdue actions" in html
    assert 'href="/plans/">Every plan is on the district plans page.' in html
    assert_png(client.get("/dashboard/progress.png"))


def test_report_of_a_synthetic_round_says_it_is_demonstration_data(client, login, session, make_facility, make_round,
                                                                   make_user, mini_set, monkeypatch):
    from tests.conftest import DATA

    monkeypatch.setenv("WASHFIT_INDICATORS", str(DATA / "mini_indicators.yaml"))
    facility = make_facility(code="D1")
    round_ = make_round("Demo 2025", synthetic=True)
    admin = make_user("admin", "admin")
    entry.start_assessment(session, mini_set, session.merge(facility), session.merge(round_), session.merge(admin))
    session.commit()
    login("admin")
    client.post("/language/en", data={"next": "/"})
    html = client.get("/facilities/D1/report").get_data(as_text=True)
    assert "These scores are synthetic" in html
    assert "first round" in html
