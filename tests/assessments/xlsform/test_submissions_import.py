"""Storing submissions: whole or nothing, once per instance, the latest per facility, never over a newer change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from assessments.models import Assessment, AuditEntry, Facility, Response, Submission, utc_now
from assessments.xlsform.exports import export_round_form
from assessments.xlsform.submissions_import import import_submissions
from tests.assessments.xlsform.submission_files import (
    EN_LANG,
    central_csv,
    central_zip,
    kobo_csv,
    kobo_json,
    kobo_xlsx,
    read_form,
    submission,
)

SET = "mini-test 0.1"


@pytest.fixture
def form(session, mini_set, district):
    return read_form(export_round_form(session, mini_set, district["round"]))


def sub(form, facility="F1", answers=None, *, instance="uuid:0001", submitted="2025-05-03T03:00:00.000Z", **extra):
    if answers is None:
        answers = {"w_1": "partial", "w_2": "partial", "hh_1": "met", "hh_1_c": "sabun habis"}
    return submission(form, facility, answers, instance=instance, submitted=submitted, round_name="Baseline 2025",
                      indicator_set=SET, **extra)


def run(session, mini_set, district, data, user="assessor"):
    actor = session.merge(district["users"][user])
    result = import_submissions(session, mini_set, session.merge(district["round"]), data, actor, file_name="export")
    if result.accepted:
        session.commit()
    else:
        session.rollback()
    return result


def stored(session, code="F1"):
    session.expire_all()
    rows = session.execute(select(Response.indicator_code, Response.score, Response.comment)
                           .join(Assessment).join(Facility).where(Facility.code == code))
    return {c: (s, t) for c, s, t in rows}


def counts(session):
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(Response)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.count()).select_from(Submission)))


@pytest.mark.parametrize("layout", ["central", "central-no-groups", "central-zip", "kobo-csv", "kobo-labels",
                                    "kobo-xlsx", "kobo-json"])
def test_every_export_layout_stores_the_answers_through_the_entry_path(session, mini_set, district, form, layout):
    subs = [sub(form)]
    data = {
        "central": lambda: central_csv(form, subs),
        "central-no-groups": lambda: central_csv(form, subs, group_names=False),
        "central-zip": lambda: central_zip(form, subs),
        "kobo-csv": lambda: kobo_csv(form, subs, separator="."),
        "kobo-labels": lambda: kobo_csv(form, subs, labels=EN_LANG, bom=True),
        "kobo-xlsx": lambda: kobo_xlsx(form, subs, labels=EN_LANG),
        "kobo-json": lambda: kobo_json(form, subs),
    }[layout]()
    result = run(session, mini_set, district, data)
    assert result.accepted, result.problems
    # W2 was already 1: two answers change.
    assert [(i.facility_code, i.changed) for i in result.imported] == [("F1", 2)]
    assert stored(session) == {"W1": (1, ""), "W2": (1, ""), "HH1": (2, "sabun habis")}
    audited = session.scalars(select(AuditEntry.entity_id).where(AuditEntry.entity == "response",
                                                                 AuditEntry.username == "assessor")).all()
    assert {e.split(":")[1] for e in audited} >= {"W1", "HH1"}
    record = session.scalar(select(Submission))
    assert (record.instance_id, record.assessors, record.team_leader, record.visit_date) == (
        "uuid:0001", "Ina, Yohanes", "Maria", dt.date(2025, 5, 3))


def test_importing_the_same_file_again_changes_nothing(session, mini_set, district, form):
    data = central_csv(form, [sub(form)])
    assert run(session, mini_set, district, data).accepted
    before = counts(session)
    again = run(session, mini_set, district, data)
    assert again.accepted and again.changed == 0 and not again.imported
    assert [p.message for p in again.set_aside] == ["row %(row)d: %(id)s is already imported"]
    assert counts(session) == before


def test_of_two_submissions_for_a_facility_the_later_wins_and_the_other_is_named(session, mini_set, district, form):
    early = sub(form, answers={"w_1": "not_met"}, instance="uuid:early", submitted="2025-05-03T01:00:00Z")
    late = sub(form, answers={"w_1": "met"}, instance="uuid:late", submitted="2025-05-04T01:00:00Z")
    result = run(session, mini_set, district, kobo_json(form, [late, early]))
    assert [i.instance_id for i in result.imported] == ["uuid:late"]
    assert result.set_aside[0].params["id"] == "uuid:early" and result.set_aside[0].params["newer"] == "uuid:late"
    assert stored(session)["W1"] == (2, "")
    # An older submission arriving later does not undo the newer one.
    result = run(session, mini_set, district, kobo_json(form, [early]))
    assert not result.imported and result.set_aside[0].params["newer"] == "uuid:late"
    assert stored(session)["W1"] == (2, "")


def test_an_edited_kobo_record_replaces_the_one_it_deprecates(session, mini_set, district, form):
    first = sub(form, answers={"w_1": "not_met"}, instance="uuid:v1", submitted="2025-05-03T01:00:00Z")
    assert run(session, mini_set, district, kobo_json(form, [first])).accepted
    # Kobo keeps the submission time of an edited record; the deprecatedID chain says it is newer.
    edited = sub(form, answers={"w_1": "met"}, instance="uuid:v2", submitted="2025-05-03T01:00:00Z",
                 __deprecated="uuid:v1")
    result = run(session, mini_set, district, kobo_json(form, [edited]))
    assert [i.instance_id for i in result.imported] == ["uuid:v2"] and stored(session)["W1"] == (2, "")


def test_rejected_and_has_issues_submissions_are_skipped_and_reported(session, mini_set, district, form):
    subs = [sub(form, "F1", instance="uuid:a"), sub(form, "F2", instance="uuid:b")]
    data = central_csv(form, subs, review={"uuid:a": "rejected", "uuid:b": "hasIssues"})
    result = run(session, mini_set, district, data, user="admin")
    assert result.accepted and not result.imported
    assert [p.params["state"] for p in result.set_aside] == ["rejected", "hasIssues"]
    assert stored(session) == {"W1": (2, ""), "W2": (1, ""), "HH1": (0, "")}


def test_an_answer_changed_in_washfit_after_the_export_is_not_overwritten(session, mini_set, district):
    # The form was exported an hour ago; the district fixture saved W1 = 2 just now.
    old_form = read_form(export_round_form(session, mini_set, district["round"], utc_now() - dt.timedelta(hours=1)))
    before = counts(session)
    result = run(session, mini_set, district, central_csv(old_form, [sub(old_form, answers={"w_1": "not_met",
                                                                                             "w_2": "partial"})]))
    assert not result.accepted
    (refusal,) = result.problems
    assert refusal.params["code"] == "W1" and refusal.params["column"] == "d_w-w_1"
    assert (refusal.params["stored"], refusal.params["file"]) == ("2", "0")
    assert counts(session) == before


def test_a_facility_the_assessor_does_not_have_refuses_the_whole_file(session, mini_set, district, form):
    before = counts(session)
    result = run(session, mini_set, district, central_csv(form, [sub(form, "F1", instance="uuid:a"),
                                                                 sub(form, "F2", instance="uuid:b")]))
    assert [p.params for p in result.problems] == [{"row": 3, "code": "F2"}]
    assert counts(session) == before


def test_a_submission_for_another_round_is_set_aside(session, mini_set, district, form):
    other = submission(form, "F1", {"w_1": "met"}, instance="uuid:x", submitted="2025-05-03T01:00:00Z",
                       round_name="Follow-up 2026", indicator_set=SET)
    result = run(session, mini_set, district, central_csv(form, [other]))
    assert result.accepted and not result.imported and result.set_aside[0].params["theirs"] == "Follow-up 2026"


def test_a_submitted_assessment_refuses_the_file_as_the_entry_page_would(session, mini_set, district, form):
    assessment = session.merge(district["assessment"])
    assessment.status = "submitted"
    session.commit()
    before = counts(session)
    result = run(session, mini_set, district, central_csv(form, [sub(form)]))
    assert not result.accepted and "only a draft" in result.problems[0].message
    assert counts(session) == before


def test_one_bad_row_refuses_every_row(session, mini_set, district, form):
    good = sub(form, "F1", instance="uuid:a")
    bad = sub(form, "F2", {"w_1": "ya"}, instance="uuid:b")
    before = counts(session)
    result = run(session, mini_set, district, central_csv(form, [good, bad]), user="admin")
    assert [str(p) for p in result.problems] == ['row 3, column d_w-w_1: "ya" is not a known choice']
    assert counts(session) == before


def test_answers_for_indicators_that_do_not_apply_are_ignored(session, mini_set, district, form):
    # F2 has no inpatient or delivery services: W3 and HH2 do not apply to it.
    result = run(session, mini_set, district, central_csv(form, [sub(form, "F2", {"w_1": "met", "w_3": "met",
                                                                                  "hh_2": "not_met"})]), user="admin")
    assert result.accepted and stored(session, "F2") == {"W1": (2, "")}


def test_the_phone_forms_visit_becomes_the_assessments_visit(session, mini_set, district, form):
    assert run(session, mini_set, district, central_csv(form, [sub(form)])).accepted
    session.expire_all()
    assessment = session.scalar(select(Assessment).join(Facility).where(Facility.code == "F1"))
    assert (assessment.assessed_on, assessment.assessors, assessment.team_leader) == (
        dt.date(2025, 5, 3), "Ina, Yohanes", "Maria")
