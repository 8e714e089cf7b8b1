"""The demo: 26 puskesmas, two synthetic rounds, one login per role."""

from sqlalchemy import func, select

from assessments.demo import is_empty, load_demo, load_facility_list
from assessments.models import Assessment, AssessmentRound, Facility, User
from assessments.rounds import find_round
from assessments.scores.round_scores import round_overview


def test_demo_list_has_26_puskesmas_of_kabupaten_kupang():
    district, rows = load_facility_list()
    assert district == "Kabupaten Kupang" and len(rows) == 26
    assert len({r["code"] for r in rows}) == 26


def test_demo_loads_synthetic_rounds_and_a_login_per_role(session, seed_set):
    assert is_empty(session)
    logins = load_demo(session, password="demo-password-1")
    session.commit()
    assert session.scalar(select(func.count()).select_from(Facility)) == 26
    rounds = session.scalars(select(AssessmentRound)).all()
    assert len(rounds) == 2 and all(r.synthetic for r in rounds)
    assert {login.role for login in logins} == {"admin", "assessor", "facility_head", "viewer"}
    assert session.scalar(select(func.count()).select_from(User)) == 4
    statuses = session.scalars(select(Assessment.status)).all()
    assert statuses.count("validated") == 26 and "draft" in statuses and "submitted" in statuses
    unconfirmed = {r["code"] for r in load_facility_list()[1] if not r.get("confirmed")}
    placeholders = set(session.scalars(select(Facility.code).where(Facility.placeholder.is_(True))))
    assert placeholders == unconfirmed


def test_demo_follow_up_scores_all_but_the_two_not_reassessed(session, seed_set):
    load_demo(session, seed=7, password="demo-password-1")
    session.commit()
    results = round_overview(session, seed_set, find_round(session, None))
    overall = [r.score.overall.percent for r in results if r.score]
    assert len(overall) == 24 and all(0 <= p <= 100 for p in overall)
