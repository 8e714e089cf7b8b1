"""Which round every view opens on, and how far a round has got."""

import datetime as dt

from assessments.rounds import default_round, find_round, round_progress
from assessments.scores import entry

TODAY = dt.date(2026, 6, 1)


def test_a_future_empty_round_does_not_become_the_default(district, session, make_round):
    make_round("Follow-up 2027", dt.date(2027, 5, 1))
    # The baseline has only a draft with answers and started a year ago: it stays the default.
    assert default_round(session, TODAY).name == "Baseline 2025"
    assert find_round(session, None).name == "Baseline 2025"


def test_the_latest_round_with_submitted_assessments_is_the_default(district, session, make_round, mini_set):
    follow_up = make_round("Follow-up 2026", dt.date(2026, 5, 1))
    make_round("Follow-up 2027", dt.date(2027, 5, 1))
    assert default_round(session, TODAY).name == "Baseline 2025"  # the follow-up has started but has no answer
    assessor = session.merge(district["users"]["assessor"])
    assessment = entry.start_assessment(session, mini_set, session.merge(district["f1"]), follow_up, assessor)
    entry.save_answers(session, mini_set, assessment, {"W1": entry.parse_answer("W1", "2")}, assessor,
                       assessment.version)
    session.commit()
    assert default_round(session, TODAY).name == "Follow-up 2026"  # started, with answers
    assert default_round(session, dt.date(2026, 4, 1)).name == "Baseline 2025"  # not yet started, only a draft


def test_a_submitted_round_counts_even_before_its_start_date(district, session, make_round, mini_set):
    early = make_round("Follow-up 2027", dt.date(2027, 5, 1))
    assessor = session.merge(district["users"]["assessor"])
    assessment = entry.start_assessment(session, mini_set, session.merge(district["f1"]), early, assessor)
    answers = {code: entry.parse_answer(code, "2") for code in ("W1", "W2", "W3", "HH1", "HH2")}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    session.commit()
    assert default_round(session, TODAY).name == "Follow-up 2027"


def test_without_any_answer_the_latest_started_round_is_the_default(session, make_round):
    make_round("Baseline 2025", dt.date(2025, 5, 1))
    make_round("Follow-up 2026", dt.date(2026, 5, 1))
    make_round("Follow-up 2027", dt.date(2027, 5, 1))
    assert default_round(session, TODAY).name == "Follow-up 2026"
    assert default_round(session, dt.date(2020, 1, 1)).name == "Follow-up 2027"


def test_round_progress_counts_started_submitted_validated_and_answered(district, session, make_round):
    progress = round_progress(session, session.merge(district["round"]))
    assert (progress.facilities, progress.started, progress.submitted, progress.validated, progress.answered) == (
        2, 1, 0, 0, 1)
    assert not progress.empty
    empty = round_progress(session, make_round("Follow-up 2027", dt.date(2027, 5, 1)))
    assert (empty.facilities, empty.started, empty.empty) == (2, 0, True)
    only_f2 = round_progress(session, session.merge(district["round"]), [district["f2"].id])
    assert (only_f2.facilities, only_f2.started, only_f2.empty) == (1, 0, True)
