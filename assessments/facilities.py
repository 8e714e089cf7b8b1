"""Facilities: create and edit them (every change audited), find them, and what services they offer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound, Values, stale
from assessments.models import Facility
from scoring import FacilityProfile


@dataclass(frozen=True)
class FacilityDetails:
    """Everything an administrator can set on a facility."""

    code: str
    name: str
    kecamatan: str = ""
    district: str = ""
    inpatient: bool = False
    delivery: bool = False
    rainfall_sufficient: bool = False
    sewered: bool = False
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    dhis2_org_unit: str | None = None
    placeholder: bool = False


_FACILITY_FIELDS = ("code", "name", "kecamatan", "district", "inpatient", "delivery", "rainfall_sufficient", "sewered",
                    "latitude", "longitude", "dhis2_org_unit", "placeholder")

# A DHIS2 uid (11 characters, a letter then letters or digits) or a code: whatever the health office
# gave the unit, kept here to letters, digits and a few separators, starting with a letter or digit (so
# the CSV opened in a spreadsheet never holds a formula), and to DHIS2's 50 characters for a code.
_ORG_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.\-/]{0,49}")


_FORM_FIELDS = _FACILITY_FIELDS[:-1]  # the placeholder flag is not the administrator's to set


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.6f}"
    return str(value).strip() if isinstance(value, str) else str(value)


def facility_fields(facility: Facility | FacilityDetails) -> dict[str, str | None]:
    """What the facility form shows, as text: the values a stale form is compared on."""
    return {field: _as_text(getattr(facility, field)) for field in _FORM_FIELDS}


def check_org_unit(value: str | None) -> str | None:
    """A DHIS2 org unit as stored: stripped, None when empty; ``InvalidInput`` for anything else.

    Either a DHIS2 uid or a code within ``_ORG_UNIT``; the export sends it as it is, never guessed.
    """
    text = (value or "").strip()
    if not text:
        return None
    if not _ORG_UNIT.fullmatch(text):
        raise InvalidInput("DHIS2 org unit %(org_unit)s is not a DHIS2 uid or code (up to 50 letters, digits, "
                           "spaces, or _ . - /, starting with a letter or digit)", org_unit=text[:60])
    return text


def save_facility(
    session: Session, details: FacilityDetails, actor: str, facility: Facility | None = None,
    *, expected_version: int | None = None, loaded: Values | None = None,
) -> Facility:
    """Create a facility, or update ``facility``; codes are unique whatever their case.

    ``expected_version`` is the version the edit form was loaded at (None: no check); a stale
    form raises ``StaleVersion`` naming the fields changed since ``loaded``. The version
    column is the ORM's, so two saves racing meet at the update as well.
    """
    if facility is not None and expected_version is not None and expected_version != facility.version:
        raise stale(facility.version, loaded or {}, facility_fields(facility), facility_fields(details))
    code = details.code.strip()
    clash = session.scalar(select(Facility).where(func.lower(Facility.code) == code.lower()))
    if clash is not None and clash is not facility:
        raise InvalidInput("facility code %(code)s is taken", code=code)
    org_unit = check_org_unit(details.dhis2_org_unit)
    holder = None if org_unit is None else session.scalar(select(Facility).where(Facility.dhis2_org_unit == org_unit))
    if holder is not None and holder is not facility:
        raise InvalidInput("DHIS2 org unit %(org_unit)s is already that of facility %(code)s",
                           org_unit=org_unit, code=holder.code)
    if facility is None:
        facility = Facility(code=code, name=details.name)
        session.add(facility)
        session.flush()
    for field in _FACILITY_FIELDS:
        new = org_unit if field == "dhis2_org_unit" else getattr(details, field)
        if isinstance(new, str):
            new = new.strip()
        record_change(session, actor, "facility", facility.code, field, getattr(facility, field), new, facility.id)
        setattr(facility, field, new)
    session.flush()
    return facility


def list_facilities(session: Session) -> Sequence[Facility]:
    return session.scalars(select(Facility).order_by(Facility.code)).all()


FACILITY_KINDS = ("inpatient", "outpatient")


def facility_filters(text: str = "", kecamatan: str = "", kind: str = "") -> list[ColumnElement[bool]]:
    """The conditions of the facility lists' filters: a search in code, name and kecamatan, the
    kecamatan, and the kind (one of ``FACILITY_KINDS``, or "" for both); empty means no condition."""
    conditions: list[ColumnElement[bool]] = []
    text = text.strip().lower()
    if text:
        pattern = f"%{text}%"
        conditions.append(or_(func.lower(Facility.code).like(pattern), func.lower(Facility.name).like(pattern),
                              func.lower(Facility.kecamatan).like(pattern)))
    if kecamatan:
        conditions.append(Facility.kecamatan == kecamatan)
    if kind in FACILITY_KINDS:
        conditions.append(Facility.inpatient.is_(kind == "inpatient"))
    return conditions


@dataclass(frozen=True)
class FacilityPage:
    """One page of the facilities matching a filter, and how many match in all."""

    rows: Sequence[Facility]
    total: int
    page: int
    pages: int


def facility_page(
    session: Session, conditions: Sequence[ColumnElement[bool]], page: int, page_size: int,
    visible: Sequence[int] | None = None,
) -> FacilityPage:
    """The facilities (of ``visible``, when given) meeting ``conditions``, by code, one page of them."""
    statement = select(Facility).where(*conditions)
    if visible is not None:
        statement = statement.where(Facility.id.in_(visible))
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    rows = session.scalars(statement.order_by(Facility.code).limit(page_size).offset((page - 1) * page_size)).all()
    return FacilityPage(rows, total, page, pages)


def find_facility(session: Session, code: str) -> Facility:
    """The facility with ``code``; ``NotFound`` naming the code when there is none."""
    facility = session.scalar(select(Facility).where(Facility.code == code))
    if facility is None:
        raise NotFound("unknown facility code %(code)s", code=code)
    return facility


def facilities_by_code(session: Session, codes: Iterable[str]) -> list[Facility]:
    """The facilities with these codes; an unknown code raises ``NotFound`` naming it."""
    wanted = list(dict.fromkeys(codes))
    found = {f.code: f for f in session.scalars(select(Facility).where(Facility.code.in_(wanted)))}
    for code in wanted:
        if code not in found:
            raise NotFound("unknown facility code %(code)s", code=code)
    return [found[c] for c in wanted]


def profile_of(facility: Facility) -> FacilityProfile:
    """What the facility offers and has, which decides the indicators that apply to it.

    Twin: ``PROFILE_COLUMNS`` of ``assessments.scores.round_scores``, which reads the same fields in SQL.
    """
    return FacilityProfile(inpatient=facility.inpatient, delivery=facility.delivery,
                           rainfall_sufficient=facility.rainfall_sufficient, sewered=facility.sewered)
