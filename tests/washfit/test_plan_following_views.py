"""Every page that shows a plan says when a newer assessment overtook it; validating re-drafts it."""

from assessments.scores import entry
from tests.assessments.plans.helpers import follow_up

PAGES = ("/plans/F1", "/plans/", "/plans/budget", "/dashboard", "/facilities/F1/report")


def test_every_plan_page_says_the_plan_is_out_of_date_and_offers_the_redraft(
        client, login, session, mini_set, planned_district):
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "1", "W3": "1", "HH1": "0", "HH2": "na"})
    login("admin")
    for path in PAGES:
        html = client.get(path).get_data(as_text=True)
        assert "kedaluwarsa" in html and "Follow-up 2026" in html, path
    assert "/plans/F1/draft" in client.get("/plans/F1").get_data(as_text=True)


def test_validating_the_follow_up_redrafts_the_plan_says_so_and_the_old_priority_is_gone_everywhere(
        client, login, session, mini_set, planned_district):
    entry.validate(session, session.merge(planned_district["assessment"]),
                   session.merge(planned_district["users"]["admin"]))
    session.commit()
    login("admin")
    before = client.get("/plans/F1").get_data(as_text=True)
    assert "ruang bersalin · tidak memenuhi" in before  # W3 not met in the baseline
    newer = follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "1", "W3": "1", "HH1": "0", "HH2": "na"})
    response = client.post(f"/facilities/F1/rounds/{newer.round_id}/validate", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Rencana F1 disusun ulang dari penilaian ini" in html
    for path in PAGES:
        page = client.get(path).get_data(as_text=True)
        assert "kedaluwarsa" not in page, path
        assert "ruang bersalin · tidak memenuhi" not in page, path
    assert "ruang bersalin · memenuhi sebagian" in client.get("/plans/F1").get_data(as_text=True)
