"""Remote-area freight: how much more material items cost delivered to each kecamatan.

The factor is whole percent (135 = +35 %), set by administrators, audited; a kecamatan without
one has none. ``scoring.costs`` applies it to material lines priced from the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import Facility, FreightFactor, User
from assessments.permissions import can_administer
from scoring.costs import MAX_FREIGHT, NO_FREIGHT, CostError, check_freight


@dataclass(frozen=True)
class KecamatanFreight:
    """A kecamatan with facilities, and its freight factor (100 = none)."""

    kecamatan: str
    percent: int


def freight_factors(session: Session) -> dict[str, int]:
    """The factor of every kecamatan that has one."""
    return {row.kecamatan: row.percent for row in session.scalars(select(FreightFactor))}


def list_freight(session: Session) -> list[KecamatanFreight]:
    """Every kecamatan that has a facility or a factor, by name, with its factor."""
    factors = freight_factors(session)
    names = set(session.scalars(select(distinct(Facility.kecamatan)).where(Facility.kecamatan != ""))) | set(factors)
    return [KecamatanFreight(name, factors.get(name, NO_FREIGHT)) for name in sorted(names)]


def set_freight(session: Session, kecamatan: str, percent: int, actor: User) -> None:
    """Set the freight factor of ``kecamatan`` (administrators only); 100 removes it. Audited."""
    if not can_administer(actor):
        raise PermissionDenied("only an administrator edits the cost catalog")
    name = " ".join(kecamatan.split())
    if not name or len(name) > 100 or "\x00" in name:
        raise InvalidInput("the kecamatan must be 1 to %(limit)d characters", limit=100)
    try:
        check_freight(percent)
    except CostError:
        raise InvalidInput("a freight factor is a whole percent from %(low)d to %(high)d",
                           low=NO_FREIGHT, high=MAX_FREIGHT) from None
    row = session.scalar(select(FreightFactor).where(FreightFactor.kecamatan == name))
    record_change(session, actor.username, "freight", name, "percent", row.percent if row else NO_FREIGHT, percent)
    if percent == NO_FREIGHT:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(FreightFactor(kecamatan=name, percent=percent))
    else:
        row.percent = percent
    session.flush()
