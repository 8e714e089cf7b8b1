"""Score entry pages: forms built from the set, saving, validation that keeps input, stale forms."""

from sqlalchemy import select

from assessments.models import Assessment, AuditEntry, Response
from tests.conftest import PASSWORD
from tests.washfit.html_forms import form_fields, load_form


def url(district, domain="W"):
    return f"/facilities/F1/rounds/{district['round'].id}/domains/{domain}"


def test_domain_page_has_a_field_per_applicable_indicator_with_stored_answers(client, login, district):
    login("assessor")
    html = client.get(url(district)).get_data(as_text=True)
    for code in ("W1", "W2", "W3"):
        assert f'name="score_{code}"' in html
    assert 'name="score_W1" type="radio" value="2" checked' in html or 'checked name="score_W1"' in html or \
        ('id="score_W1-0"' in html and "checked" in html)


def test_indicators_not_applying_to_the_facility_get_no_field(client, login, district):
    login("admin")
    html = client.get(f"/facilities/F2/rounds/{district['round'].id}/domains/W").get_data(as_text=True)
    assert 'name="score_W1"' in html and 'name="score_W3"' not in html


def test_saving_a_domain_stores_answers_and_audits(client, login, district, session):
    login("assessor")
    version = district["assessment"].version
    response = client.post(url(district), data={"version": version, "score_W1": "1", "score_W2": "1",
                                                "score_W3": "na", "comment_W1": "tangki bocor"})
    assert response.headers["Location"].endswith(url(district))
    session.expire_all()
    stored = {r.indicator_code: (r.score, r.comment) for r in session.scalars(select(Response))}
    assert stored["W1"] == (1, "tangki bocor") and stored["W3"] == (None, "")
    fields = session.scalars(select(AuditEntry.field).where(AuditEntry.entity == "response")).all()
    assert fields.count("score") >= 5 and "comment" in fields


def test_invalid_score_rerenders_with_the_typed_values_and_saves_nothing(client, login, district, session):
    login("assessor")
    version = district["assessment"].version
    response = client.post(url(district), data={"version": version, "score_W1": "0", "score_W2": "7",
                                                "comment_W1": "kept text"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "kept text" in html
    assert session.scalar(select(Response.score).where(Response.indicator_code == "W1")) == 2


def test_stale_form_is_told_what_changed_and_overwrites_nothing(client, login, district, session):
    login("assessor")
    old = district["assessment"].version
    client.post(url(district), data={"version": old, "score_W1": "0", "score_W2": "1"})
    response = client.post(url(district), data={"version": old, "score_W1": "1", "score_W2": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="conflict"' in html and "W1" in html
    session.expire_all()
    assert session.scalar(select(Response.score).where(Response.indicator_code == "W1")) == 0
    current = session.scalar(select(Assessment.version))
    assert f'value="{current}"' in html  # saving again is a deliberate overwrite


def test_first_save_creates_the_draft(client, login, district, session):
    login("admin")
    response = client.post(f"/facilities/F2/rounds/{district['round'].id}/domains/HH",
                           data={"version": "0", "score_HH1": "2"})
    assert response.status_code in (302, 303)
    created = session.scalar(select(Assessment).where(Assessment.facility_id == district["f2"].id))
    assert created.status == "draft" and created.set_id == "mini-test"


def test_submit_refuses_an_incomplete_assessment_then_accepts_a_complete_one(client, login, district, session):
    login("assessor")
    base = f"/facilities/F1/rounds/{district['round'].id}"
    client.post(f"{base}/submit")
    session.expire_all()
    assert session.scalar(select(Assessment.status)) == "draft"
    version = session.scalar(select(Assessment.version))
    client.post(f"{base}/domains/W", data={"version": version, "score_W1": "2", "score_W2": "1", "score_W3": "0"})
    version = session.scalar(select(Assessment.version))
    client.post(f"{base}/domains/HH", data={"version": version, "score_HH1": "0", "score_HH2": "na"})
    client.post(f"{base}/submit")
    session.expire_all()
    assert session.scalar(select(Assessment.status)) == "submitted"
    html = client.get(f"{base}/domains/W").get_data(as_text=True)
    assert "disabled" in html


def test_unknown_facility_round_or_domain_is_404(client, login, district):
    login("admin")
    round_id = district["round"].id
    for path in ("/facilities/NOPE", f"/facilities/F1/rounds/{round_id + 99}/",
                 f"/facilities/F1/rounds/{round_id}/domains/ZZ"):
        assert client.get(path).status_code == 404, path


def _logged_in(app, username):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    return client


def _stored(session):
    session.expire_all()
    return {r.indicator_code: (r.score, r.comment) for r in session.scalars(select(Response))}


def test_a_stale_domain_page_names_only_the_other_persons_answers_and_the_re_save_keeps_them(app, district, session):
    first, second = _logged_in(app, "admin"), _logged_in(app, "assessor")
    theirs, mine = load_form(first, url(district)), load_form(second, url(district))
    theirs.update(score_W2="0", comment_W2="pipa pecah")  # someone else corrects W2 and saves
    assert first.post(url(district), data=theirs).status_code == 302
    mine.update(score_W1="1", score_W3="na")  # the assessor edits W1 and W3 in the form loaded before
    html = second.post(url(district), data=mine).get_data(as_text=True)
    start = html.index('class="conflict"')
    conflict = html[start:html.index("</div>", start)]
    assert "W2" in conflict and "pipa pecah" in conflict and "W1" not in conflict and "W3" not in conflict
    again = form_fields(html)
    shown = (again["score_W1"], again["score_W2"], again["comment_W2"], again["score_W3"])
    assert shown == ("1", "0", "pipa pecah", "na")
    assert _stored(session)["W1"] == (2, "")  # nothing of the stale save
    assert second.post(url(district), data=again).status_code == 302
    stored = _stored(session)
    assert stored["W1"] == (1, "") and stored["W2"] == (0, "pipa pecah") and stored["W3"] == (None, "")


def test_a_stale_domain_page_keeps_the_persons_own_value_where_both_changed_one_answer(app, district, session):
    first, second = _logged_in(app, "admin"), _logged_in(app, "assessor")
    theirs, mine = load_form(first, url(district)), load_form(second, url(district))
    theirs.update(score_W1="0")
    first.post(url(district), data=theirs)
    mine.update(score_W1="1")
    html = second.post(url(district), data=mine).get_data(as_text=True)
    start = html.index('class="conflict"')
    conflict = html[start:html.index("</div>", start)]
    assert "W1" in conflict and "Tidak memenuhi" in conflict and "Memenuhi sebagian" in conflict
    assert form_fields(html)["score_W1"] == "1" and _stored(session)["W1"] == (0, "")
