"""An action's cost items: set them to exactly a list, audited in one readable value."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.models import PlanAction, PlanActionItem

_TIMES = "\u00d7"  # the multiplication sign between an item's code and its quantity
# The most of one item an action may ask for: far above any puskesmas's need (a few hundred
# tiles, a few thousand metres of pipe), far below the database's INTEGER (2^31 - 1).
MAX_QUANTITY = 1_000_000


def item_summary(items: Iterable[tuple[str, int, int | None]]) -> str:
    """Items as one audit value: ``CODE×quantity`` with ``@override`` when there is one."""
    return "; ".join(f"{code}×{qty}" + ("" if override is None else f"@{override}") for code, qty, override in items)


def parse_item_summary(summary: str | None) -> list[tuple[str, int, int | None]]:
    """The items an ``item_summary`` was made of (it is how a stale form carries them)."""
    items = []
    for part in (summary or "").split("; "):
        if _TIMES not in part:
            continue
        code, rest = part.split(_TIMES, 1)
        qty, _, override = rest.partition("@")
        if qty.isdigit() and (not override or override.isdigit()):
            items.append((code, int(qty), int(override) if override else None))
    return items


def stored_items(action: PlanAction) -> list[tuple[str, int, int | None]]:
    return [(i.cost_item_code, i.quantity, i.unit_cost_override) for i in action.items]


def replace_items(
    session: Session, action: PlanAction, items: Sequence[tuple[str, int, int | None]], actor: str
) -> bool:
    """Give ``action`` exactly ``items`` (code, quantity, override), audited; False when nothing changed."""
    before = stored_items(action)
    if sorted(before) == sorted(items):
        return False
    record_change(session, actor, "plan_action", action.id, "items", item_summary(before), item_summary(items),
                  action.facility_id)
    # Rows of codes that stay are updated in place: the flush inserts before it deletes, so
    # deleting and re-adding a code would trip the (action, item) unique constraint.
    by_code = {i.cost_item_code: i for i in action.items}
    kept = []
    for code, qty, override in items:
        item = by_code.pop(code, None) or PlanActionItem(cost_item_code=code)
        item.quantity, item.unit_cost_override = qty, override
        kept.append(item)
    action.items = kept
    return True
