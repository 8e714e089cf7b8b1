"""The heat map and the JMP ladder of a round, grouped, counted and paged in the database from the
stored scores: a page reads its 40 rows, never the country's facilities.

The SQL twin of ``district.heat_map_page`` and ``district.ladder_counts`` (which group plain
rows in Python): the same groupings, order, means and rounding; a test compares the two on
random rounds. Percentages travel as integer tenths (``(2000·points + maximum) div 2·maximum`` is
``scoring.percent`` rounded half-up to 0.1) and become decimals only for the drawing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, case, distinct, func, select, true, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from assessments.charts.drawing import HeatRow
from assessments.models import Assessment, AssessmentDomainScore, AssessmentRound, AssessmentServiceLevel, Facility
from scoring import IndicatorSet

HEATMAP_ROWS = 40
GROUPINGS = ("facility", "kecamatan", "district")

_D = AssessmentDomainScore
# A domain's percentage in tenths, rounded half-up; NULL with nothing to score (twin: scoring.percent).
_TENTHS: ColumnElement[int] = case((_D.maximum > 0, (2000 * _D.points + _D.maximum) // (2 * _D.maximum)))


def _half_up(total: int, count: int) -> int:
    """``total / count`` rounded half-up to an integer (tenths stay tenths)."""
    return (2 * total + count) // (2 * count)


def _decimal(tenths: int | None) -> Decimal | None:
    return None if tenths is None else Decimal(tenths).scaleb(-1)


def _group_columns(grouping: str) -> tuple[InstrumentedAttribute[str], ...]:
    if grouping == "kecamatan":
        return (Facility.district, Facility.kecamatan)  # kecamatan names repeat across districts
    return (Facility.district,)


def _group_count(session: Session, grouping: str) -> int:
    if grouping == "facility":
        return session.scalar(select(func.count()).select_from(Facility)) or 0
    keys = select(*_group_columns(grouping)).distinct().subquery()
    return session.scalar(select(func.count()).select_from(keys)) or 0


def heat_map_shape(session: Session, grouping: str | None = None, page: int = 1) -> tuple[str, int, int]:
    """The grouping (``None``: the finest whose rows fit one picture), the page (clamped) and the
    number of pages: two counts, no row of the map built."""
    if grouping not in GROUPINGS:
        grouping = next((g for g in GROUPINGS[:-1] if _group_count(session, g) <= HEATMAP_ROWS), GROUPINGS[-1])
        count = _group_count(session, grouping)
    else:
        count = _group_count(session, grouping)
    pages = max(1, -(-count // HEATMAP_ROWS))
    return grouping, min(max(page, 1), pages), pages


def heat_map_rows(
    session: Session, indicator_set: IndicatorSet, round_id: int, grouping: str, page: int
) -> tuple[HeatRow, ...]:
    """The rows of one page of the heat map (``heat_map_shape`` says which grouping and page)."""
    codes = [d.code for d in indicator_set.domains]
    offset = (page - 1) * HEATMAP_ROWS
    scored = and_(Assessment.id == _D.assessment_id, Assessment.round_id == round_id)
    if grouping == "facility":
        listed = session.execute(select(Facility.id, Facility.code, Facility.name).order_by(Facility.code)
                                 .limit(HEATMAP_ROWS).offset(offset)).all()
        tenths: dict[int, dict[str, int | None]] = defaultdict(dict)
        for facility_id, domain, value in session.execute(
                select(Assessment.facility_id, _D.domain, _TENTHS).join(Assessment, scored)
                .where(Assessment.facility_id.in_([f.id for f in listed]))):
            tenths[facility_id][domain] = value
        return tuple(HeatRow(f"{name} ({code})", tuple(_decimal(tenths[fid].get(c)) for c in codes), code)
                     for fid, code, name in listed)
    columns = _group_columns(grouping)
    keys: list[tuple[str, ...]] = sorted(
        tuple(k) for k in session.execute(select(*columns).distinct()))[offset:offset + HEATMAP_ROWS]
    if not keys:
        return ()
    in_page = tuple_(*columns).in_(keys) if len(columns) > 1 else columns[0].in_([k[0] for k in keys])
    members = {tuple(k): n for *k, n in session.execute(
        select(*columns, func.count()).where(in_page).group_by(*columns))}
    sums: dict[tuple[str, ...], dict[str, tuple[int, int]]] = defaultdict(dict)
    for *group, domain, total, count in session.execute(
            select(*columns, _D.domain, func.sum(_TENTHS), func.count(_TENTHS))
            .select_from(Facility).join(Assessment, Assessment.facility_id == Facility.id).join(_D, scored)
            .where(in_page).group_by(*columns, _D.domain)):
        sums[tuple(group)][domain] = (int(total or 0), count)
    several_districts = (session.scalar(select(func.count(distinct(Facility.district)))) or 0) > 1
    rows = []
    for key in keys:
        name = " · ".join(reversed(key)) if several_districts and grouping == "kecamatan" else key[-1]
        found = sums.get(key, {})
        values = tuple(_decimal(_half_up(*found[c]) if found.get(c, (0, 0))[1] else None) for c in codes)
        rows.append(HeatRow(f"{name or '—'} (n={members[key]})", values))
    return tuple(rows)


def ladder_counts(session: Session, indicator_set: IndicatorSet, round_id: int,
                  rungs: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """Per JMP area of the set, how many of the round's assessments stand on each rung (``rungs`` order)."""
    counted: dict[tuple[str, str], int] = {
        (area, level): n for area, level, n in session.execute(
            select(AssessmentServiceLevel.area, AssessmentServiceLevel.level, func.count())
            .join(Assessment, Assessment.id == AssessmentServiceLevel.assessment_id)
            .where(Assessment.round_id == round_id)
            .group_by(AssessmentServiceLevel.area, AssessmentServiceLevel.level))}
    return {rule.area: tuple(counted.get((rule.area, level), 0) for level in rungs) for rule in indicator_set.jmp_rules}


def round_counts(session: Session, round_id: int) -> tuple[int, int]:
    """How many facilities there are and how many have an assessment in the round."""
    total = session.scalar(select(func.count()).select_from(Facility)) or 0
    assessed = session.scalar(select(func.count()).select_from(Assessment).where(Assessment.round_id == round_id))
    return total, assessed or 0


def round_fingerprint(session: Session, round_id: int) -> tuple[object, ...]:
    """What changes whenever a chart or district figure of the round could. The key of what
    ``charts.district.round_kept`` keeps.

    Every write that changes the round's stored scores also changes a row counted here: saving
    answers bumps the assessment's version (``entry.save_answers``), a new assessment adds one, a
    profile edit bumps the facility's version (names and places label the heat map too), and a
    rescore follows a change of the round's set. A submission or validation bumps the version as
    well (the medians count only those put forward). The stored scores themselves are not read:
    their latest time scans the round's 70,000 rows at 10,000 puskesmas (130 ms a request).
    """
    return (round_id, *session.execute(_round_fingerprint_query(), {"round_id": round_id}).one())


@cache
def _round_fingerprint_query() -> Select[Any]:
    """The fingerprint's one SELECT, built once (a request that finds its chart kept runs only this)."""
    wanted = bindparam("round_id", type_=Integer)
    set_id = select(AssessmentRound.indicator_set_id).where(AssessmentRound.id == wanted).scalar_subquery()
    assessments = select(
        func.count().label("a0"), func.sum(Assessment.version).label("a1"), func.max(Assessment.id).label("a2"),
        func.max(Assessment.updated_at).label("a3")).where(Assessment.round_id == wanted).subquery("round_assessments")
    facilities = select(func.count().label("f0"), func.sum(Facility.version).label("f1"),
                        func.max(Facility.id).label("f2")).subquery("round_facilities")
    return select(set_id, *assessments.c, *facilities.c).select_from(assessments.join(facilities, true()))
