"""After submitting: what the page offers and says, the validation queue, closed rounds, the catalog for viewers."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput
from assessments.models import Assessment, AssessmentRound
from assessments.rounds import set_round_closed
from assessments.scores import entry


def _submitted(session, district, mini_set):
    """F1's assessment completed and submitted by its assessor."""
    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    answers = {"W3": entry.parse_answer("W3", "0"), "HH2": entry.parse_answer("HH2", "na")}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    session.commit()
    return assessment


def test_a_submitted_assessment_offers_no_workbook_says_the_district_validates_next_and_why_it_is_read_only(
        client, login, district, session, mini_set):
    _submitted(session, district, mini_set)
    login("assessor")
    base = f"/facilities/F1/rounds/{district['round'].id}"
    overview = client.get(f"{base}/").get_data(as_text=True)
    assert "Dinas Kesehatan Kabupaten memeriksa dan memvalidasi" in overview
    assert "workbook.xlsx" not in overview and f"{base}/import" not in overview and "versi" not in overview
    assert "terakhir disimpan" in overview and "WITA" in overview
    domain = client.get(f"{base}/domains/W").get_data(as_text=True)
    assert "Hanya baca: penilaian sudah diajukan dan kini menunggu validasi kabupaten" in domain
    login("viewer")
    assert "Hanya baca: akun Anda tidak mengisi skor untuk puskesmas ini." in client.get(f"{base}/domains/W").get_data(
        as_text=True)


def test_a_draft_still_offers_the_offline_form(client, login, district):
    login("assessor")
    overview = client.get(f"/facilities/F1/rounds/{district['round'].id}/").get_data(as_text=True)
    base = f"/facilities/F1/rounds/{district['round'].id}"
    assert "workbook.xlsx" in overview and f"{base}/import" in overview and "Ajukan penilaian" in overview


def test_the_queue_lists_submitted_assessments_until_validated(client, login, district, session, mini_set):
    assessment = _submitted(session, district, mini_set)
    login("admin")
    queue = client.get("/facilities/awaiting-validation").get_data(as_text=True)
    assert "Puskesmas Satu · Baseline 2025" in queue and "diajukan" in queue
    assert "/facilities/awaiting-validation" in client.get("/dashboard").get_data(as_text=True)
    entry.validate(session, session.merge(assessment), session.merge(district["users"]["admin"]))
    session.commit()
    assert "Tidak ada penilaian yang menunggu validasi." in client.get("/facilities/awaiting-validation").get_data(
        as_text=True)


def test_an_admin_gives_a_round_an_end_date_and_closes_it_and_then_nothing_changes_it(
        client, login, district, session, mini_set):
    round_id = district["round"].id
    login("admin")
    client.post(f"/admin/rounds/{round_id}/schedule", data={"ends_on": "2025-04-01"})  # before its start
    session.expire_all()
    assert session.get(AssessmentRound, round_id).ends_on is None
    client.post(f"/admin/rounds/{round_id}/schedule", data={"ends_on": "2025-06-30", "closed": "y"})
    session.expire_all()
    round_ = session.get(AssessmentRound, round_id)
    assert (round_.ends_on, round_.closed) == (dt.date(2025, 6, 30), True)
    assert "putaran ditutup" in client.get("/admin/rounds").get_data(as_text=True)
    login("assessor")
    base = f"/facilities/F1/rounds/{round_id}"
    html = client.get(f"{base}/domains/W").get_data(as_text=True)
    assert "Hanya baca: putaran ini sudah ditutup" in html and 'type="submit" class="primary"' not in html
    version = session.scalar(select(Assessment.version))
    client.post(f"{base}/domains/W", data={"version": version, "score_W1": "0"})
    session.expire_all()
    assert entry.stored_answers(session.merge(district["assessment"]))["W1"][0].value == 2  # unchanged
    assessment = session.merge(district["assessment"])
    with pytest.raises(InvalidInput, match="is closed"):
        entry.save_answers(session, mini_set, assessment, {"W1": entry.parse_answer("W1", "0")},
                           session.merge(district["users"]["assessor"]), assessment.version)
    session.rollback()
    with pytest.raises(InvalidInput, match="is closed"):
        entry.start_assessment(session, mini_set, session.merge(district["f2"]), session.get(AssessmentRound, round_id),
                               session.merge(district["users"]["admin"]))
    session.rollback()
    set_round_closed(session, session.get(AssessmentRound, round_id), False, "admin")
    session.commit()
    assert "Hanya baca" not in client.get(f"{base}/domains/W").get_data(as_text=True)


def test_a_viewer_reads_the_cost_catalog_without_the_means_to_change_it(client, login, district):
    login("viewer")
    html = client.get("/plans/costs").get_data(as_text=True)
    assert "Hanya baca: administrator kabupaten yang mengelola harga ini." in html
    assert "/plans/costs/TANK" not in html and 'name="percent"' not in html
    login("admin")
    assert "/plans/costs/TANK" in client.get("/plans/costs").get_data(as_text=True)
