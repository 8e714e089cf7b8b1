"""How numbers look to people: percentages with one decimal, rupiah with dot separators."""

from __future__ import annotations

from decimal import Decimal


def format_percent(value: Decimal | None) -> str:
    """``62.5%``, or an em dash when there is nothing to score."""
    return "—" if value is None else f"{value}%"


def format_rupiah(amount: int) -> str:
    """``Rp 1.250.000``: whole rupiah with Indonesian thousands separators."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")
