"""Importing a workbook into the database: the round trip, all or nothing, idempotent, audited."""

import io

import pytest
from sqlalchemy import func, select

from assessments.excel.offline_form import TemplateData, write_template
from assessments.excel.offline_form_import import import_workbook, template_data
from assessments.models import Assessment, AuditEntry, Response
from assessments.scores import entry
from tests.assessments.excel.workbook_files import filled, template_bytes, zip_bomb


def export(session, mini_set, facility, round_):
    """The facility's workbook as the app would write it, pre-filled from the database."""
    out = io.BytesIO()
    write_template(template_data(session, mini_set, session.merge(facility), session.merge(round_)), out)
    return out.getvalue()


def stored(session):
    session.expire_all()
    return {r.indicator_code: (r.score, r.comment) for r in session.scalars(select(Response))}


def audit_count(session):
    return session.scalar(select(func.count()).select_from(AuditEntry))


def run_import(session, mini_set, data, user, **expected):
    result = import_workbook(session, mini_set, data, session.merge(user), file_name="uji.xlsx", **expected)
    if result.accepted:
        session.commit()
    else:
        session.rollback()
    return result


def test_template_is_pre_filled_from_the_database(session, mini_set, district):
    data = template_data(session, mini_set, session.merge(district["f1"]), session.merge(district["round"]))
    assert isinstance(data, TemplateData)
    assert {code: score.value for code, (score, _c) in data.answers.items()} == {"W1": 2, "W2": 1, "HH1": 0}


def test_round_trip_stores_the_scores_typed_in_the_workbook(session, mini_set, district):
    data = filled(export(session, mini_set, district["f2"], district["round"]),
                  {"Air!D5": "Memenuhi", "Air!E5": "ada sumur", "Air!D6": "Tidak memenuhi",
                   "'Kebersihan tangan'!D5": "1"})
    result = run_import(session, mini_set, data, district["users"]["admin"])
    assert result.accepted and result.changed == 3
    f2 = session.scalar(select(Assessment).where(Assessment.facility_id == district["f2"].id))
    assert {r.indicator_code: (r.score, r.comment) for r in f2.responses} == {
        "W1": (2, "ada sumur"), "W2": (0, ""), "HH1": (1, "")}


def test_importing_the_same_file_twice_changes_nothing_the_second_time(session, mini_set, district):
    data = filled(export(session, mini_set, district["f1"], district["round"]), {"Air!D5": "Tidak memenuhi"})
    first = run_import(session, mini_set, data, district["users"]["assessor"])
    before = (stored(session), audit_count(session), session.scalar(select(Assessment.version)))
    second = run_import(session, mini_set, data, district["users"]["assessor"])
    assert first.changed == 1 and second.accepted and second.changed == 0
    assert (stored(session), audit_count(session), session.scalar(select(Assessment.version))) == before


def test_a_changed_re_import_updates_and_is_audited(session, mini_set, district):
    exported = export(session, mini_set, district["f1"], district["round"])
    run_import(session, mini_set, filled(exported, {"Air!D5": "Tidak memenuhi"}), district["users"]["assessor"])
    again = export(session, mini_set, district["f1"], district["round"])
    result = run_import(session, mini_set, filled(again, {"Air!D5": "Memenuhi sebagian", "Air!E5": "diperbaiki"}),
                        district["users"]["assessor"])
    assert result.changed == 1 and stored(session)["W1"] == (1, "diperbaiki")
    changes = session.scalars(select(AuditEntry).where(AuditEntry.entity_id.like("%:W1"), AuditEntry.field == "score")
                              .order_by(AuditEntry.id)).all()
    assert [(c.old_value, c.new_value, c.username) for c in changes][-2:] == [
        ("2", "0", "assessor"), ("0", "1", "assessor")]


def test_rows_left_as_exported_do_not_overwrite_later_changes_in_washfit(session, mini_set, district):
    exported = export(session, mini_set, district["f1"], district["round"])
    assessment = session.merge(district["assessment"])
    entry.save_answers(session, mini_set, assessment, {"W2": entry.Answer(entry.Score.MET)},
                       session.merge(district["users"]["admin"]), assessment.version)
    session.commit()
    result = run_import(session, mini_set, filled(exported, {"Air!D5": "Memenuhi sebagian"}),
                        district["users"]["assessor"])
    assert result.changed == 1 and stored(session)["W2"] == (2, "") and stored(session)["W1"] == (1, "")


@pytest.mark.parametrize("make_bad", [
    lambda exported: filled(exported, {"Air!D5": "Tidak memenuhi", "Air!D6": "ya"}),
    lambda exported: filled(exported, {"Air!D5": "Tidak memenuhi", "Air!D6": "=2"}),
    lambda exported: zip_bomb(40 * 2**20),
    lambda exported: b"not a workbook",
])
def test_a_bad_file_writes_nothing(session, mini_set, district, make_bad):
    exported = export(session, mini_set, district["f1"], district["round"])
    before = (stored(session), audit_count(session))
    result = run_import(session, mini_set, make_bad(exported), district["users"]["assessor"])
    assert not result.accepted and result.problems
    assert (stored(session), audit_count(session)) == before


def test_a_workbook_for_a_facility_the_assessor_does_not_have_is_refused(session, mini_set, district):
    data = filled(export(session, mini_set, district["f2"], district["round"]), {"Air!D5": "Memenuhi"})
    result = run_import(session, mini_set, data, district["users"]["assessor"])
    assert [str(p) for p in result.problems] == ["you may not enter scores for facility F2"]
    assert session.scalar(select(func.count()).select_from(Assessment)) == 1


def test_a_submitted_assessment_is_not_changed(session, mini_set, district):
    assessment = session.merge(district["assessment"])
    assessment.status = "submitted"
    session.commit()
    data = filled(export(session, mini_set, district["f1"], district["round"]), {"Air!D5": "Tidak memenuhi"})
    result = run_import(session, mini_set, data, district["users"]["assessor"])
    assert [str(p) for p in result.problems] == ["the assessment is submitted; only a draft can be changed"]
    assert stored(session)["W1"] == (2, "")


def test_a_workbook_for_an_unknown_round_is_refused(session, mini_set, district):
    data = filled(template_bytes(mini_set, round_name="Putaran lain"), {"Air!D5": "Memenuhi"})
    result = run_import(session, mini_set, data, district["users"]["admin"])
    assert [str(p) for p in result.problems] == ["no assessment round Putaran lain"]


def _correct_in_the_browser(session, mini_set, district, code, score):
    """Someone saves an answer in washfit after the workbook was downloaded."""
    assessment = session.scalar(select(Assessment).where(Assessment.facility_id == district["f1"].id))
    admin = session.merge(district["users"]["admin"])
    entry.save_answers(session, mini_set, assessment, {code: entry.Answer(score)}, admin, assessment.version)
    session.commit()


def test_an_old_workbook_is_refused_naming_each_answer_changed_in_washfit_since(session, mini_set, district):
    from scoring import Score

    exported = export(session, mini_set, district["f1"], district["round"])  # W1 = Memenuhi (2)
    _correct_in_the_browser(session, mini_set, district, "W1", Score.PARTIAL)
    before = (stored(session), audit_count(session))
    result = run_import(session, mini_set, filled(exported, {"Air!D5": "Tidak memenuhi", "Air!D6": "Memenuhi"}),
                        district["users"]["assessor"])
    assert not result.accepted and result.conflicts == 1 and result.changed == 0
    (named,) = result.problems
    assert named.location == "Air!D5"
    assert (named.params["workbook"], named.params["washfit"]) == ("Tidak memenuhi", "Memenuhi sebagian")
    assert (stored(session), audit_count(session)) == before  # nothing, not even W2, without a say-so


def test_an_old_workbook_imports_the_rest_keeping_washfits_answer_when_told(session, mini_set, district):
    from scoring import Score

    exported = export(session, mini_set, district["f1"], district["round"])
    _correct_in_the_browser(session, mini_set, district, "W1", Score.PARTIAL)
    data = filled(exported, {"Air!D5": "Tidak memenuhi", "Air!D6": "Memenuhi"})
    kept = run_import(session, mini_set, data, district["users"]["assessor"], changed_answers="keep")
    assert kept.accepted and (kept.changed, kept.conflicts) == (1, 1)
    assert stored(session)["W1"] == (1, "") and stored(session)["W2"] == (2, "")
    overwritten = run_import(session, mini_set, data, district["users"]["assessor"], changed_answers="overwrite")
    assert overwritten.accepted and overwritten.changed == 1 and stored(session)["W1"] == (0, "")


def test_an_answer_changed_in_washfit_but_not_in_the_workbook_is_no_conflict(session, mini_set, district):
    from scoring import Score

    exported = export(session, mini_set, district["f1"], district["round"])
    _correct_in_the_browser(session, mini_set, district, "W1", Score.PARTIAL)
    result = run_import(session, mini_set, filled(exported, {"Air!D6": "Memenuhi"}), district["users"]["assessor"])
    assert result.accepted and (result.changed, result.conflicts) == (1, 0) and stored(session)["W1"] == (1, "")
def test_workbook_of_a_set_the_round_no_longer_uses_is_refused_and_nothing_is_written(
        session, mini_set, mini_set_v2, district, make_round):
    from assessments.excel.offline_form_import import workbook_set
    from assessments.indicator_sets import import_set, indicator_set_of
    from assessments.rounds import change_round_set
    from tests.conftest import DATA

    pilot = session.merge(make_round("Pilot 2026"))
    data = filled(export(session, mini_set, district["f2"], pilot), {"Air!D5": "Memenuhi"})
    stored_v2 = import_set(session, (DATA / "mini_indicators_v2.yaml").read_text(encoding="utf-8"), "admin").stored
    change_round_set(session, pilot, stored_v2, "admin")
    session.commit()
    assert workbook_set(session, data) is indicator_set_of(stored_v2)
    before = audit_count(session)
    result = run_import(session, workbook_set(session, data), data, district["users"]["admin"])
    assert not result.accepted
    assert [p.message for p in result.problems] == [
        "the workbook was made for indicator set %(theirs)s; its round uses %(ours)s: download a new template"]
    assert result.problems[0].params == {"theirs": "mini-test 0.1", "ours": "mini-test 0.2"}
    assert audit_count(session) == before
    assert session.scalar(select(func.count()).select_from(Assessment).where(Assessment.round_id == pilot.id)) == 0
