"""The unit-cost catalog: seeded from the indicator set into the database, priced by the district.

The indicator set names each item in both languages and gives a first price (an estimate, or
a published figure with its citation); the district's own price (unit cost, source document,
year, region, valid from, whether it is still an estimate) lives in ``cost_items`` and wins.
Every price an item has had is kept in ``cost_item_price_history``. Plan costs are computed from
here on every read, so a new price moves every plan total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion, Values, stale
from assessments.i18n.formats import format_rupiah
from assessments.models import CostItemPrice, CostItemPriceHistory, User
from assessments.permissions import can_administer
from scoring import IndicatorSet, Text

MAX_SOURCE = 300
MAX_REGION = 100
YEARS = (1900, 2200)
MAX_UNIT_COST = 100_000_000_000  # Rp 100 miliar: no single catalog unit costs more
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
    region: str = ""
    valid_from: dt.date | None = None
    version: int = 0  # 0 while the item has only the set's estimate, nothing stored


@dataclass(frozen=True)
class PriceChange:
    """What an administrator sets on a catalog item, or a price list brings."""

    unit_cost: int
    source: str
    year: int
    estimate: bool
    region: str = ""
    valid_from: dt.date | None = None


@dataclass(frozen=True)
class UnitPrice:
    """An item's unit cost as plans use it: whether it is sourced, its year, whether it is a material."""

    cost: int
    sourced: bool
    year: int
    material: bool = True


PRICE_FIELDS = ("unit_cost", "source", "year", "estimate", "region", "valid_from")


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
        row = CostItemPrice(code=item.code, unit_cost=item.cost, source=item.source, year=item.year,
                            estimate=item.estimate, region=item.region)
        session.add(row)
        session.add(_history(row, actor))
        record_change(session, actor, "cost_item", item.code, "unit_cost", None, item.cost)
        added += 1
    session.flush()
    return added


def _history(row: CostItemPrice, actor: str) -> CostItemPriceHistory:
    return CostItemPriceHistory(code=row.code, unit_cost=row.unit_cost, source=row.source, year=row.year,
                                region=row.region, estimate=row.estimate, valid_from=row.valid_from,
                                recorded_by=actor)


def unit_costs(session: Session, indicator_set: IndicatorSet) -> dict[str, UnitPrice]:
    """Each item's unit cost in whole rupiah: the district's price, else the set's first price."""
    kinds = {code: item.kind == "material" for code, item in indicator_set.cost_items.items()}
    costs = {code: UnitPrice(item.cost, not item.estimate, item.year, kinds[code])
             for code, item in indicator_set.cost_items.items()}
    costs.update({code: UnitPrice(row.unit_cost, not row.estimate, row.year, kinds.get(code, True))
                  for code, row in _stored(session).items()})
    return costs


def price_history(session: Session, code: str) -> list[CostItemPriceHistory]:
    """Every price ``code`` has had, oldest first."""
    query = select(CostItemPriceHistory).where(CostItemPriceHistory.code == code).order_by(CostItemPriceHistory.id)
    return list(session.scalars(query))


def cost_catalog(session: Session, indicator_set: IndicatorSet) -> list[CatalogEntry]:
    """Every item, in the set's order, then any stored item the set no longer has."""
    stored = _stored(session)
    entries = []
    for code, item in indicator_set.cost_items.items():
        row = stored.pop(code, None)
        if row is None:
            entries.append(CatalogEntry(code, item.name, item.unit, item.cost, item.source, item.year, item.estimate,
                                        item.region))
        else:
            entries.append(_entry(row, item.name, item.unit))
    entries += [_entry(r, None, None) for r in stored.values()]
    return entries


def _entry(row: CostItemPrice, name: Text | None, unit: Text | None) -> CatalogEntry:
    return CatalogEntry(row.code, name, unit, row.unit_cost, row.source, row.year, row.estimate, row.region,
                        row.valid_from, row.version)


def check_price(change: PriceChange) -> PriceChange:
    """``change`` with its texts trimmed, or InvalidInput for a price no district list would hold."""
    if change.unit_cost < 0:
        raise InvalidInput("a unit cost cannot be negative")
    if change.unit_cost > MAX_RUPIAH:
        raise InvalidInput("a unit cost cannot be more than %(limit)s", limit=format_rupiah(MAX_RUPIAH))
    if change.unit_cost > MAX_UNIT_COST:
        raise InvalidInput("a unit cost above %(limit)s is not plausible", limit=format_rupiah(MAX_UNIT_COST))
    if not YEARS[0] <= change.year <= YEARS[1]:
        raise InvalidInput("%(year)s is not a plausible year", year=change.year)
    source, region = change.source.strip(), change.region.strip()
    if "\x00" in source + region:
        raise InvalidInput("the text holds a NUL byte")
    if len(source) > MAX_SOURCE:
        raise InvalidInput("the source is longer than %(limit)d characters", limit=MAX_SOURCE)
    if len(region) > MAX_REGION:
        raise InvalidInput("the region is longer than %(limit)d characters", limit=MAX_REGION)
    return PriceChange(change.unit_cost, source, change.year, change.estimate, region, change.valid_from)


def set_price(session: Session, row: CostItemPrice, change: PriceChange, actor: str) -> bool:
    """Give ``row`` a checked ``change``: every changed field audited, a history row; False if unchanged."""
    if all(getattr(row, field) == getattr(change, field) for field in PRICE_FIELDS):
        return False
    for field in PRICE_FIELDS:
        new = getattr(change, field)
        record_change(session, actor, "cost_item", row.code, field, getattr(row, field), new)
        setattr(row, field, new)
    session.add(_history(row, actor))
    return True


def stored_prices(session: Session, indicator_set: IndicatorSet, actor: str) -> dict[str, CostItemPrice]:
    """Every stored price row by code, the set's missing items seeded first."""
    seed_cost_catalog(session, indicator_set, actor)
    return _stored(session)


def price_fields(price: CostItemPrice | CatalogEntry | PriceChange) -> dict[str, str | None]:
    """What the price form shows, as text: the values a stale form is compared on."""
    return {f: str(getattr(price, f)).strip() for f in ("unit_cost", "source", "year", "estimate")}


def update_price(
    session: Session, indicator_set: IndicatorSet, code: str, change: PriceChange, actor: User,
    *, expected_version: int | None = None, loaded: Values | None = None,
) -> CostItemPrice:
    """Set the district's price of an item (administrators only), every changed field audited.

    ``expected_version`` is the version the form was loaded at (0: nothing was stored yet;
    None: no check); a stale form raises ``StaleVersion`` naming the fields changed since
    ``loaded``.
    """
    if not can_administer(actor):
        raise PermissionDenied("only an administrator edits the cost catalog")
    checked = check_price(change)
    current = session.scalar(select(CostItemPrice).where(CostItemPrice.code == code))
    if expected_version is not None and expected_version != (current.version if current else 0):
        if current is None:
            raise StaleVersion(0, [])
        raise stale(current.version, loaded or {}, price_fields(current), price_fields(change))
    row = stored_prices(session, indicator_set, actor.username).get(code)
    if row is None:
        raise NotFound("unknown cost item %(code)s", code=code)
    set_price(session, row, checked, actor.username)
    session.flush()
    return row
