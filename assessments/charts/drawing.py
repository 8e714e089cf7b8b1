"""Charts as PNG bytes: a facility's domain profile and its change between rounds, the district
heat map, the JMP service ladder and the plan cost.

Takes plain frozen data that is already in the reader's language (the web layer translates; this
module never imports Flask or Babel) and draws with matplotlib's object API on an Agg canvas, never
``pyplot``, which keeps every figure alive in a long-running server.

What every chart promises:
- percentages sit on a fixed, zero-based 0–100 axis, so facilities and rounds compare by eye;
- colours come from one blue hue, light to dark (the same bands as the score tables), which
  colour-blind readers and greyscale printers both read by lightness; categories that lightness
  cannot tell apart also differ by hatching or marker shape; "no score" is written out (and hatched
  in the heat map), never a colour or a bar that could pass for a score;
- the same data gives the very same bytes from an in-process LRU cache: the chart's data (words
  included, so each language has its own entry) is the key, so a changed score is a new key and
  can never be served a stale picture.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Colormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.typing import ColorType
from PIL import Image

DPI = 100  # 850 px wide: the chart's box on a wide screen, and light enough for 3G (issue 19)
WIDTH = 8.5  # inches; 110 dpi across an A4 page's text width when printed
CACHE_SIZE = 64  # per chart kind; a PNG is 10–60 kB, so the cache stays under ~20 MB
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PALETTE_COLOURS = 24  # the blues, the greys, the orange of "late" and the text's soft edges; the colour bar in steps

INK = "#1b1f24"
MUTED = "#555f6b"
BAR = "#2171b5"  # .band-4 of the score tables
FAINT = "#6baed6"  # .band-3
NO_SCORE_HATCH = "///"
HEAT_COLOURS: Colormap = colormaps["Blues"]
# The JMP rungs, darkest (best) to lightest; insufficient data is white and hatched.
# Advanced, basic, limited, no service, insufficient data; a ladder without advanced uses the last four.
LADDER_COLOURS = ("#08306b", "#08519c", "#6baed6", "#deebf7", "#ffffff")
LADDER_HATCHES = ("", "", "", "..", NO_SCORE_HATCH)


@dataclass(frozen=True)
class ChartWords:
    """The fixed words on the charts, in the reader's language."""

    percent_axis: str  # "Score (%)"
    target: str  # "Target 100 %"
    no_score: str  # "nothing to score"
    no_data: str  # "Nothing to show yet"
    one_round_only: str  # "Only one round so far: no change to show yet"
    change_column: str  # "Change (points)"
    share_axis: str  # "Share of assessed facilities (%)"
    cost_axis: str  # "Cost (million rupiah)"


@dataclass(frozen=True)
class Bar:
    """One labelled percentage; None when there was nothing to score."""

    label: str
    value: Decimal | None


@dataclass(frozen=True)
class DomainProfile:
    """A facility's domain scores in one round, drawn against the 100 % target."""

    title: str
    domains: tuple[Bar, ...]


@dataclass(frozen=True)
class DomainMove:
    """A domain's score in the earlier and the later round (None: no score, or no earlier round)."""

    label: str
    before: Decimal | None
    after: Decimal | None


@dataclass(frozen=True)
class RoundChange:
    """A facility's domain scores in two rounds; ``before_round`` is None when it has only one."""

    title: str
    before_round: str | None
    after_round: str
    domains: tuple[DomainMove, ...]


@dataclass(frozen=True)
class HeatRow:
    """A row of the heat map: a facility (``code``, which the dashboard's table links), or a group
    of them (no code), and one percentage per column."""

    label: str
    values: tuple[Decimal | None, ...]
    code: str | None = None


@dataclass(frozen=True)
class HeatMap:
    """Rows × domains; ``note`` says what a row is (facility, kecamatan mean, page) and the key."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    note: str = ""


@dataclass(frozen=True)
class LadderArea:
    """How many facilities stand on each rung in one JMP service area, in ``ServiceLadder.levels`` order."""

    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ServiceLadder:
    """The JMP ladder per service area: (advanced,) basic, limited, no service, insufficient data."""

    title: str
    levels: tuple[str, ...]
    areas: tuple[LadderArea, ...]


@dataclass(frozen=True)
class CostBar:
    """An amount of whole rupiah with its label as printed (``Rp 12.500.000``); hatched when unfunded."""

    label: str
    rupiah: int
    amount: str
    hatched: bool = False


@dataclass(frozen=True)
class PlanCost:
    """The plan's cost split two ways that add up to the same total."""

    title: str
    by_domain_title: str
    by_domain: tuple[CostBar, ...]
    by_funding_title: str
    by_funding: tuple[CostBar, ...]


# -- drawing helpers ----------------------------------------------------------------------------

def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    """The figure as a palette PNG; no "Software" stamp, so equal data gives equal bytes across versions.

    Agg draws in 24-bit colour with soft edges, which makes a heat map of 26 rows some 230 kB; the
    charts use a handful of blues, greys and white, so PALETTE_COLOURS colours keep them looking
    the same at a quarter of the weight (a page with its images stays under 150 kB on 3G, issue 19).
    The canvas's pixels go to the palette as they are drawn: the same pixels as ``savefig`` would
    write, without its 24-bit PNG being compressed only to be read back (a fifth of a heat map's
    time).
    """
    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):  # every figure here gets one in _figure
        raise TypeError("a chart is drawn on an Agg canvas")
    # matplotlib ships backend_agg without annotations: these two calls are untyped.
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    drawn = Image.frombuffer("RGBA", canvas.get_width_height(), pixels, "raw", "RGBA", 0, 1)
    palette = drawn.convert("RGB").quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def _wrap(label: str, width: int = 30) -> str:
    return textwrap.fill(label, width)


def _title(figure: Figure, title: str) -> None:
    figure.suptitle(_wrap(title, 80), fontsize=12, color=INK, x=0.01, ha="left")


def _note(figure: Figure, note: str) -> None:
    """A footnote under the axes; as the figure's x label, the layout makes room for it."""
    figure.supxlabel(_wrap(note, 130), fontsize=8, color=MUTED, x=0.01, ha="left")


def _text_colour(background: ColorType) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG relative luminance)."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(background)]
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return INK if (luminance + 0.05) / 0.06 >= 1.05 / (luminance + 0.05) else "white"  # INK's own is ~0.01


def _empty(title: str, message: str) -> bytes:
    figure = _figure(2.0)
    _title(figure, title)
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color=MUTED, transform=ax.transAxes)
    return _png(figure)


def _percent_axis(ax: Axes, words: ChartWords, rows: int) -> None:
    """The shared 0–100 axis: zero-based, gridded every 20 points, rows top to bottom."""
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel(words.percent_axis, color=INK)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.grid(axis="x", color="#d0d7de", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# -- the charts ---------------------------------------------------------------------------------

@lru_cache(maxsize=CACHE_SIZE)
def domain_profile(data: DomainProfile, words: ChartWords) -> bytes:
    """Horizontal bars of each domain's score on a 0–100 axis, with the 100 % target marked."""
    rows = len(data.domains)
    if rows == 0:
        return _empty(data.title, words.no_data)
    figure = _figure(1.5 + 0.5 * rows)
    _title(figure, data.title)
    ax = figure.add_subplot()
    _percent_axis(ax, words, rows)
    for y, bar in enumerate(data.domains):
        if bar.value is None:  # no bar at all: a bar's length would read as a score
            ax.text(1, y, f"— {words.no_score}", va="center", fontsize=9, color=MUTED)
            continue
        value = float(bar.value)
        ax.barh(y, value, height=0.6, color=BAR)
        inside = value >= 18
        ax.text(value - 1 if inside else value + 1, y, f"{bar.value}%", va="center",
                ha="right" if inside else "left", fontsize=9, color="white" if inside else INK,
                fontweight="bold")
    ax.axvline(100, color=INK, linestyle="--", linewidth=1.2)
    ax.text(100, -0.5, words.target, ha="right", va="bottom", fontsize=9, color=INK)
    ax.set_yticks(range(rows), [_wrap(b.label) for b in data.domains], fontsize=9)
    return _png(figure)


@lru_cache(maxsize=CACHE_SIZE)
def round_change(data: RoundChange, words: ChartWords) -> bytes:
    """A dumbbell per domain: hollow circle for the earlier round, filled for the later, change at the right."""
    rows = len(data.domains)
    if rows == 0:
        return _empty(data.title, words.no_data)
    figure = _figure(1.9 + 0.5 * rows)
    _title(figure, data.title)
    ax = figure.add_subplot()
    _percent_axis(ax, words, rows)
    for y, move in enumerate(data.domains):
        if move.before is not None and move.after is not None:
            ax.annotate("", xy=(float(move.after), y), xytext=(float(move.before), y),
                        arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 2})
        if move.before is not None:
            ax.plot(float(move.before), y, "o", markersize=10, markerfacecolor="white",
                    markeredgecolor=BAR, markeredgewidth=2, zorder=3)
        if move.after is not None:
            ax.plot(float(move.after), y, "o", markersize=10, color="#08306b", zorder=4)
        else:  # on the side away from the earlier round's circle
            left = move.before is None or move.before >= 50
            ax.text(2 if left else 98, y, f"— {words.no_score}", va="center", ha="left" if left else "right",
                    fontsize=9, color=MUTED)
        ax.annotate(_change(move), xy=(1.1, y), xycoords=("axes fraction", "data"), va="center", ha="right",
                    fontsize=9, color=INK, fontweight="bold")
    ax.annotate(_wrap(words.change_column, 12), xy=(1.1, -0.5), xycoords=("axes fraction", "data"),
                va="bottom", ha="right", fontsize=8, color=MUTED)
    ax.set_yticks(range(rows), [_wrap(m.label) for m in data.domains], fontsize=9)
    handles = [
        ax.plot([], [], "o", markersize=9, color="#08306b", label=data.after_round)[0],
    ]
    if data.before_round is not None:
        handles.insert(0, ax.plot([], [], "o", markersize=9, markerfacecolor="white", markeredgecolor=BAR,
                                  markeredgewidth=2, label=data.before_round)[0])
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.3 / rows), ncols=2,
              frameon=False, fontsize=9)
    if data.before_round is None:
        _note(figure, words.one_round_only)
    return _png(figure)


def _change(move: DomainMove) -> str:
    if move.before is None or move.after is None:
        return "—"
    delta = move.after - move.before
    return f"+{delta}" if delta > 0 else ("±0.0" if delta == 0 else f"−{-delta}")


@lru_cache(maxsize=CACHE_SIZE)
def heat_map(data: HeatMap, words: ChartWords) -> bytes:
    """Rows × columns of percentages, light (low) to dark (high) on a fixed 0–100 scale, each cell labelled."""
    rows, columns = len(data.rows), len(data.columns)
    if rows == 0 or columns == 0:
        return _empty(data.title, words.no_data)
    values = np.array(
        [[np.nan if v is None else float(v) for v in row.values] for row in data.rows], dtype=float
    )
    figure = _figure(1.9 + 0.3 * rows + (0.4 if data.note else 0))
    _title(figure, data.title)
    ax = figure.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(values), cmap=HEAT_COLOURS, vmin=0, vmax=100, aspect="auto",
                      interpolation="nearest")
    # The cells' labels sit inside their cells, so the layout need not measure them (set_in_layout).
    for i, row in enumerate(data.rows):
        for j, value in enumerate(row.values):
            if value is None:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor="#8c959f",
                                       hatch=NO_SCORE_HATCH, linewidth=0))
                ax.text(j, i, "—", ha="center", va="center", fontsize=8, color=INK,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5}).set_in_layout(False)
                continue
            ax.text(j, i, f"{value}", ha="center", va="center", fontsize=8,
                    color=_text_colour(HEAT_COLOURS(float(value) / 100))).set_in_layout(False)
    ax.set_xticks(range(columns), [_wrap(c, 10) for c in data.columns], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(rows), [textwrap.shorten(r.label, 42, placeholder="…") for r in data.rows], fontsize=8)
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, columns), minor=True)
    ax.set_yticks(np.arange(-0.5, rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    colourbar = figure.colorbar(image, ax=ax, shrink=min(1.0, 6 / rows + 0.2), pad=0.02, aspect=30)
    colourbar.set_label(words.percent_axis, color=INK)
    colourbar.set_ticks(range(0, 101, 20))
    if data.note:
        _note(figure, data.note)
    return _png(figure)


@lru_cache(maxsize=CACHE_SIZE)
def service_ladder(data: ServiceLadder, words: ChartWords) -> bytes:
    """One 100 % stacked bar per service area, the rungs from basic (dark) to insufficient data (hatched)."""
    areas = [a for a in data.areas if sum(a.counts)]
    if not areas:
        return _empty(data.title, words.no_data)
    rows = len(areas)
    figure = _figure(1.9 + 0.55 * rows)
    _title(figure, data.title)
    ax = figure.add_subplot()
    _percent_axis(ax, words, rows)
    ax.set_xlabel(words.share_axis, color=INK)
    first = len(LADDER_COLOURS) - len(data.levels)
    colours, hatches = LADDER_COLOURS[first:], LADDER_HATCHES[first:]
    pale = len(data.levels) - 2  # no service and insufficient data: outlined, labels on a patch
    for y, area in enumerate(areas):
        total = sum(area.counts)
        left = 0.0
        for rung, count in enumerate(area.counts):
            if not count:
                continue
            share = 100 * count / total
            ax.barh(y, share, left=left, height=0.65, color=colours[rung], hatch=hatches[rung],
                    edgecolor="#8c959f" if rung >= pale else colours[rung], linewidth=0.8)
            if share >= 6:
                ax.text(left + share / 2, y, f"{share:.0f}%\n({count})", ha="center", va="center", fontsize=8,
                        color=_text_colour(colours[rung]),
                        bbox=None if rung < pale else {"facecolor": colours[rung], "edgecolor": "none", "pad": 0.6})
            left += share
    ax.set_yticks(range(rows), [_wrap(a.label, 24) for a in areas], fontsize=9)
    legend = [
        Patch(facecolor=colours[i], edgecolor="#8c959f", hatch=hatches[i], label=level)
        for i, level in enumerate(data.levels)
    ]
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.16 - 0.25 / rows), ncols=len(legend),
              frameon=False, fontsize=9)
    return _png(figure)


@lru_cache(maxsize=CACHE_SIZE)
def plan_cost(data: PlanCost, words: ChartWords) -> bytes:
    """Two bar panels on one rupiah axis: the cost per domain, and per funding source (unfunded hatched)."""
    if not any(b.rupiah for b in data.by_domain + data.by_funding):
        return _empty(data.title, words.no_data)
    rows = len(data.by_domain) + len(data.by_funding)
    figure = _figure(2.4 + 0.42 * rows)
    _title(figure, data.title)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[max(1, len(data.by_domain)),
                                                                    max(1, len(data.by_funding))])
    largest = max(b.rupiah for b in data.by_domain + data.by_funding) / 1e6
    panels = ((top, data.by_domain_title, data.by_domain), (bottom, data.by_funding_title, data.by_funding))
    for ax, title, bars in panels:
        _cost_panel(ax, title, bars, largest)
    bottom.set_xlabel(words.cost_axis, color=INK)
    return _png(figure)


def _cost_panel(ax: Axes, title: str, bars: Sequence[CostBar], largest: float) -> None:
    ax.set_title(title, loc="left", fontsize=10, color=INK)
    for y, bar in enumerate(bars):
        millions = bar.rupiah / 1e6  # plotting position only; the label prints the exact rupiah
        ax.barh(y, millions, height=0.6, color="white" if bar.hatched else BAR, edgecolor=BAR,
                hatch=NO_SCORE_HATCH if bar.hatched else "", linewidth=1)
        ax.text(millions + largest * 0.01, y, bar.amount, va="center", ha="left", fontsize=8, color=INK)
    ax.set_yticks(range(len(bars)), [_wrap(b.label, 30) for b in bars], fontsize=9)
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(0, largest * 1.3 or 1)  # room for the amounts printed after the longest bar
    ax.grid(axis="x", color="#d0d7de", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# Done dark, then lighter to not started; overdue in the warning orange; met and dropped hatched.
PROGRESS_COLOURS = ("#08519c", "#6baed6", "#d94801", "#deebf7", "#ffffff", "#ffffff")
PROGRESS_HATCHES = ("", "", "", "", "..", NO_SCORE_HATCH)


@dataclass(frozen=True)
class ProgressBar:
    """One puskesmas's actions per progress bin (in ``Progress.bins`` order)."""

    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Progress:
    title: str
    bins: tuple[str, ...]  # the bins' names, in the reader's language
    bars: tuple[ProgressBar, ...]
    axis: str  # "Actions"
    note: str


@lru_cache(maxsize=CACHE_SIZE)
def progress(data: Progress, words: ChartWords) -> bytes:
    """Stacked bars of shares: each puskesmas's actions done, in progress, overdue, not started, met, dropped.

    Each bar is the row's actions as 100 %, so a puskesmas with 20 actions reads beside the district's
    800; the segments print their counts where there is room.
    """
    if not any(sum(b.counts) for b in data.bars):
        return _empty(data.title, words.no_data)
    figure = _figure(1.9 + 0.34 * len(data.bars))
    _title(figure, data.title)
    ax = figure.add_subplot()
    left = [0.0] * len(data.bars)
    totals = [sum(b.counts) or 1 for b in data.bars]
    for n, name in enumerate(data.bins):
        widths = [100 * b.counts[n] / total for b, total in zip(data.bars, totals, strict=True)]
        ax.barh(range(len(data.bars)), widths, left=left, height=0.65, label=name, color=PROGRESS_COLOURS[n],
                hatch=PROGRESS_HATCHES[n], edgecolor=BAR, linewidth=0.8)
        for y, (start, width) in enumerate(zip(left, widths, strict=True)):
            if width >= 6:  # room for the count
                ax.text(start + width / 2, y, str(data.bars[y].counts[n]), ha="center", va="center", fontsize=8,
                        color=_text_colour(PROGRESS_COLOURS[n]))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_xlim(0, 100)
    ax.set_yticks(range(len(data.bars)), [_wrap(b.label, 28) for b in data.bars], fontsize=9)
    ax.set_ylim(len(data.bars) - 0.5, -0.5)
    ax.set_xlabel(data.axis, color=INK)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=8, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _note(figure, data.note)
    return _png(figure)
