"""The schema enforces what it can, on SQLite and PostgreSQL alike."""

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from assessments.models import Assessment, Facility, Response, User


@pytest.fixture
def assessment(session, make_facility, make_round):
    facility, round_ = make_facility(), make_round()
    a = Assessment(facility=session.merge(facility), round=session.merge(round_), set_id="s", set_version="1")
    session.add(a)
    session.commit()
    return a


def test_migrations_create_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"facilities", "assessment_rounds", "assessments", "responses", "users", "audit_log",
            "user_facilities"} <= tables


def test_one_response_per_indicator_per_assessment(session, assessment):
    session.add_all([Response(assessment=assessment, indicator_code="W1", score=2),
                     Response(assessment=assessment, indicator_code="W1", score=1)])
    with pytest.raises(IntegrityError):
        session.commit()


@pytest.mark.parametrize("score", [3, -1])
def test_scores_outside_0_1_2_are_refused_by_the_database(session, assessment, score):
    session.add(Response(assessment=assessment, indicator_code="W1", score=score))
    with pytest.raises(IntegrityError):
        session.commit()


def test_null_score_means_not_applicable_and_is_allowed(session, assessment):
    session.add(Response(assessment=assessment, indicator_code="W1", score=None))
    session.commit()
    assert session.scalar(text("SELECT COUNT(*) FROM responses WHERE score IS NULL")) == 1


def test_facility_codes_are_unique(session, make_facility):
    make_facility(code="KPG01")
    session.add(Facility(code="KPG01", name="Twin"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_one_assessment_per_facility_and_round(session, assessment):
    session.add(Assessment(facility_id=assessment.facility_id, round_id=assessment.round_id,
                           set_id="s", set_version="1"))
    with pytest.raises(IntegrityError):
        session.commit()


@pytest.mark.parametrize(("model", "values"), [
    (User, {"username": "x", "password_hash": "h", "role": "superuser"}),
])
def test_unknown_role_is_refused(session, model, values):
    session.add(model(**values))
    with pytest.raises(IntegrityError):
        session.commit()


def test_invalid_status_is_refused(session, assessment):
    session.execute(text("UPDATE assessments SET status = 'draft'"))
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE assessments SET status = 'approved'"))
        session.commit()


def test_deleting_a_facility_with_assessments_is_refused(session, assessment):
    with pytest.raises(IntegrityError):
        session.execute(text("DELETE FROM facilities"))
        session.commit()
