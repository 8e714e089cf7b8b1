"""The WASH FIT team: members checked and audited, one leader, stale forms and other heads refused."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied, StaleVersion
from assessments.models import AuditEntry, TeamMember
from assessments.teams.codes import current_team_codes
from assessments.teams.members import MemberInput, add_member, current_leader, list_team, remove_member, update_member

START = dt.date(2025, 1, 6)


def member(**changes):
    values = {"name": "Maria Ndun", "position": "sanitarian", "from_on": START, "team_role": "ketua",
              "phone": "+62 812-3456-7890", "leader": True}
    return MemberInput(**{**values, **changes})


def test_a_head_adds_a_member_and_the_trail_records_that_a_phone_is_set_not_the_number(session, district):
    head = session.merge(district["users"]["head"])
    added = add_member(session, current_team_codes(), session.merge(district["f1"]), member(), head)
    session.commit()
    entries = {e.field: e.new_value for e in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "team_member", AuditEntry.entity_id == str(added.id)))}
    assert entries["name"] == "Maria Ndun" and entries["position"] == "sanitarian"
    assert entries["phone"] == "set"
    assert current_leader(session, session.merge(district["f1"]), dt.date(2025, 6, 1)) == "Maria Ndun"


def test_a_new_leader_takes_the_mark_from_the_old(session, district):
    head, f1 = session.merge(district["users"]["head"]), session.merge(district["f1"])
    add_member(session, current_team_codes(), f1, member(), head)
    add_member(session, current_team_codes(), f1, member(name="Yanti Bait", position="midwife_coord"), head)
    session.commit()
    leaders = [m.name for m in list_team(session, f1) if m.leader]
    assert leaders == ["Yanti Bait"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"to_on": START - dt.timedelta(days=1)}, "before the start date"),
    ({"position": "janitor"}, "unknown code janitor"),
    ({"position": "other", "position_other": " "}, "which position"),
    ({"name": "Maria\x00Ndun"}, "control characters"),
    ({"name": "x" * 201}, "longer than 200"),
    ({"phone": "call me"}, "not a telephone number"),
    ({"phone": "12"}, "not a telephone number"),
    ({"name": "  "}, "needs a name"),
])
def test_bad_member_input_is_refused_and_nothing_is_written(session, district, changes, message):
    head = session.merge(district["users"]["head"])
    with pytest.raises(InvalidInput, match=message):
        add_member(session, current_team_codes(), session.merge(district["f1"]), member(**changes), head)
    session.rollback()
    assert session.scalars(select(TeamMember)).all() == []


def test_a_head_may_not_change_another_puskesmas_team(session, district):
    other_head = session.merge(district["users"]["other_head"])
    with pytest.raises(PermissionDenied):
        add_member(session, current_team_codes(), session.merge(district["f1"]), member(), other_head)
    assessor = session.merge(district["users"]["assessor"])
    with pytest.raises(PermissionDenied):
        add_member(session, current_team_codes(), session.merge(district["f1"]), member(), assessor)


def test_a_stale_member_form_is_refused_naming_what_someone_else_changed(session, district):
    head, admin = session.merge(district["users"]["head"]), session.merge(district["users"]["admin"])
    row = add_member(session, current_team_codes(), session.merge(district["f1"]), member(), head)
    session.commit()
    loaded_version = row.version
    update_member(session, current_team_codes(), row, member(team_role="anggota"), admin, loaded_version)
    session.commit()
    with pytest.raises(StaleVersion) as refused:
        update_member(session, current_team_codes(), row, member(name="Maria N."), head, loaded_version,
                      loaded={"name": "Maria Ndun", "team_role": "ketua"})
    assert [c.field for c in refused.value.changes] == ["team_role"]
    assert refused.value.merged["name"] == "Maria N." and refused.value.merged["team_role"] == "anggota"


def test_a_member_who_left_is_no_longer_the_current_leader(session, district):
    head, f1 = session.merge(district["users"]["head"]), session.merge(district["f1"])
    row = add_member(session, current_team_codes(), f1, member(), head)
    update_member(session, current_team_codes(), row, member(to_on=dt.date(2025, 3, 1)), head, row.version)
    session.commit()
    assert current_leader(session, f1, dt.date(2025, 6, 1)) == ""
    remove_member(session, row, head, row.version)
    session.commit()
    assert list_team(session, f1) == []
