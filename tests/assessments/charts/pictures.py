"""What the chart tests share: the chart words, and reading a PNG's size from its header."""

import struct
from decimal import Decimal

from assessments.charts import drawing

WORDS = drawing.ChartWords(
    percent_axis="Score (%)", target="Target 100%", no_score="nothing to score", no_data="Nothing to show yet",
    one_round_only="Only one round so far.", change_column="Change (points)",
    share_axis="Share of assessed facilities (%)", cost_axis="Cost (million rupiah)",
)

LEVELS = ("basic service", "limited service", "no service", "insufficient data")

def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, after checking the signature."""
    assert png[:8] == drawing.PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])

def chart_width() -> int:
    return round(drawing.WIDTH * drawing.DPI)

def d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
