"""District validation of plans: submitted by the head, validated or returned by the district, snapshot kept."""

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import AuditEntry, FacilityPlan
from assessments.plans.edits import ItemLine, add_custom_action, edit_action
from assessments.plans.plan_records import plan_status
from assessments.plans.validation import return_plan, submit_plan, validate_plan, validated_snapshot
from tests.assessments.plans.helpers import action, changes


def _users(session, district):
    return {role: session.merge(user) for role, user in district["users"].items()}


def _plan(session):
    session.expire_all()
    return session.scalar(select(FacilityPlan))


def _validated(session, mini_set, district):
    users = _users(session, district)
    f1 = session.merge(district["f1"])
    submit_plan(session, f1, users["head"])
    validate_plan(session, mini_set, f1, users["admin"])
    session.commit()
    return f1, users


def test_submitted_returned_submitted_validated_keeps_a_snapshot_and_is_audited(session, mini_set, planned_district):
    users = _users(session, planned_district)
    f1 = session.merge(planned_district["f1"])
    submit_plan(session, f1, users["head"])
    return_plan(session, f1, "Tambahkan penanggung jawab untuk W3", users["admin"])
    session.commit()
    status = plan_status(session, f1)
    assert (status.state, status.comment) == ("returned", "Tambahkan penanggung jawab untuk W3")
    submit_plan(session, f1, users["head"])
    validate_plan(session, mini_set, f1, users["admin"])
    session.commit()
    snapshot = validated_snapshot(session, f1)
    assert (plan_status(session, f1).state, snapshot.validated_by, snapshot.submitted_by) == (
        "validated", "admin", "head")
    assert [a.indicator_code for a in snapshot.actions] == ["W2", "HH1", "W3"]
    assert snapshot.total == sum(a.cost for a in snapshot.actions if a.counted) > 0
    states = [e.new_value for e in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "plan", AuditEntry.field == "state").order_by(AuditEntry.id))]
    assert states == ["submitted", "returned", "submitted", "validated"]


def test_only_the_district_validates_and_never_the_person_who_submitted(session, mini_set, planned_district):
    users = _users(session, planned_district)
    f1 = session.merge(planned_district["f1"])
    with pytest.raises(PermissionDenied):
        submit_plan(session, f1, users["viewer"])
    submit_plan(session, f1, users["admin"])
    for role in ("head", "assessor", "viewer"):
        with pytest.raises(PermissionDenied):
            validate_plan(session, mini_set, f1, users[role])
    with pytest.raises(InvalidInput, match="submitted this plan yourself"):
        validate_plan(session, mini_set, f1, users["admin"])
    assert _plan(session).state == "submitted" and _plan(session).snapshot is None


def test_a_returned_plan_needs_a_comment_and_only_a_submitted_plan_is_decided(session, mini_set, planned_district):
    users = _users(session, planned_district)
    f1 = session.merge(planned_district["f1"])
    with pytest.raises(InvalidInput, match="only a submitted plan"):
        validate_plan(session, mini_set, f1, users["admin"])
    submit_plan(session, f1, users["head"])
    with pytest.raises(InvalidInput, match="needs a comment"):
        return_plan(session, f1, "  ", users["admin"])
    with pytest.raises(InvalidInput, match="too long"):
        return_plan(session, f1, "x" * 2001, users["admin"])
    with pytest.raises(InvalidInput, match="changed since"):
        validate_plan(session, mini_set, f1, users["admin"], expected_version=99)


def test_after_validation_the_status_changes_freely_and_a_scope_change_needs_reopening(
        session, mini_set, planned_district):
    f1, users = _validated(session, mini_set, planned_district)
    w2 = action(session, "W2")
    assert edit_action(session, mini_set, w2, changes(status="in_progress", items=(ItemLine("TANK", 1),)),
                       users["head"], w2.version) == 1
    session.commit()
    assert _plan(session).state == "validated"
    w2 = action(session, "W2")
    with pytest.raises(InvalidInput, match="re-opens it"):
        edit_action(session, mini_set, w2, changes(status="in_progress", items=(ItemLine("TANK", 3),)),
                    users["head"], w2.version)
    session.rollback()
    with pytest.raises(InvalidInput, match="re-opens it"):
        add_custom_action(session, mini_set, f1, changes(text="Pagar"), users["head"])
    session.rollback()
    assert [(i.cost_item_code, i.quantity) for i in action(session, "W2").items] == [("TANK", 1)]
    w2 = action(session, "W2")
    edit_action(session, mini_set, w2, changes(status="in_progress", items=(ItemLine("TANK", 3),), reopen=True),
                users["head"], w2.version)
    session.commit()
    plan = _plan(session)
    assert (plan.state, plan.reopen_note) == ("draft", "scope:W2: items")
    assert validated_snapshot(session, f1) is not None  # what was validated stays printable


def test_the_plan_workbook_prints_the_validated_snapshot(session, mini_set, planned_district):
    import io

    from openpyxl import load_workbook

    from assessments.excel.exports import export_facility_plan

    f1, _users = _validated(session, mini_set, planned_district)
    out = io.BytesIO()
    export_facility_plan(session, f1, out, "id")
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    rows = list(workbook["Divalidasi"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:4]] == ["W2", "HH1", "W3"]
    assert rows[4][7] == validated_snapshot(session, f1).total
    assert "divalidasi oleh admin" in rows[5][0]
    about = [r for r in workbook.worksheets[0].iter_rows(values_only=True) if r and r[0] == "Status rencana"]
    assert about and about[0][1] == "divalidasi kabupaten"
