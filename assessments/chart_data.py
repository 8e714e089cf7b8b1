"""The data behind each chart, taken from scores and plans: what to draw, never how.

The heat map decides here how thousands of facilities stay readable: it draws at most
``HEATMAP_ROWS`` rows. A district (26 puskesmas) gets one row per facility; more facilities than
that are grouped by kecamatan, and more kecamatan than that by district (kabupaten), whichever is
the finest grouping that fits; a group's cell is the mean of its facilities' domain scores (each
facility counts once, whatever its size; facilities with no score in the domain are left out) and
its label says how many facilities it holds. Any grouping can also be asked for explicitly, and
whatever does not fit is paged, ``HEATMAP_ROWS`` rows a page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable, Mapping, Sequence

from assessments.charts import Bar, CostBar, DomainMove, DomainProfile, HeatRow, LadderArea, RoundChange
from assessments.models import FUNDING_SOURCES
from assessments.plans import PlanTotals
from assessments.results import FacilityResult, FacilityRound
from scoring import AssessmentScore, IndicatorSet, ServiceLevel

HEATMAP_ROWS = 40
GROUPINGS = ("facility", "kecamatan", "district")
LADDER = tuple(level.value for level in ServiceLevel)  # basic, limited, no_service, insufficient_data


def domain_labels(indicator_set: IndicatorSet, lang: str) -> tuple[str, ...]:
    """``W · Air``: the code people know from the forms, and the name in the reader's language."""
    return tuple(f"{d.code} · {d.name.get(lang)}" for d in indicator_set.domains)


def domain_key(indicator_set: IndicatorSet, lang: str) -> str:
    """``W Air · S Sanitasi · …`` for a chart's footnote; no line breaks inside a domain's name."""
    return " · ".join(f"{d.code} {d.name.get(lang)}".replace(" ", "\u00a0") for d in indicator_set.domains)


def domain_profile(indicator_set: IndicatorSet, score: AssessmentScore, lang: str, title: str) -> DomainProfile:
    labels = domain_labels(indicator_set, lang)
    return DomainProfile(title, tuple(Bar(label, d.percent) for label, d in zip(labels, score.domains)))


def round_change(indicator_set: IndicatorSet, history: Sequence[FacilityRound], lang: str, title: str) -> RoundChange:
    """The latest round against the one before it; with one round only, just the latest scores."""
    latest = history[-1]
    labels = domain_labels(indicator_set, lang)
    if latest.change is None:
        moves = tuple(DomainMove(label, None, d.percent) for label, d in zip(labels, latest.score.domains))
        return RoundChange(title, None, latest.round.name, moves)
    moves = tuple(DomainMove(label, c.before, c.after) for label, c in zip(labels, latest.change.domains))
    return RoundChange(title, history[-2].round.name, latest.round.name, moves)


@dataclass(frozen=True)
class FacilityScores:
    """One facility's domain percentages in a round, with what the heat map groups it by."""

    code: str
    name: str
    kecamatan: str
    district: str
    values: tuple[Decimal | None, ...]


def facility_scores(results: Iterable[FacilityResult], domain_count: int) -> list[FacilityScores]:
    """Every facility of the round's results; one not assessed has no score in any domain."""
    return [
        FacilityScores(
            r.facility.code, r.facility.name, r.facility.kecamatan, r.facility.district,
            tuple(d.percent for d in r.score.domains) if r.score else (None,) * domain_count,
        )
        for r in results
    ]


@dataclass(frozen=True)
class HeatMapPage:
    """The rows of one page of the heat map and how they were made."""

    grouping: str
    page: int
    pages: int
    rows: tuple[HeatRow, ...]


def finest_grouping(facilities: Sequence[FacilityScores]) -> str:
    """The finest grouping whose rows fit on one heat map; district when even that does not."""
    for grouping in GROUPINGS[:-1]:
        if len(_group_keys(facilities, grouping)) <= HEATMAP_ROWS:
            return grouping
    return GROUPINGS[-1]


def heat_map_page(facilities: Sequence[FacilityScores], grouping: str | None = None, page: int = 1) -> HeatMapPage:
    """One page of heat-map rows; ``grouping`` None picks the finest that fits, ``page`` is clamped."""
    if grouping not in GROUPINGS:
        grouping = finest_grouping(facilities)
    rows = _rows(facilities, grouping)
    pages = max(1, -(-len(rows) // HEATMAP_ROWS))
    page = min(max(page, 1), pages)
    return HeatMapPage(grouping, page, pages, tuple(rows[(page - 1) * HEATMAP_ROWS: page * HEATMAP_ROWS]))


def _group_key(facility: FacilityScores, grouping: str) -> tuple[str, ...]:
    if grouping == "facility":
        return (facility.code,)
    if grouping == "kecamatan":
        return (facility.district, facility.kecamatan)  # kecamatan names repeat across districts
    return (facility.district,)


def _group_keys(facilities: Sequence[FacilityScores], grouping: str) -> set[tuple[str, ...]]:
    return {_group_key(f, grouping) for f in facilities}


def _rows(facilities: Sequence[FacilityScores], grouping: str) -> list[HeatRow]:
    if grouping == "facility":
        return [HeatRow(f"{f.name} ({f.code})", f.values) for f in facilities]
    groups: dict[tuple[str, ...], list[FacilityScores]] = defaultdict(list)
    for facility in facilities:
        groups[_group_key(facility, grouping)].append(facility)
    several_districts = len({f.district for f in facilities}) > 1
    rows = []
    for key in sorted(groups):
        members = groups[key]
        name = " · ".join(reversed(key)) if several_districts and grouping == "kecamatan" else key[-1]
        columns = zip(*(m.values for m in members))
        rows.append(HeatRow(f"{name or '—'} (n={len(members)})", tuple(_mean(c) for c in columns)))
    return rows


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the scores there are, rounded half-up to 0.1 like every percentage; None if none."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def service_ladder(indicator_set: IndicatorSet, results: Iterable[FacilityResult], lang: str) -> tuple[LadderArea, ...]:
    """Per JMP service area, how many assessed facilities stand on each rung (``LADDER`` order)."""
    scores = [r.score for r in results if r.score is not None]
    return tuple(
        LadderArea(
            indicator_set.service_areas[rule.area].get(lang),
            tuple(sum(1 for s in scores if s.jmp[rule.area] == level) for level in LADDER),
        )
        for rule in indicator_set.jmp_rules
    )


def plan_cost_bars(
    totals: PlanTotals,
    indicator_set: IndicatorSet,
    lang: str,
    funding_labels: Mapping[str | None, str],
    custom_label: str,
    money: Callable[[int], str],
) -> tuple[tuple[CostBar, ...], tuple[CostBar, ...]]:
    """The money still needed (``plans.plan_totals``) by domain, then by funding source.

    Every domain gets a bar, even at Rp 0, so that plans compare at a glance; actions without an
    indicator (added by the puskesmas) come last under ``custom_label``. Funding sources are those
    with money, in the stored order, and the money without a source (``None``) is the hatched bar.
    """
    domains = [
        CostBar(label, totals.by_domain.get(d.code, 0), money(totals.by_domain.get(d.code, 0)))
        for d, label in zip(indicator_set.domains, domain_labels(indicator_set, lang))
    ]
    if totals.by_domain.get(None):
        domains.append(CostBar(custom_label, totals.by_domain[None], money(totals.by_domain[None])))
    sources = tuple(
        CostBar(funding_labels[source], totals.by_funding[source], money(totals.by_funding[source]), hatched=source is None)
        for source in (*FUNDING_SOURCES, None)
        if totals.by_funding.get(source)
    )
    return tuple(domains), sources
