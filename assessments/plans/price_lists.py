"""The district's price list (its SSH) brought into the catalog in one step: map, preview, apply.

A price list has thousands of lines; a few dozen price washfit's catalog items. Which ones is
the **mapping** (``price_list_mappings``): the district's item code or item name, folded, to a
catalog code, kept in the database so next year's list maps by itself. Reading the file is
``assessments.excel.price_list_reader``'s job; this module takes its plain rows.

``preview_price_list`` says, line by line, what an import would do and how the plan totals and
the share resting on estimates would move; ``apply_price_list`` does exactly that or nothing.
Lines nobody mapped are left alone; a mapped line whose unit is not the item's (and no
conversion stated in the mapping) is refused and leaves its item's price as it is. A price of
zero or beyond belief, two lines for one item, or a list older than a sourced price already
stored refuse the whole file: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound, PermissionDenied
from assessments.i18n.labels import N_
from assessments.models import CostItemPrice, PriceListMapping, User
from assessments.permissions import can_administer
from assessments.plans.actions import PlanTotals, list_plan_actions, plan_totals
from assessments.plans.prices import (
    MAX_UNIT_COST,
    YEARS,
    PriceChange,
    check_price,
    set_price,
    stored_prices,
    unit_costs,
)
from scoring import IndicatorSet

MAX_KEY = 200
MAX_UNIT = 40
MAX_PER_ITEM = 100_000

UNIT_MISMATCH = N_("the unit %(unit)s is not the unit of %(code)s (%(item_unit)s); state a conversion in the mapping")

# What a line of the preview does. Only "change" writes; "refused" and "unmapped" never do.
CHANGE, SAME, REFUSED, UNMAPPED = "change", "same", "refused", "unmapped"


def fold(text: str) -> str:
    """A code, name or unit as compared: case and runs of spaces ignored."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class PriceListRow:
    """One line of a price list as read from the file; ``line`` is its row number there."""

    line: int
    code: str
    name: str
    specification: str
    unit: str
    unit_price: int
    document: str = ""
    year: int | None = None


@dataclass(frozen=True)
class PriceListInfo:
    """What holds for the whole list unless a line says otherwise: its document, year, region."""

    document: str
    year: int | None
    region: str
    valid_from: dt.date | None = None


@dataclass(frozen=True)
class PreviewLine:
    """What the import does with one line of the list."""

    row: PriceListRow
    outcome: str  # CHANGE, SAME, REFUSED or UNMAPPED
    item_code: str | None = None
    mapped_by: str = ""  # "code" or "name"
    old_price: int | None = None
    new_price: int | None = None
    reason: str = ""  # message id of a refusal
    reason_params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class PricePreview:
    """Every line's outcome, what blocks the whole file, and the plan totals before and after."""

    lines: tuple[PreviewLine, ...]
    errors: tuple[InvalidInput, ...]  # each blocks the import: nothing is written
    before: PlanTotals
    after: PlanTotals
    fingerprint: str  # of the stored prices the preview was made against

    @property
    def changes(self) -> list[PreviewLine]:
        return [line for line in self.lines if line.outcome == CHANGE]

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)


@dataclass(frozen=True)
class MappingEntry:
    """A mapping as the admin page lists it."""

    key: str
    cost_item_code: str
    list_unit: str
    per_item: int


MAX_CARRIED = 2_000  # mapped lines a confirmation form may carry back


def rows_to_json(lines: tuple[PreviewLine, ...]) -> str:
    """The mapped lines of a preview, to carry through the confirmation form."""
    return json.dumps([[r.line, r.code, r.name, r.specification, r.unit, r.unit_price, r.document, r.year]
                       for r in (line.row for line in lines if line.outcome != UNMAPPED)][:MAX_CARRIED])


def rows_from_json(text: str) -> list[PriceListRow]:
    """Lines carried back by the confirmation form, or InvalidInput; they are checked again on import."""
    try:
        data = json.loads(text)
        rows = [PriceListRow(int(v[0]), str(v[1]), str(v[2]), str(v[3]), str(v[4]), int(v[5]), str(v[6]),
                             None if v[7] is None else int(v[7])) for v in data[:MAX_CARRIED]]
    except (ValueError, TypeError, IndexError, KeyError, RecursionError):
        raise InvalidInput("the confirmation form is damaged; upload the price list again") from None
    if any(type(v) is not list or len(v) != 8 for v in data):
        raise InvalidInput("the confirmation form is damaged; upload the price list again")
    return rows


# -- the mapping ---------------------------------------------------------------------------------

def list_mappings(session: Session) -> list[MappingEntry]:
    rows = session.scalars(select(PriceListMapping).order_by(PriceListMapping.cost_item_code, PriceListMapping.key))
    return [MappingEntry(r.key, r.cost_item_code, r.list_unit, r.per_item) for r in rows]


def _require_admin(actor: User) -> None:
    if not can_administer(actor):
        raise PermissionDenied("only an administrator edits the cost catalog")


def map_price_item(
    session: Session, indicator_set: IndicatorSet, key: str, item_code: str, actor: User,
    list_unit: str = "", per_item: int = 1,
) -> PriceListMapping:
    """Map the district's item ``key`` (its code or name) to ``item_code``, audited.

    A key already mapped to another item is refused: one district item prices one catalog
    item. ``list_unit`` and ``per_item`` state a unit conversion (``per_item`` of the list's
    ``list_unit`` make one catalog unit); without them the list's unit must be the item's.
    """
    _require_admin(actor)
    folded = fold(key)
    if not folded or len(folded) > MAX_KEY or "\x00" in folded:
        raise InvalidInput("the price-list item code or name must be 1 to %(limit)d characters", limit=MAX_KEY)
    unit = fold(list_unit)
    if len(unit) > MAX_UNIT or "\x00" in unit:
        raise InvalidInput("the unit is longer than %(limit)d characters", limit=MAX_UNIT)
    if not 1 <= per_item <= MAX_PER_ITEM or (per_item != 1 and not unit):
        raise InvalidInput("a unit conversion needs the list's unit and a whole number from 1 to %(limit)d",
                           limit=MAX_PER_ITEM)
    if item_code not in stored_prices(session, indicator_set, actor.username):
        raise NotFound("unknown cost item %(code)s", code=item_code)
    row = session.scalar(select(PriceListMapping).where(PriceListMapping.key == folded))
    if row is not None and row.cost_item_code != item_code:
        raise InvalidInput("%(key)s is already mapped to %(code)s; remove that mapping first",
                           key=folded, code=row.cost_item_code)
    if row is None:
        row = PriceListMapping(key=folded, cost_item_code=item_code)
        session.add(row)
    for field, new in (("cost_item_code", item_code), ("list_unit", unit), ("per_item", per_item)):
        record_change(session, actor.username, "price_list_mapping", folded, field, getattr(row, field, None), new)
        setattr(row, field, new)
    session.flush()
    return row


def unmap_price_item(session: Session, key: str, actor: User) -> None:
    """Remove the mapping of ``key``, audited."""
    _require_admin(actor)
    row = session.scalar(select(PriceListMapping).where(PriceListMapping.key == fold(key)))
    if row is None:
        raise NotFound("%(key)s is not mapped", key=fold(key))
    record_change(session, actor.username, "price_list_mapping", row.key, "cost_item_code", row.cost_item_code, None)
    session.delete(row)
    session.flush()


# -- preview and apply ---------------------------------------------------------------------------

def _units(indicator_set: IndicatorSet, code: str) -> set[str]:
    item = indicator_set.cost_items.get(code)
    return {fold(item.unit.id), fold(item.unit.en)} if item else set()


def _mapped(row: PriceListRow, mappings: dict[str, PriceListMapping]) -> tuple[PriceListMapping | None, str]:
    for how, key in (("code", row.code), ("name", row.name)):
        if key and fold(key) in mappings:
            return mappings[fold(key)], how
    return None, ""


def _line(row: PriceListRow, mapping: PriceListMapping, how: str, indicator_set: IndicatorSet,
          stored: dict[str, CostItemPrice]) -> PreviewLine:
    code = mapping.cost_item_code
    unit = fold(row.unit)
    current = stored[code]
    if unit in _units(indicator_set, code):
        price = row.unit_price
    elif mapping.list_unit and unit == mapping.list_unit:
        price = row.unit_price * mapping.per_item
    else:
        item_unit = indicator_set.cost_items[code].unit.id if code in indicator_set.cost_items else "?"
        return PreviewLine(row, REFUSED, code, how, current.unit_cost, None,
                           UNIT_MISMATCH, (("unit", row.unit), ("code", code), ("item_unit", item_unit)))
    return PreviewLine(row, SAME if price == current.unit_cost else CHANGE, code, how, current.unit_cost, price)


def _year(row: PriceListRow, info: PriceListInfo) -> int | None:
    return row.year if row.year is not None else info.year


def _change(line: PreviewLine, info: PriceListInfo) -> PriceChange:
    """The sourced price a line sets; only for a line ``_errors`` found nothing wrong with."""
    year = _year(line.row, info)
    if year is None or line.new_price is None:
        raise InvalidInput("row %(line)d: the year of the price is missing; give it in the file or with the import",
                           line=line.row.line)
    valid_from = info.valid_from or dt.date(year, 1, 1)
    return PriceChange(line.new_price, line.row.document or info.document, year, False, info.region, valid_from)


def _errors(lines: list[PreviewLine], info: PriceListInfo, stored: dict[str, CostItemPrice]) -> list[InvalidInput]:
    """What refuses the whole file: absurd prices, missing or old years, an item priced twice."""
    errors: list[InvalidInput] = []
    applied = [line for line in lines if line.outcome in (CHANGE, SAME)]
    for line in applied:
        row = line.row
        year = _year(row, info)
        if line.new_price is not None and not 0 < line.new_price <= MAX_UNIT_COST:
            errors.append(InvalidInput("row %(line)d: a price of %(price)s is not a unit price (zero or beyond "
                                       "Rp 100 miliar)", line=row.line, price=line.new_price))
        elif year is None:
            errors.append(InvalidInput("row %(line)d: the year of the price is missing; give it in the file or "
                                       "with the import", line=row.line))
        elif not YEARS[0] <= year <= YEARS[1]:
            errors.append(InvalidInput("%(year)s is not a plausible year", year=year))
        else:
            current = stored[line.item_code or ""]
            if not current.estimate and current.year > year:
                errors.append(InvalidInput(
                    "row %(line)d: this list is from %(year)d but %(code)s already has a sourced price from "
                    "%(current)d; an older list never overwrites a newer price",
                    line=row.line, year=year, code=current.code, current=current.year))
            else:
                try:
                    check_price(_change(line, info))
                except InvalidInput as exc:
                    errors.append(exc)
    twice = Counter(line.item_code for line in lines if line.outcome != UNMAPPED)
    for code, count in sorted((c, n) for c, n in twice.items() if c and n > 1):
        rows = ", ".join(str(line.row.line) for line in lines if line.item_code == code)
        errors.append(InvalidInput("%(code)s is priced by %(count)d lines of the list (rows %(rows)s); keep one",
                                   code=code, count=count, rows=rows))
    return errors


def _fingerprint(stored: dict[str, CostItemPrice], mappings: dict[str, PriceListMapping]) -> str:
    digest = hashlib.sha256()
    for code in sorted(stored):
        row = stored[code]
        digest.update(f"{code}|{row.unit_cost}|{row.year}|{row.estimate}|{row.source}|{row.region}\n".encode())
    for key in sorted(mappings):
        m = mappings[key]
        digest.update(f"{key}>{m.cost_item_code}|{m.list_unit}|{m.per_item}\n".encode())
    return digest.hexdigest()[:32]


def preview_price_list(
    session: Session, indicator_set: IndicatorSet, rows: list[PriceListRow], info: PriceListInfo, actor: User
) -> PricePreview:
    """What importing ``rows`` would change, line by line, and the plan totals before and after."""
    _require_admin(actor)
    stored = stored_prices(session, indicator_set, actor.username)
    mappings = {m.key: m for m in session.scalars(select(PriceListMapping))}
    lines = []
    for row in rows:
        mapping, how = _mapped(row, mappings)
        lines.append(PreviewLine(row, UNMAPPED) if mapping is None else _line(row, mapping, how, indicator_set, stored))
    errors = _errors(lines, info, stored)
    prices = unit_costs(session, indicator_set)
    before = plan_totals(list_plan_actions(session, indicator_set, prices=prices))
    for line in lines:
        if line.outcome in (CHANGE, SAME) and line.item_code and line.new_price is not None:
            old = prices[line.item_code]
            prices[line.item_code] = replace(old, cost=line.new_price, sourced=True,
                                             year=_year(line.row, info) or old.year)
    after = plan_totals(list_plan_actions(session, indicator_set, prices=prices))
    return PricePreview(tuple(lines), tuple(errors), before, after, _fingerprint(stored, mappings))


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: the preview it carried out and how many prices it set."""

    preview: PricePreview
    updated: int


def apply_price_list(
    session: Session, indicator_set: IndicatorSet, rows: list[PriceListRow], info: PriceListInfo, actor: User,
    *, name: str, expected: str | None = None,
) -> ImportResult:
    """Import the list as previewed, or nothing: every blocking problem raised, all in one refusal.

    ``expected`` is the fingerprint of the preview the person confirmed; when prices or mappings
    changed since, the import is refused so nobody applies a preview they did not see.
    """
    preview = preview_price_list(session, indicator_set, rows, info, actor)
    if preview.errors:
        raise PriceListRefused(list(preview.errors))
    if expected is not None and expected != preview.fingerprint:
        raise InvalidInput("the prices or the mapping changed since the preview; preview the list again")
    stored = stored_prices(session, indicator_set, actor.username)
    updated = 0
    for line in preview.lines:
        if line.outcome in (CHANGE, SAME) and line.item_code:
            updated += set_price(session, stored[line.item_code], check_price(_change(line, info)), actor.username)
    record_change(session, actor.username, "price_list", name[:200], "imported", None,
                  f"{updated} prices; {preview.count(REFUSED)} lines refused; {preview.count(UNMAPPED)} not mapped")
    session.flush()
    return ImportResult(preview, updated)


class PriceListRefused(InvalidInput):
    """Problems that refuse a whole price list; ``problems`` lists them all."""

    def __init__(self, problems: list[InvalidInput]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, **first.params)
