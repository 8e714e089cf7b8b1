"""Score entry: saving, auditing, the version check and status changes, on both databases."""

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.errors import InvalidInput, PermissionDenied, StaleVersion
from assessments.models import Assessment, AuditEntry, Response
from assessments.scores import entry
from scoring import Score


@pytest.fixture
def setup(session, make_facility, make_round, make_user, mini_set):
    facility = make_facility(code="KPG01")
    round_ = make_round()
    assessor = make_user("ani", "assessor", (facility,))
    assessment = entry.start_assessment(session, mini_set, session.merge(facility), session.merge(round_),
                                        session.merge(assessor))
    session.commit()
    return facility, round_, assessor, assessment


def answers(**scores):
    return {code: entry.Answer(None if value is None else entry.parse_score(value), "")
            for code, value in scores.items()}


def test_saving_answers_stores_scores_and_na_as_null(session, setup, mini_set):
    _, _, assessor, assessment = setup
    changed = entry.save_answers(session, mini_set, assessment, answers(W1=2, W2="na"), assessor, assessment.version)
    session.commit()
    stored = {r.indicator_code: r.score for r in session.scalars(select(Response))}
    assert changed == 2 and stored == {"W1": 2, "W2": None}


def test_every_changed_field_is_audited_with_old_and_new_value(session, setup, mini_set):
    _, _, assessor, assessment = setup
    entry.save_answers(session, mini_set, assessment, answers(W1=1), assessor, assessment.version)
    entry.save_answers(session, mini_set, assessment, {"W1": entry.Answer(Score.MET, "fixed")}, assessor,
                       assessment.version)
    session.commit()
    rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == "response").order_by(AuditEntry.id)).all()
    assert [(r.field, r.old_value, r.new_value, r.username) for r in rows] == [
        ("score", None, "1", "ani"), ("score", "1", "2", "ani"), ("comment", None, "fixed", "ani"),
    ]
    assert all(r.facility_id == assessment.facility_id for r in rows)


def test_saving_the_same_answers_again_changes_nothing(session, setup, mini_set):
    _, _, assessor, assessment = setup
    entry.save_answers(session, mini_set, assessment, answers(W1=2), assessor, assessment.version)
    version = assessment.version
    assert entry.save_answers(session, mini_set, assessment, answers(W1=2), assessor, version) == 0
    assert assessment.version == version


def test_stale_version_is_refused_naming_what_differs(session, setup, mini_set):
    _, _, assessor, assessment = setup
    first = assessment.version
    entry.save_answers(session, mini_set, assessment, answers(W1=2), assessor, first)
    session.commit()
    with pytest.raises(StaleVersion) as stale:
        entry.save_answers(session, mini_set, assessment, answers(W1=0, W2=1), assessor, first)
    named = [(c.field, c.theirs, c.yours) for c in stale.value.changes]
    assert named == [("score_W1", "2", "0"), ("score_W2", None, "1")]
    session.rollback()
    assert session.scalar(select(Response.score).where(Response.indicator_code == "W1")) == 2


def test_an_assessor_of_another_facility_may_not_save(session, setup, make_user, mini_set):
    _, _, _, assessment = setup
    other = make_user("budi", "assessor")
    with pytest.raises(PermissionDenied):
        entry.save_answers(session, mini_set, assessment, answers(W1=2), session.merge(other), assessment.version)


def test_unknown_code_and_bad_score_are_refused(mini_set):
    with pytest.raises(InvalidInput, match="'ya' is not a score"):
        entry.parse_answer("W1", "ya")
    assert entry.parse_answer("W1", "").score is None


def test_submission_needs_every_applicable_indicator(session, setup, mini_set):
    _, _, assessor, assessment = setup
    entry.save_answers(session, mini_set, assessment, answers(W1=2, W2=1), assessor, assessment.version)
    with pytest.raises(InvalidInput, match="3 indicators are unanswered: W3, HH1, HH2"):
        entry.submit(session, mini_set, assessment, assessor)
    entry.save_answers(session, mini_set, assessment, answers(W3=0, HH1=2, HH2="na"), assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    assert assessment.status == "submitted"
    with pytest.raises(InvalidInput, match="only a draft can be changed"):
        entry.save_answers(session, mini_set, assessment, answers(W1=0), assessor, assessment.version)


def test_only_an_admin_validates_and_reopens(session, setup, make_user, mini_set):
    _, _, assessor, assessment = setup
    assessment.status = "submitted"
    with pytest.raises(PermissionDenied):
        entry.validate(session, assessment, assessor)
    admin = session.merge(make_user("root", "admin"))
    entry.validate(session, assessment, admin)
    entry.reopen(session, assessment, admin)
    assert assessment.status == "draft"


@pytest.mark.postgres
def test_two_concurrent_saves_of_one_version_let_exactly_one_win(engine, setup, mini_set):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are what this pins; SQLite serialises whole-database writes")
    _, _, assessor, assessment = setup
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(score: int) -> None:
        with Session(engine, expire_on_commit=False) as s:
            mine = s.get(Assessment, assessment.id)
            user = s.merge(assessor)
            barrier.wait()
            try:
                entry.save_answers(s, mini_set, mine, answers(W1=score), user, mine.version)
                s.commit()
                outcomes.append("saved")
            except StaleVersion:
                s.rollback()
                outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["saved", "stale"]
    with Session(engine) as s:
        assert s.scalar(select(Assessment.version).where(Assessment.id == assessment.id)) == assessment.version + 1
