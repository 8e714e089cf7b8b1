"""Case summaries of the AMP-SR team: check one against the code lists, add it, change it, list them.

Only the AMP-SR team and admins (``permissions.can_handle_audit_cases``) reach these functions'
rows; everyone else reads ``summaries``. The audit trail records a case's coded fields and never
its recommendation text, which is free text and could carry what the checks here missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assessments.audit import record_change
from assessments.death_audits.codes import AuditCodes
from assessments.death_audits.identifiers import identifying_value
from assessments.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from assessments.facilities import find_facility
from assessments.i18n.labels import N_
from assessments.models import RESPONSE_STATUSES, DeathAudit, User
from assessments.permissions import can_handle_audit_cases

MAX_RECOMMENDATION = 2000
_CODED_FIELDS = ("year", "month", "case_type", "place", "cause_group", "factors", "response_status")


@dataclass(frozen=True)
class CaseSummary:
    """A de-identified case as entered: a facility code, month and year, and codes."""

    facility_code: str
    year: int
    month: int
    case_type: str
    place: str
    cause_group: str
    factors: tuple[str, ...] = ()
    recommendation: str = ""
    response_status: str = "open"


@dataclass(frozen=True)
class CaseProblem:
    """What is wrong with one field of a case (``field`` None for the whole case)."""

    field: str | None
    message: str
    params: dict[str, object]


def check_case(codes: AuditCodes, case: CaseSummary, today: dt.date) -> list[CaseProblem]:
    """Every problem of ``case``: unknown codes, a month in the future, identifying text."""
    problems = []

    def bad(field: str | None, message: str, **params: object) -> None:
        problems.append(CaseProblem(field, message, params))

    if not 1 <= case.month <= 12:
        bad("month", N_("the month must be 1 to 12"))
    if not 2000 <= case.year <= today.year:
        bad("year", N_("the year must be between 2000 and %(year)d"), year=today.year)
    elif 1 <= case.month <= 12 and (case.year, case.month) > (today.year, today.month):
        bad("month", N_("the month is in the future"))
    for field, known in (("case_type", codes.case_types), ("place", codes.places), ("cause_group", codes.cause_groups)):
        value = getattr(case, field)
        if value not in known:
            bad(field, N_("unknown code %(code)s (known: %(known)s)"), code=value, known=", ".join(known))
    for factor in case.factors:
        if factor not in codes.factors:
            bad("factors", N_("unknown code %(code)s (known: %(known)s)"), code=factor, known=", ".join(codes.factors))
    if case.response_status not in RESPONSE_STATUSES:
        bad("response_status", N_("unknown code %(code)s (known: %(known)s)"), code=case.response_status,
            known=", ".join(RESPONSE_STATUSES))
    if len(case.recommendation) > MAX_RECOMMENDATION:
        bad("recommendation", N_("the text is longer than %(limit)d characters"), limit=MAX_RECOMMENDATION)
    elif (what := identifying_value(case.recommendation)) is not None:
        bad("recommendation", what)
    return problems


def _refuse(problems: list[CaseProblem]) -> None:
    if problems:
        first = problems[0]
        raise InvalidInput(first.message, **first.params)


def _require(actor: User) -> None:
    if not can_handle_audit_cases(actor):
        raise PermissionDenied("only the AMP-SR team and administrators may see or change death audit cases")


def _coded(case: DeathAudit) -> dict[str, object]:
    return {field: getattr(case, field) for field in _CODED_FIELDS}


def _normalised(case: CaseSummary) -> CaseSummary:
    return replace(case, factors=tuple(dict.fromkeys(case.factors)), recommendation=case.recommendation.strip())


def add_case(
    session: Session, codes: AuditCodes, case: CaseSummary, actor: User, today: dt.date, *,
    synthetic: bool = False, import_digest: str | None = None,
) -> DeathAudit:
    """Store one checked case summary (``InvalidInput`` for the first problem, nothing stored)."""
    _require(actor)
    case = _normalised(case)
    _refuse(check_case(codes, case, today))
    facility = find_facility(session, case.facility_code)
    row = DeathAudit(
        facility=facility, year=case.year, month=case.month, case_type=case.case_type, place=case.place,
        cause_group=case.cause_group, factors=" ".join(case.factors), recommendation=case.recommendation,
        response_status=case.response_status, synthetic=synthetic, import_digest=import_digest,
    )
    session.add(row)
    session.flush()
    for field, value in _coded(row).items():
        record_change(session, actor.username, "death_audit", row.id, field, None, value, facility.id)
    return row


def update_case(
    session: Session, codes: AuditCodes, row: DeathAudit, case: CaseSummary, actor: User, expected_version: int,
    today: dt.date,
) -> DeathAudit:
    """Change a stored case; ``StaleVersion`` when someone saved it since the form was loaded."""
    _require(actor)
    if row.version != expected_version:
        raise StaleVersion(row.version, [])
    case = _normalised(replace(case, facility_code=row.facility.code))
    _refuse(check_case(codes, case, today))
    before = _coded(row)
    recommendation_changed = row.recommendation != case.recommendation
    row.year, row.month, row.case_type, row.place = case.year, case.month, case.case_type, case.place
    row.cause_group, row.factors, row.response_status = case.cause_group, " ".join(case.factors), case.response_status
    row.recommendation = case.recommendation
    for field, value in _coded(row).items():
        record_change(session, actor.username, "death_audit", row.id, field, before[field], value, row.facility_id)
    if recommendation_changed:  # that it changed, never what it says
        record_change(session, actor.username, "death_audit", row.id, "recommendation", None, "changed",
                      row.facility_id)
    session.flush()
    return row


def get_case(session: Session, case_id: int, actor: User) -> DeathAudit:
    _require(actor)
    row = session.get(DeathAudit, case_id)
    if row is None:
        raise NotFound("unknown death audit case %(id)s", id=case_id)
    return row


def list_cases(session: Session, actor: User, facility_ids: Sequence[int] | None = None) -> Sequence[DeathAudit]:
    """Case rows, newest month first, for the AMP-SR team and admins only."""
    _require(actor)
    query = select(DeathAudit).options(selectinload(DeathAudit.facility)).order_by(
        DeathAudit.year.desc(), DeathAudit.month.desc(), DeathAudit.id.desc())
    if facility_ids is not None:
        query = query.where(DeathAudit.facility_id.in_(facility_ids))
    return session.scalars(query).all()
