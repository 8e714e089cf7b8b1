"""Facilities and assessment rounds: create and edit them, every change audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput
from assessments.models import AssessmentRound, Facility


@dataclass(frozen=True)
class FacilityDetails:
    """Everything an administrator can set on a facility."""

    code: str
    name: str
    kecamatan: str = ""
    district: str = ""
    inpatient: bool = False
    delivery: bool = False
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    placeholder: bool = False


_FACILITY_FIELDS = ("code", "name", "kecamatan", "district", "inpatient", "delivery", "latitude", "longitude", "placeholder")


def save_facility(session: Session, details: FacilityDetails, actor: str, facility: Facility | None = None) -> Facility:
    """Create a facility, or update ``facility``; codes are unique whatever their case."""
    code = details.code.strip()
    clash = session.scalar(select(Facility).where(func.lower(Facility.code) == code.lower()))
    if clash is not None and clash is not facility:
        raise InvalidInput("facility code %(code)s is taken", code=code)
    if facility is None:
        facility = Facility(code=code, name=details.name)
        session.add(facility)
        session.flush()
    for field in _FACILITY_FIELDS:
        new = getattr(details, field)
        if isinstance(new, str):
            new = new.strip()
        record_change(session, actor, "facility", facility.code, field, getattr(facility, field), new, facility.id)
        setattr(facility, field, new)
    session.flush()
    return facility


def list_facilities(session: Session) -> Sequence[Facility]:
    return session.scalars(select(Facility).order_by(Facility.code)).all()


def create_round(session: Session, name: str, starts_on: dt.date, actor: str, synthetic: bool = False) -> AssessmentRound:
    """Open a new assessment round; names are unique."""
    name = name.strip()
    if session.scalar(select(AssessmentRound).where(func.lower(AssessmentRound.name) == name.lower())):
        raise InvalidInput("round %(name)s exists already", name=name)
    round_ = AssessmentRound(name=name, starts_on=starts_on, synthetic=synthetic)
    session.add(round_)
    session.flush()
    record_change(session, actor, "round", round_.id, "created", None, f"{name} ({starts_on.isoformat()})")
    return round_
