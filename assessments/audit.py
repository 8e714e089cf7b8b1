"""The audit trail: every change to a stored value writes who, when, what, from and to."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import event
from sqlalchemy.orm import Session

from assessments.models import AuditEntry

# session.info key of the running transaction's change set: (id, time) shared by its entries.
_CHANGE_SET = "audit_change_set"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _change_set(session: Session) -> tuple[str, dt.datetime]:
    """The id and time every entry of this transaction shares, so one save reads as one change."""
    current = session.info.get(_CHANGE_SET)
    if current is None:
        current = session.info[_CHANGE_SET] = (uuid.uuid4().hex, dt.datetime.now(dt.UTC))
    return current


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _end_change_set(session: Session) -> None:
    """The next transaction of the same session is a change of its own."""
    session.info.pop(_CHANGE_SET, None)


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
    change_set, at = _change_set(session)
    entry = AuditEntry(
        username=username, entity=entity, entity_id=str(entity_id), field=field,
        old_value=_text(old), new_value=_text(new), facility_id=facility_id, change_set=change_set, at=at,
    )
    session.add(entry)
    return entry


# Entities whose entries describe single death audit cases: shown only to the AMP-SR team and admins.
CASE_LEVEL_ENTITIES = ("death_audit",)
