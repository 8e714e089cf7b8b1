"""The audit trail: every change to a stored value writes who, when, what, from and to."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from assessments.models import AuditEntry


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def record_change(
    session: Session,
    username: str,
    entity: str,
    entity_id: object,
    field: str,
    old: object,
    new: object,
    facility_id: int | None = None,
) -> AuditEntry | None:
    """Add an audit entry when ``old`` and ``new`` differ; return it (or None when equal)."""
    if _text(old) == _text(new):
        return None
    entry = AuditEntry(
        username=username, entity=entity, entity_id=str(entity_id), field=field,
        old_value=_text(old), new_value=_text(new), facility_id=facility_id,
    )
    session.add(entry)
    return entry


# Entities whose entries describe single death audit cases: shown only to the AMP-SR team and admins.
CASE_LEVEL_ENTITIES = ("death_audit",)


def facility_history(
    session: Session, facility_id: int, limit: int = 200, *, case_level: bool = False
) -> Sequence[AuditEntry]:
    """The newest changes recorded against a facility; death audit cases only when ``case_level``."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.facility_id == facility_id)
        .where(true() if case_level else AuditEntry.entity.not_in(CASE_LEVEL_ENTITIES))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()
