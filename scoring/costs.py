"""The cost of an improvement action: Σ quantity × unit cost, in whole rupiah (integers only).

A unit-cost override set on the action wins over the catalog's figure. Floats and booleans
are refused, so a fraction of a rupiah can never creep into a plan.

Each line also says whether its unit cost rests on an estimate (the catalog's price is still
washfit's guess, or a person typed an override) or on a sourced price, so every total can be
split into the money a district can stand behind and the money it cannot yet.

**Freight.** Materials cost more where they must be carried far (Amfoang against Oelamasi): a
line of a material item priced from the catalog is multiplied by its facility's freight factor,
in whole percent (135 = +35 %), rounded half up to the rupiah. Services and meetings are not
carried, and an override is a person's own delivered figure: freight applies to neither. The
freight part of a line rests on whatever its price rests on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scoring.errors import ScoringError


class CostError(ScoringError):
    """A quantity or a unit cost that is not a whole number in range."""


NO_FREIGHT = 100
MAX_FREIGHT = 500  # five times the price: beyond that, price the line by hand


def check_freight(percent: object) -> int:
    """A freight factor in whole percent from 100 (none) to ``MAX_FREIGHT``, or CostError."""
    value = _whole(percent, "freight factor (%)", NO_FREIGHT)
    if value > MAX_FREIGHT:
        raise CostError(f"freight factor (%) must be at most {MAX_FREIGHT}, not {value}")
    return value


def _whole(value: object, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CostError(f"{what} must be a whole number, not {value!r}")
    if value < minimum:
        raise CostError(f"{what} must be at least {minimum}, not {value}")
    return value


@dataclass(frozen=True)
class CostLine:
    """One catalog item in an action: how many, the catalog's unit cost and an optional override.

    ``sourced`` is True when the catalog's price comes from a published price list; an override
    is a person's figure and always counts as an estimate.
    """

    item: str
    quantity: int
    catalog_cost: int
    override: int | None = None
    sourced: bool = False
    material: bool = False
    freight_percent: int = NO_FREIGHT

    def __post_init__(self) -> None:
        _whole(self.quantity, f"{self.item}: quantity", 1)
        _whole(self.catalog_cost, f"{self.item}: unit cost", 0)
        if self.override is not None:
            _whole(self.override, f"{self.item}: unit-cost override", 0)
        check_freight(self.freight_percent)

    @property
    def unit_cost(self) -> int:
        """The unit cost that counts: the override when there is one, else the catalog's."""
        return self.catalog_cost if self.override is None else self.override

    @property
    def carried(self) -> bool:
        """Whether freight applies: a material item at the catalog's price, to a remote facility."""
        return self.material and self.override is None and self.freight_percent != NO_FREIGHT

    @property
    def total(self) -> int:
        if self.carried:
            return (self.quantity * self.catalog_cost * self.freight_percent + 50) // 100
        return self.quantity * self.unit_cost

    @property
    def estimated(self) -> bool:
        """Whether this line's money rests on an estimate rather than a sourced price."""
        return self.override is not None or not self.sourced


def action_cost(lines: Iterable[CostLine]) -> int:
    """Σ quantity × unit cost over an action's lines; 0 for an action without items."""
    return sum(line.total for line in lines)


def estimated_cost(lines: Iterable[CostLine]) -> int:
    """The part of ``action_cost`` that rests on estimates (see ``CostLine.estimated``)."""
    return sum(line.total for line in lines if line.estimated)


def estimated_share(estimated: int, total: int) -> int:
    """Whole percent of ``total`` resting on estimates, rounded half up; 0 for a zero total."""
    _whole(estimated, "estimated amount", 0)
    _whole(total, "total", 0)
    if estimated > total:
        raise CostError(f"estimated amount {estimated} exceeds the total {total}")
    return (200 * estimated + total) // (2 * total) if total else 0
