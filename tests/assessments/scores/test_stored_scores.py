"""Stored scores never disagree with fresh scoring, whatever path wrote the answers.

Random answer histories go through every write path (web entry, offline workbook, phone
submissions, a facility's profile change, a rescore, backup and restore); after each step the
figures stored for every assessment equal ``scoring``'s for its stored answers.
"""

from __future__ import annotations

import io
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assessments.backup import write_backup
from assessments.demo import load_demo
from assessments.excel.offline_form import SCORE_LABELS, domain_sheet_titles, write_template
from assessments.excel.offline_form_import import import_workbook, template_data
from assessments.facilities import FacilityDetails, profile_of, save_facility
from assessments.indicator_sets import round_set
from assessments.models import Assessment, AssessmentDomainScore, Base, Facility, utc_now
from assessments.rounds import find_round
from assessments.scores.entry import Answer, save_facility_answers
from assessments.scores.stored import score_of
from assessments.scores.stored_figures import stored_summaries
from assessments.scores.stored_tallies import rescore, store_facility_scores
from assessments.xlsform.exports import export_round_form
from assessments.xlsform.fields import SCORE_CHOICES
from assessments.xlsform.submissions_import import import_submissions
from scoring import Score
from tests.assessments.excel.workbook_files import filled
from tests.assessments.xlsform.submission_files import central_csv, read_form, submission

SCORES = [Score.MET, Score.PARTIAL, Score.NOT_MET, Score.NOT_APPLICABLE]
WORDS = {score: word for word, score in SCORE_CHOICES.items()}
_counter = itertools.count()


def assert_stored_equals_fresh(session) -> None:
    session.expire_all()
    for assessment in session.scalars(select(Assessment)):
        indicator_set = round_set(assessment.round)
        fresh = score_of(indicator_set, assessment)
        stored = stored_summaries(session, indicator_set, assessment.round_id, [assessment.facility_id])
        got = stored[assessment.facility_id]
        assert got.domains == fresh.domains
        assert got.overall == fresh.overall
        assert (got.essential.met, got.essential.assessed) == (fresh.essential.met, fresh.essential.assessed)
        assert dict(got.jmp) == dict(fresh.jmp)


def _web(session, mini_set, district, facility, answers):
    save_facility_answers(session, mini_set, facility, session.merge(district["round"]),
                          {code: Answer(score) for code, score in answers.items()},
                          session.merge(district["users"]["admin"]), expected_version=None)


def _workbook(session, mini_set, district, facility, answers):
    round_ = session.merge(district["round"])
    out = io.BytesIO()
    write_template(template_data(session, mini_set, facility, round_), out)
    titles = domain_sheet_titles(mini_set)
    cells = {}
    for domain in mini_set.domains:
        for row, indicator in enumerate(domain.indicators, start=5):
            if indicator.code in answers and answers[indicator.code] is not None and indicator.applies(
                    profile_of(facility)):
                cells[f"'{titles[domain.code]}'!D{row}"] = SCORE_LABELS[answers[indicator.code]]
    if cells:
        result = import_workbook(session, mini_set, filled(out.getvalue(), cells),
                                 session.merge(district["users"]["admin"]), file_name="h.xlsx",
                                 changed_answers="overwrite")
        assert result.accepted, result.problems


def _submission(session, mini_set, district, facility, answers):
    round_ = session.merge(district["round"])
    form = read_form(export_round_form(session, mini_set, round_))
    n = next(_counter)
    words = {f"{code[:-1].lower()}_{code[-1]}": WORDS[score] for code, score in answers.items()
             if score is not None and mini_set.indicator(code).applies(profile_of(facility))}
    sent = submission(form, facility.code, words, instance=f"uuid:h{n}", submitted=f"2025-05-{3 + n % 20:02d}T0"
                      f"{n % 10}:00:00.000Z", round_name=round_.name, indicator_set="mini-test 0.1")
    result = import_submissions(session, mini_set, round_, central_csv(form, [sent]),
                                session.merge(district["users"]["admin"]), file_name="export")
    assert result.accepted, result.problems


def _profile_change(session, mini_set, district, facility, answers):
    """The administrator flips what the facility offers: other indicators apply to it."""
    details = FacilityDetails(**{field: getattr(facility, field) for field in (
        "code", "name", "kecamatan", "district", "latitude", "longitude", "placeholder")},
        inpatient=not facility.inpatient, delivery=len(answers) % 2 == 1)
    store_facility_scores(session, save_facility(session, details, "test", facility))


def _rescore(session, mini_set, district, facility, answers):
    rescore(session)


PATHS = {"web": _web, "workbook": _workbook, "submission": _submission, "profile": _profile_change,
         "rescore": _rescore}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(st.tuples(
    st.sampled_from(sorted(PATHS)), st.sampled_from(["F1", "F2"]),
    st.dictionaries(st.sampled_from(["W1", "W2", "W3", "HH1", "HH2"]), st.sampled_from([*SCORES, None]))),
    min_size=1, max_size=5))
def test_stored_scores_equal_scoring_after_any_history_on_any_path(session, mini_set, district, history):
    for path, code, answers in history:
        facility = session.scalar(select(Facility).where(Facility.code == code))
        try:
            PATHS[path](session, mini_set, district, facility, answers)
            session.commit()
        except Exception:
            session.rollback()
            raise
        assert_stored_equals_fresh(session)


def test_washfit_restore_stores_the_scores_of_the_restored_answers(session, mini_set, district, engine,
                                                                    database_url, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from washfit.cli import main

    _web(session, mini_set, district, session.merge(district["f2"]), {"W1": Score.PARTIAL, "HH1": Score.MET})
    session.execute(AssessmentDomainScore.__table__.delete())  # a backup without them: restore must rebuild them
    session.commit()
    backup = tmp_path / "b.jsonl.gz"
    with backup.open("wb") as out:
        write_backup(session.connection(), out, utc_now())
    session.rollback()
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert_stored_equals_fresh(session)
    assert len(stored_summaries(session, mini_set, find_round(session, None).id)) == 2


def test_the_demo_stores_the_scores_of_every_assessment(session):
    load_demo(session, password="demo-password")
    session.commit()
    assert session.scalar(select(Assessment).limit(1)) is not None
    assert_stored_equals_fresh(session)
