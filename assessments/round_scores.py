"""Score a whole round in the database: SQL counts, ``scoring`` applies the rules.

Scoring 10,000 facilities one by one in Python means fetching every response row; here one
GROUP BY query counts, per facility and domain, what the rules read (points, met, partial,
not met, answered, essential, and the indicators of each JMP condition), with the facility's
profile applied in the WHERE clause. ``scoring.summarise`` then turns the counts into the same
figures ``score_assessment`` gives (a test checks the two agree on random data).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from threading import Lock
from typing import Sequence

from sqlalchemy import Integer, Select, String, and_, bindparam, case, func, or_, select, values
from sqlalchemy.orm import Session
from sqlalchemy.sql import column

from assessments.models import Assessment, AssessmentRound, Facility, Response
from assessments.results import FacilityResult
from scoring import ConditionCounts, EssentialTally, FacilityProfile, IndicatorSet, ScoreSummary, Tally, summarise
from scoring.jmp import RUNGS


def _indicator_table(indicator_set: IndicatorSet):  # type: ignore[no-untyped-def]
    rows = [(i.code, i.domain, int(i.essential), i.applies_to) for i in indicator_set.indicators]
    return values(
        column("code", String), column("domain", String), column("essential", Integer), column("applies_to", String),
        name="indicator_set",
    ).data(rows).cte("indicator_set")


def _conditions(indicator_set: IndicatorSet) -> list[tuple[str, str, tuple[str, ...], int]]:
    return [(rule.area, rung, getattr(rule, rung).codes, getattr(rule, rung).minimum)
            for rule in indicator_set.jmp_rules for rung in RUNGS]


@lru_cache(maxsize=64)
def _applicable(indicator_set: IndicatorSet, profile: FacilityProfile) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Per profile: how many indicators of each domain, and of each JMP condition, apply."""
    applies = {i.code for i in indicator_set.indicators if i.applies(profile)}
    per_domain = {d.code: sum(1 for i in d.indicators if i.code in applies) for d in indicator_set.domains}
    per_condition = {(area, rung): sum(1 for c in codes if c in applies) for area, rung, codes, _ in _conditions(indicator_set)}
    return per_domain, per_condition


@lru_cache(maxsize=8)
def _counting_query(indicator_set: IndicatorSet, some_assessments: bool) -> Select:  # type: ignore[type-arg]
    """The counting query of a set, built once so SQLAlchemy compiles it once.

    Bound at execution: ``round_id``, and ``assessment_ids`` when only some facilities are asked
    for (they are reached through the responses' assessment index rather than the whole round).
    """
    ind = _indicator_table(indicator_set)
    score = Response.score

    def count(condition):  # type: ignore[no-untyped-def]
        return func.sum(case((condition, 1), else_=0))

    columns = [
        Assessment.facility_id, ind.c.domain,
        func.count().label("present"), func.count(score).label("answered"), func.coalesce(func.sum(score), 0),
        count(score == 2), count(score == 1), count(score == 0),
        count(and_(ind.c.essential == 1, score == 2)), count(and_(ind.c.essential == 1, score.is_not(None))),
    ]
    for _area, _rung, codes, minimum in _conditions(indicator_set):
        listed = Response.indicator_code.in_(codes)
        columns += [count(and_(listed, score >= minimum)), count(and_(listed, score.is_not(None))), count(listed)]
    applies = or_(
        ind.c.applies_to == "all",
        and_(ind.c.applies_to == "inpatient", Facility.inpatient.is_(True)),
        and_(ind.c.applies_to == "delivery", Facility.delivery.is_(True)),
    )
    query = (
        select(*columns)
        .select_from(Response)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .join(ind, ind.c.code == Response.indicator_code)
        .where(Assessment.round_id == bindparam("round_id"), applies)
        .group_by(Assessment.facility_id, ind.c.domain)
    )
    if some_assessments:
        query = query.where(Response.assessment_id.in_(bindparam("assessment_ids", expanding=True)))
    return query


def round_summaries(
    session: Session, indicator_set: IndicatorSet, round_id: int, facility_ids: Sequence[int] | None = None
) -> dict[int, ScoreSummary]:
    """Each assessed facility's figures in the round, by facility id, from one counting query."""
    assessed = (
        select(Assessment.id, Facility.id, Facility.inpatient, Facility.delivery)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_id)
    )
    if facility_ids is not None:
        assessed = assessed.where(Facility.id.in_(facility_ids))
    found = session.execute(assessed).all()
    profiles = {fid: FacilityProfile(bool(inp), bool(dlv)) for _, fid, inp, dlv in found}
    parameters: dict[str, object] = {"round_id": round_id}
    if facility_ids is not None:
        parameters["assessment_ids"] = [aid for aid, *_ in found]
    rows: dict[int, list] = defaultdict(list)
    for row in session.execute(_counting_query(indicator_set, facility_ids is not None), parameters):
        rows[row[0]].append(row)
    conditions = _conditions(indicator_set)
    return {fid: _summary(indicator_set, profile, rows.get(fid, []), conditions) for fid, profile in profiles.items()}


def _summary(indicator_set, profile, rows, conditions) -> ScoreSummary:  # type: ignore[no-untyped-def]
    per_domain, per_condition = _applicable(indicator_set, profile)
    found = {row[1]: row for row in rows}
    tallies = {}
    for domain in indicator_set.domains:
        row = found.get(domain.code)
        present, answered, points, met, partial, not_met = row[2:8] if row else (0, 0, 0, 0, 0, 0)
        applicable = per_domain[domain.code]
        tallies[domain.code] = Tally(
            points=int(points), maximum=2 * answered, met=met, partial=partial, not_met=not_met,
            not_applicable=(present - answered) + (len(domain.indicators) - applicable),
            unanswered=applicable - present,
        )
    essential = EssentialTally(met=sum(r[8] for r in rows), assessed=sum(r[9] for r in rows))
    jmp = {}
    for n, (area, rung, _codes, _minimum) in enumerate(conditions):
        base = 10 + 3 * n
        passing, judged, present = (sum(r[base + k] for r in rows) for k in range(3))
        jmp[(area, rung)] = ConditionCounts(passing=passing, judged=judged, unanswered=per_condition[(area, rung)] - present)
    return summarise(indicator_set, tallies, essential, jmp)


def round_overview(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, facilities: Sequence[Facility] | None = None
) -> list[FacilityResult]:
    """Every facility (or those given) with its assessment and figures in ``round_``, set-based."""
    ids = None if facilities is None else [f.id for f in facilities]
    if facilities is None:
        facilities = session.scalars(select(Facility).order_by(Facility.code)).all()
    assessments = {a.facility_id: a for a in session.scalars(select(Assessment).where(Assessment.round_id == round_.id))}
    summaries = cached_round_summaries(session, indicator_set, round_) if ids is None else \
        round_summaries(session, indicator_set, round_.id, ids)
    return [FacilityResult(f, assessments.get(f.id), summaries.get(f.id)) for f in facilities]


_CACHE: dict[tuple[str, int, int], tuple[tuple, dict[int, ScoreSummary]]] = {}  # type: ignore[type-arg]
_CACHE_LOCK = Lock()
_CACHE_SIZE = 8


def data_stamp(session: Session, round_id: int) -> tuple:  # type: ignore[type-arg]
    """A cheap fingerprint of everything a round's figures depend on.

    Every saved answer bumps its assessment's ``updated_at`` and version; a facility's profile
    enters through the sums of the ids of inpatient and delivery facilities.
    """
    row = session.execute(
        select(func.count(Assessment.id), func.max(Assessment.updated_at), func.sum(Assessment.version),
               func.sum(case((Facility.inpatient.is_(True), Facility.id), else_=0)),
               func.sum(case((Facility.delivery.is_(True), Facility.id), else_=0)))
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_id)
    ).one()
    return tuple(row)


def cached_round_summaries(session: Session, indicator_set: IndicatorSet, round_: AssessmentRound) -> dict[int, ScoreSummary]:
    """``round_summaries`` for the whole round, reused while its data stamp is unchanged."""
    key = (str(session.get_bind().url), round_.id, id(indicator_set))
    stamp = data_stamp(session, round_.id)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    summaries = round_summaries(session, indicator_set, round_.id)
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (stamp, summaries)
    return summaries
