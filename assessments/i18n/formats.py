"""How numbers and dates look to people: percentages with one decimal, rupiah with dot separators,
dates as a district office writes them (``3 Mei 2025``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def format_date(value: dt.date | None, lang: str) -> str:
    """``3 Mei 2025`` (``3 May 2025`` in English): day, month name, year; an em dash for none.

    The month is written out so that 03/05 can never be read as 5 March or 3 May.
    """
    if value is None:
        return "—"
    months = MONTHS.get(lang, MONTHS["id"])
    return f"{value.day} {months[value.month - 1]} {value.year}"


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
