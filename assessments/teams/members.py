"""A puskesmas's WASH FIT team: add, change and remove members, list them, name the leader.

Admins and the facility's head edit the team (``permissions.can_edit_team``); every change is
audited field by field (entity ``team_member``), and a form loaded at an older version is
refused field by field (``errors.stale``). One member at a time leads: marking a leader takes
the mark from whoever held it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion, Values, stale
from assessments.i18n.labels import N_
from assessments.models import Facility, TeamMember, User
from assessments.permissions import can_edit_team
from assessments.teams.codes import OTHER_POSITION, TeamCodes
from assessments.texts import checked_text

MAX_NAME = 200
MAX_PHONE = 30
# An Indonesian or international number: digits with an optional leading +, spaces and dashes.
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{5,28}")
FIELDS = ("name", "position", "position_other", "team_role", "phone", "leader", "from_on", "to_on")


@dataclass(frozen=True)
class MemberInput:
    """A team member as a form or a file gives them."""

    name: str
    position: str
    from_on: dt.date
    position_other: str = ""
    team_role: str = ""
    phone: str = ""
    leader: bool = False
    to_on: dt.date | None = None


def checked_member(codes: TeamCodes, data: MemberInput) -> MemberInput:
    """``data`` trimmed and checked; ``InvalidInput`` for the first problem."""
    name = checked_text(data.name, MAX_NAME, "name")
    if not name:
        raise InvalidInput(N_("a team member needs a name"))
    if data.position not in codes.positions:
        raise InvalidInput(N_("unknown code %(code)s (known: %(known)s)"), code=data.position,
                           known=", ".join(codes.positions))
    other = checked_text(data.position_other, MAX_NAME, "position_other")
    if data.position == OTHER_POSITION and not other:
        raise InvalidInput(N_("say which position \"other\" is"))
    phone = checked_text(data.phone, MAX_PHONE, "phone")
    if phone and (not _PHONE.fullmatch(phone) or not 6 <= sum(c.isdigit() for c in phone) <= 15):
        raise InvalidInput(N_("%(phone)s is not a telephone number (digits, an optional leading +)"), phone=phone)
    if data.to_on is not None and data.to_on < data.from_on:
        raise InvalidInput(N_("the end date %(end)s is before the start date %(start)s"),
                           end=data.to_on.isoformat(), start=data.from_on.isoformat())
    return MemberInput(name, data.position, data.from_on, other if data.position == OTHER_POSITION else "",
                       checked_text(data.team_role, MAX_NAME, "team_role"), phone, data.leader, data.to_on)


def member_fields(member: TeamMember | MemberInput) -> dict[str, str | None]:
    """A member's values as the form carries them, for the stale check and the audit trail."""
    def shown(value: object) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)
    return {field: shown(getattr(member, field)) for field in FIELDS}


def _audited(fields: dict[str, str | None]) -> dict[str, str | None]:
    """What the audit trail keeps of a member: that a phone is set, never the number (readers see history)."""
    return {**fields, "phone": "set" if fields["phone"] else None}


def _require(actor: User, facility: Facility) -> None:
    if not can_edit_team(actor, facility):
        raise PermissionDenied("only administrators and the puskesmas's head may change its WASH FIT team")


def _take_leadership(session: Session, facility: Facility, member: TeamMember, actor: User) -> None:
    for other in list_team(session, facility):
        if other.id != member.id and other.leader:
            record_change(session, actor.username, "team_member", other.id, "leader", True, False, facility.id)
            other.leader = False


def _apply(member: TeamMember, data: MemberInput) -> None:
    member.name, member.position, member.position_other = data.name, data.position, data.position_other
    member.team_role, member.phone, member.leader = data.team_role, data.phone, data.leader
    member.from_on, member.to_on = data.from_on, data.to_on


def add_member(
    session: Session, codes: TeamCodes, facility: Facility, data: MemberInput, actor: User, *, synthetic: bool = False,
) -> TeamMember:
    """Add a checked member to the facility's team (nothing stored on ``InvalidInput``)."""
    _require(actor, facility)
    data = checked_member(codes, data)
    member = TeamMember(facility=facility, synthetic=synthetic)
    _apply(member, data)
    session.add(member)
    session.flush()
    if data.leader:
        _take_leadership(session, facility, member, actor)
    for field, value in _audited(member_fields(member)).items():
        record_change(session, actor.username, "team_member", member.id, field, None, value, facility.id)
    session.flush()
    return member


def update_member(
    session: Session, codes: TeamCodes, member: TeamMember, data: MemberInput, actor: User, expected_version: int,
    loaded: Values | None = None,
) -> TeamMember:
    """Change a member; ``StaleVersion`` (field by field) when someone saved them since the form was loaded."""
    _require(actor, member.facility)
    data = checked_member(codes, data)
    if member.version != expected_version:
        raise stale(member.version, loaded or {}, member_fields(member), member_fields(data))
    before = member_fields(member)
    _apply(member, data)
    if data.leader:
        _take_leadership(session, member.facility, member, actor)
    after = member_fields(member)
    if after["phone"] != before["phone"]:
        record_change(session, actor.username, "team_member", member.id, "phone", None, "changed",
                      member.facility_id)
    for field, value in after.items():
        if field == "phone":
            continue
        record_change(session, actor.username, "team_member", member.id, field, before[field], value,
                      member.facility_id)
    session.flush()
    return member


def remove_member(session: Session, member: TeamMember, actor: User, expected_version: int) -> None:
    """Delete a member entered by mistake (one who left keeps a row with an end date)."""
    _require(actor, member.facility)
    if member.version != expected_version:
        raise StaleVersion(member.version, [])
    for field, value in _audited(member_fields(member)).items():
        record_change(session, actor.username, "team_member", member.id, field, value, None, member.facility_id)
    session.delete(member)
    session.flush()


def get_member(session: Session, facility: Facility, member_id: int) -> TeamMember:
    """The member ``member_id`` of ``facility``'s team (another facility's member is not found)."""
    member = session.get(TeamMember, member_id)
    if member is None or member.facility_id != facility.id:
        raise NotFound("unknown team member %(id)s", id=member_id)
    return member


def list_team(session: Session, facility: Facility) -> Sequence[TeamMember]:
    """The facility's members: the leader first, then current members, then those who left."""
    query = select(TeamMember).where(TeamMember.facility_id == facility.id).order_by(
        TeamMember.leader.desc(), TeamMember.to_on.is_not(None), TeamMember.name, TeamMember.id)
    return session.scalars(query).all()


def current_leader(session: Session, facility: Facility, on: dt.date) -> str:
    """The name of the team's leader on ``on`` (empty when the team has none then)."""
    for member in list_team(session, facility):
        if member.leader and member.from_on <= on and (member.to_on is None or member.to_on >= on):
            return member.name
    return ""
