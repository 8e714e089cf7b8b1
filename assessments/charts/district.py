"""The district's charts as data: the heat map, the JMP service ladder and the plan cost, read from a round.

The heat map decides here how thousands of facilities stay readable: it draws at most
``HEATMAP_ROWS`` rows. A district (26 puskesmas) gets one row per facility; more facilities than
that are grouped by kecamatan, and more kecamatan than that by district (kabupaten), whichever is
the finest grouping that fits; a group's cell is the mean of its facilities' domain scores (each
facility counts once, whatever its size; facilities with no score in the domain are left out) and
its label says how many facilities it holds. Any grouping can also be asked for explicitly, and
whatever does not fit is paged, ``HEATMAP_ROWS`` rows a page.

The dashboard shows the heat map as a table of these rows; its PNG is drawn when downloaded. The
PNGs the dashboard loads, its heat-map rows and its plans' progress are kept in the process
(``kept``), each under the version of the data it shows: a round's (``round_kept``) or the plans'
(``plans_kept``). The dashboard reads those versions once and puts them in its image links, so
that an image request finds its picture without reading them again.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from threading import Lock
from typing import TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from assessments.charts import drawing, stored_heat_map
from assessments.charts.drawing import CostBar, HeatRow, LadderArea
from assessments.charts.stored_heat_map import GROUPINGS as GROUPINGS
from assessments.charts.stored_heat_map import HEATMAP_ROWS as HEATMAP_ROWS
from assessments.charts.stored_heat_map import heat_map_rows, heat_map_shape, round_counts, round_fingerprint
from assessments.charts.words import chart_words, domain_key, domain_labels
from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_date, format_rupiah
from assessments.i18n.labels import FUNDING_SOURCE, N_, PROGRESS_BIN, SERVICE_LEVEL
from assessments.models import FUNDING_SOURCES, AssessmentRound
from assessments.plans.actions import PlanTotals, list_plan_actions, plan_totals, plans_fingerprint
from assessments.plans.progress import BINS, ProgressReport
from assessments.scores.round_scores import FacilityResult
from scoring import IndicatorSet, ServiceLevel


def ladder(indicator_set: IndicatorSet) -> tuple[str, ...]:
    """The rungs to draw, top first: advanced only where the district defines it for some area."""
    has_advanced = any(rule.advanced for rule in indicator_set.jmp_rules)
    return tuple(level.value for level in ServiceLevel if has_advanced or level is not ServiceLevel.ADVANCED)


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
        return [HeatRow(f"{f.name} ({f.code})", f.values, f.code) for f in facilities]
    groups: dict[tuple[str, ...], list[FacilityScores]] = defaultdict(list)
    for facility in facilities:
        groups[_group_key(facility, grouping)].append(facility)
    several_districts = len({f.district for f in facilities}) > 1
    rows = []
    for key in sorted(groups):
        members = groups[key]
        name = " · ".join(reversed(key)) if several_districts and grouping == "kecamatan" else key[-1]
        columns = zip(*(m.values for m in members), strict=True)  # a value per domain each
        rows.append(HeatRow(f"{name or '—'} (n={len(members)})", tuple(_mean(c) for c in columns)))
    return rows


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the scores there are, rounded half-up to 0.1 like every percentage; None if none."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def ladder_counts(indicator_set: IndicatorSet, results: Iterable[FacilityResult], lang: str) -> tuple[LadderArea, ...]:
    """Per JMP service area, how many assessed facilities stand on each rung (``ladder`` order)."""
    scores = [r.score for r in results if r.score is not None]
    rungs = ladder(indicator_set)
    return tuple(
        LadderArea(
            indicator_set.service_areas[rule.area].get(lang),
            tuple(sum(1 for s in scores if s.jmp[rule.area] == level) for level in rungs),
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
        for d, label in zip(indicator_set.domains, domain_labels(indicator_set, lang), strict=True)
    ]
    if totals.by_domain.get(None):
        domains.append(CostBar(custom_label, totals.by_domain[None], money(totals.by_domain[None])))
    sources = tuple(
        CostBar(funding_labels[source], totals.by_funding[source], money(totals.by_funding[source]),
                hatched=source is None)
        for source in (*FUNDING_SOURCES, None)
        if totals.by_funding.get(source)
    )
    return tuple(domains), sources


# -- the charts of a round, read from the database ---------------------------------------------

GROUPING_TITLES = {
    "facility": N_("Domain scores by facility · %(round)s"),
    "kecamatan": N_("Domain scores by kecamatan · %(round)s"),
    "district": N_("Domain scores by district · %(round)s"),
}
GROUPING_NOTES = {
    "facility": N_("Each row is a facility; — means nothing to score (or not assessed)."),
    "kecamatan": N_("Each row is a kecamatan: the mean of its facilities' domain scores; n is the number of "
                    "facilities; — means none of them has a score."),
    "district": N_("Each row is a district: the mean of its facilities' domain scores; n is the number of "
                   "facilities; — means none of them has a score."),
}


def heat_map(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, lang: str,
    grouping: str | None = None, page: int = 1,
) -> tuple[drawing.HeatMap, HeatMapPage]:
    """The heat map of a round (grouped and paged in the database from the stored scores) and its page."""
    _ = translator(lang)
    grouping, page, pages = heat_map_shape(session, grouping, page)
    shown = HeatMapPage(grouping, page, pages, heat_map_rows(session, indicator_set, round_.id, grouping, page))
    title = _(GROUPING_TITLES[shown.grouping]) % {"round": round_.name}
    if shown.pages > 1:
        title += " · " + _("page %(page)d of %(pages)d") % {"page": shown.page, "pages": shown.pages}
    note = f"{_(GROUPING_NOTES[shown.grouping])} {domain_key(indicator_set, lang)}"
    columns = tuple(d.label(lang) for d in indicator_set.domains)
    return drawing.HeatMap(title, columns, shown.rows, note), shown


def service_ladder(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, lang: str
) -> drawing.ServiceLadder:
    """The JMP ladder of a round across the facilities assessed in it, counted in the database."""
    _ = translator(lang)
    total, assessed = round_counts(session, round_.id)
    title = _("JMP service levels · %(round)s · %(assessed)d of %(total)d facilities assessed") % {
        "round": round_.name, "assessed": assessed, "total": total}
    rungs = ladder(indicator_set)
    levels = tuple(_(SERVICE_LEVEL[level]) for level in rungs)
    counts = stored_heat_map.ladder_counts(session, indicator_set, round_.id, rungs)
    areas = tuple(LadderArea(indicator_set.service_areas[rule.area].get(lang), counts[rule.area])
                  for rule in indicator_set.jmp_rules)
    return drawing.ServiceLadder(title, levels, areas)


def plan_cost(session: Session, indicator_set: IndicatorSet, lang: str) -> drawing.PlanCost:
    """What the district's improvement plans still need: open actions whose gap is not closed."""
    _ = translator(lang)
    totals = plan_totals(list_plan_actions(session, indicator_set, lang=lang))
    funding: dict[str | None, str] = {
        **{code: _(label) for code, label in FUNDING_SOURCE.items()}, None: _("no funding source yet")}
    by_domain, by_funding = plan_cost_bars(
        totals, indicator_set, lang, funding, _("actions the puskesmas added"), format_rupiah
    )
    title = _("Improvement plans: %(total)s still needed by %(count)d facilities") % {
        "total": format_rupiah(totals.district), "count": len(totals.by_facility)}
    return drawing.PlanCost(title, _("By domain"), by_domain, _("By funding source (hatched: none yet)"), by_funding)


_KEPT: OrderedDict[tuple[object, ...], object] = OrderedDict()
_KEPT_LOCK = Lock()
KEPT = 128  # a heat map, ladder, progress or plan cost PNG is 30–150 kB; a report or medians a few kB
_Made = TypeVar("_Made")


def kept(session: Session, key: tuple[object, ...], version: Callable[[], str], make: Callable[[], _Made],
         seen: str | None = None) -> _Made:
    """What ``key`` names in this database (a PNG, a report) at the data's current ``version()``,
    made by ``make`` only when none is kept yet.

    ``version`` reads the version of the data the value shows (``round_version``,
    ``plans_version``), so that a change of the data makes a key of its own. It is read before
    ``make`` reads the data: a write between the two leaves a value under a key no later request
    has, never an old picture under a new key. ``seen`` is a version a page read and put in its
    image links: what is kept under it is served without reading the version again (the picture
    of the data that page showed, one query less per image). What is not kept under it is made
    from the current data, under the current version, never under ``seen``: a made-up version in
    a link must not fill the memory. The least recently used of more than ``KEPT`` values is
    forgotten. What is kept is shared between requests: immutable.
    """
    database = _database(session)
    if (found := _kept_under(database, key, seen)) is not None:
        return cast(_Made, found)
    full = (database, *key, version())
    found = _found(full)
    if found is not None:
        return cast(_Made, found)
    made = make()
    with _KEPT_LOCK:
        _KEPT[full] = made
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return made


def _database(session: Session) -> str:
    """The database's URL: what is kept is kept per database (tests run several in one process)."""
    bind = session.get_bind()
    return str(bind.engine.url if isinstance(bind, Connection) else bind.url)


def _kept_under(database: str, key: tuple[object, ...], seen: str | None) -> object | None:
    """What ``kept`` keeps for ``key`` under a page's ``seen`` version, if anything (nothing without one)."""
    return None if seen is None else _found((database, *key, seen))


def _found(full: tuple[object, ...]) -> object | None:
    """The value kept under ``full``, now the most recently used; None when none is."""
    with _KEPT_LOCK:
        found = _KEPT.get(full)
        if found is not None:
            _KEPT.move_to_end(full)
        return found


def version_of(fingerprint: tuple[object, ...]) -> str:
    """A fingerprint as 16 hex digits, short enough for a link (``VERSION_LENGTH``)."""
    return hashlib.blake2b(repr(fingerprint).encode(), digest_size=8).hexdigest()


VERSION_LENGTH = 16


def round_version(session: Session, round_: AssessmentRound) -> str:
    """The version of the round's data (``round_fingerprint``, one query) and of its name, which
    the charts' titles say."""
    return version_of((round_.name, *round_fingerprint(session, round_.id)))


def plans_version(session: Session, indicator_set: IndicatorSet) -> str:
    """The version of the district's plans (``plans_fingerprint``, one query) read with
    ``indicator_set``, which prices and names what they show."""
    return version_of((indicator_set.id, indicator_set.version, *plans_fingerprint(session)))


def round_kept(session: Session, round_: AssessmentRound, key: tuple[object, ...], make: Callable[[], _Made],
               seen: str | None = None) -> _Made:
    """A chart or figure of the round (``key`` says which: kind, language, page ...), made by
    ``make`` only when the round's data changed since it was last made (``round_version``):
    a request that finds it reads a few counts instead of the round's scores, and none when
    it comes with the ``seen`` version of a page (``kept``)."""
    return kept(session, _round_key(round_.id, key), lambda: round_version(session, round_), make, seen)


def round_seen(session: Session, round_id: int, key: tuple[object, ...], seen: str | None) -> object | None:
    """What ``round_kept`` keeps for the round under a page's ``seen`` version, if anything: an
    image link finds its picture without the round being loaded."""
    return _kept_under(_database(session), _round_key(round_id, key), seen)


def _round_key(round_id: int, key: tuple[object, ...]) -> tuple[object, ...]:
    """The key ``round_kept`` keeps under and ``round_seen`` looks up, before the version."""
    return ("round", round_id, *key)


def plans_kept(
    session: Session, indicator_set: IndicatorSet, key: tuple[object, ...], make: Callable[[], _Made],
    seen: str | None = None,
) -> _Made:
    """A chart or report of the district's plans read with ``indicator_set`` (``key`` says which:
    kind, language, round, day ...), made by ``make`` only when a plan total or progress count
    could have changed since it was last made (``plans_version``): a request that finds it
    reads one row of aggregates instead of every plan action, and none when it comes with the
    ``seen`` version of a page (``kept``)."""
    return kept(session, _plans_key(key), lambda: plans_version(session, indicator_set), make, seen)


def plans_seen(session: Session, key: tuple[object, ...], seen: str | None) -> object | None:
    """What ``plans_kept`` keeps under a page's ``seen`` version, if anything: an image link finds
    its picture without the indicator set being loaded."""
    return _kept_under(_database(session), _plans_key(key), seen)


def _plans_key(key: tuple[object, ...]) -> tuple[object, ...]:
    """The key ``plans_kept`` keeps under and ``plans_seen`` looks up, before the version."""
    return ("plans", *key)


def summary_images(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, lang: str
) -> list[tuple[str, bytes]]:
    """The charts the district summary workbook embeds: the heat map (first page) and the ladder."""
    words = chart_words(lang)
    heat, _page = heat_map(session, indicator_set, round_, lang)
    ladder_chart = service_ladder(session, indicator_set, round_, lang)
    return [(heat.title, drawing.heat_map(heat, words)),
            (ladder_chart.title, drawing.service_ladder(ladder_chart, words))]


PROGRESS_ROWS = HEATMAP_ROWS  # the dashboard's plans progress, chart and table: as many bars as the heat map has rows


def progress_chart(report: ProgressReport, lang: str) -> drawing.Progress:
    """The plans' progress per puskesmas (``plans.progress``), the district's first."""
    _ = translator(lang)
    bins = tuple(_(PROGRESS_BIN[b]) for b in BINS)
    bars = [drawing.ProgressBar(_("District total"), tuple(report.district.counts[b] for b in BINS))]
    bars += [drawing.ProgressBar(f"{r.code} {r.name}", tuple(r.counts[b] for b in BINS)) for r in report.rows]
    title = _("Progress of the improvement plans") + (f" · {report.round_name}" if report.round_name else "")
    if report.listed_of is not None:
        title += " · " + _("the %(shown)d of %(total)d puskesmas furthest behind") % {
            "shown": len(report.rows), "total": report.listed_of}
    note = _("Counted as of %(date)s; each action in one bin, the numbers are actions. Overdue: target date passed, "
             "not done.") % {
        "date": format_date(report.today, lang)}
    return drawing.Progress(title, bins, tuple(bars), _("Share of the actions (%)"), note)
