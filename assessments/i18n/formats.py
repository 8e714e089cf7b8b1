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


def parse_rupiah(text: str) -> int:
    """Whole rupiah from what people type: ``500000000``, ``500.000.000`` or ``Rp 500.000.000``.

    Dots and spaces are thousands separators. A comma is refused rather than guessed at: in
    Bahasa Indonesia it marks decimals, and there are no fractions of a rupiah.

    :raises ValueError: for anything else, negative amounts included.
    """
    cleaned = text.strip()
    if cleaned[:2].lower() == "rp":
        cleaned = cleaned[2:]
    cleaned = cleaned.replace(".", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned.isdigit() or not cleaned.isascii():
        raise ValueError(f"{text!r} is not a whole number of rupiah")
    return int(cleaned)
