"""The unit-cost catalog: seeded from the indicator set into the database, priced by the district.

The indicator set names each item in both languages and gives a first estimate; the district's
own price (unit cost, source, year, whether it is still an estimate) lives in ``cost_items`` and
wins. Plan costs are computed from here on every read, so a new price moves every plan total.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound, PermissionDenied
from assessments.i18n.formats import format_rupiah
from assessments.models import CostItemPrice, User
from assessments.permissions import can_administer
from scoring import IndicatorSet, Text

MAX_SOURCE = 300
YEARS = (1900, 2200)
# The most any rupiah amount may be (a price, an override, a budget): a thousand trillion, a
# thousand times a province's yearly health budget, and well inside BIGINT (about 9.2 * 10^18).
MAX_RUPIAH = 10**15


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog item as plans use it: the set's name and unit, the district's price."""

    code: str
    name: Text | None  # None when the item is no longer in the indicator set
    unit: Text | None
    unit_cost: int
    source: str
    year: int
    estimate: bool


@dataclass(frozen=True)
class PriceChange:
    """What an administrator sets on a catalog item."""

    unit_cost: int
    source: str
    year: int
    estimate: bool


def _stored(session: Session) -> dict[str, CostItemPrice]:
    return {row.code: row for row in session.scalars(select(CostItemPrice))}


def seed_cost_catalog(session: Session, indicator_set: IndicatorSet, actor: str) -> int:
    """Store the set's items the database lacks, at the set's prices; return how many were added.

    Items already stored keep the district's price: seeding never overwrites an edit.
    """
    stored = _stored(session)
    added = 0
    for item in indicator_set.cost_items.values():
        if item.code in stored:
            continue
        session.add(CostItemPrice(code=item.code, unit_cost=item.cost, source=item.source, year=item.year,
                                  estimate=item.estimate))
        record_change(session, actor, "cost_item", item.code, "unit_cost", None, item.cost)
        added += 1
    session.flush()
    return added


def unit_costs(session: Session, indicator_set: IndicatorSet) -> dict[str, int]:
    """Each item's unit cost in whole rupiah: the district's price, else the set's estimate."""
    costs = {code: item.cost for code, item in indicator_set.cost_items.items()}
    costs.update({code: row.unit_cost for code, row in _stored(session).items()})
    return costs


def cost_catalog(session: Session, indicator_set: IndicatorSet) -> list[CatalogEntry]:
    """Every item, in the set's order, then any stored item the set no longer has."""
    stored = _stored(session)
    entries = []
    for code, item in indicator_set.cost_items.items():
        row = stored.pop(code, None)
        entries.append(CatalogEntry(
            code, item.name, item.unit,
            unit_cost=row.unit_cost if row else item.cost, source=row.source if row else item.source,
            year=row.year if row else item.year, estimate=row.estimate if row else item.estimate,
        ))
    entries += [CatalogEntry(r.code, None, None, r.unit_cost, r.source, r.year, r.estimate) for r in stored.values()]
    return entries


def update_price(
    session: Session, indicator_set: IndicatorSet, code: str, change: PriceChange, actor: User
) -> CostItemPrice:
    """Set the district's price of an item (administrators only), every changed field audited."""
    if not can_administer(actor):
        raise PermissionDenied("only an administrator edits the cost catalog")
    if change.unit_cost < 0:
        raise InvalidInput("a unit cost cannot be negative")
    if change.unit_cost > MAX_RUPIAH:
        raise InvalidInput("a unit cost cannot be more than %(limit)s", limit=format_rupiah(MAX_RUPIAH))
    if not YEARS[0] <= change.year <= YEARS[1]:
        raise InvalidInput("%(year)s is not a plausible year", year=change.year)
    source = change.source.strip()
    if len(source) > MAX_SOURCE:
        raise InvalidInput("the source is longer than %(limit)d characters", limit=MAX_SOURCE)
    seed_cost_catalog(session, indicator_set, actor.username)
    row = session.scalar(select(CostItemPrice).where(CostItemPrice.code == code))
    if row is None:
        raise NotFound("unknown cost item %(code)s", code=code)
    for field, new in (("unit_cost", change.unit_cost), ("source", source), ("year", change.year),
                       ("estimate", change.estimate)):
        record_change(session, actor.username, "cost_item", code, field, getattr(row, field), new)
        setattr(row, field, new)
    session.flush()
    return row
