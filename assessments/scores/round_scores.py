"""Score a whole round in the database: SQL counts, ``scoring`` applies the rules.

Scoring 10,000 facilities one by one in Python means fetching every response row. Here one
GROUP BY counts, per facility and domain, what the tallies read (points, met, partial, not met,
answered, essential), with the facility's profile applied in the WHERE clause, and a second
query fetches only the answers to the few indicators the JMP rules read (``scoring.jmp`` judges
their criteria, as for one assessment). ``scoring.summarise`` turns both into the figures
``score_assessment`` gives (a test checks they agree on random data).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock
from typing import Any, TypeVar

from sqlalchemy import (
    CTE,
    ColumnElement,
    Engine,
    Integer,
    Row,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    values,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import column

from assessments.models import Assessment, AssessmentRound, Facility, Response
from assessments.scores.stored import to_score
from scoring import (
    EssentialTally,
    FacilityProfile,
    IndicatorSet,
    Score,
    ScoreSummary,
    Tally,
    summarise,
)
from scoring.jmp import jmp_indicator_codes

_Columns = TypeVar("_Columns", bound=tuple[Any, ...])


@dataclass(frozen=True)
class FacilityResult:
    """One facility's row in a round: its assessment (if any) and the scores."""

    facility: Facility
    assessment: Assessment | None
    score: ScoreSummary | None


# The facility columns a profile is read from, in ``FacilityProfile``'s field order (twin: ``profile_of``).
PROFILE_COLUMNS = (Facility.inpatient, Facility.delivery, Facility.rainfall_sufficient, Facility.sewered)


def _profile(fields: Sequence[object]) -> FacilityProfile:
    return FacilityProfile(*(bool(f) for f in fields))


def _indicator_table(indicator_set: IndicatorSet) -> CTE:
    rows = [(i.code, i.domain, int(i.essential), i.applies_to) for i in indicator_set.indicators]
    return values(
        column("code", String), column("domain", String), column("essential", Integer), column("applies_to", String),
        name="indicator_set",
    ).data(rows).cte("indicator_set")


@lru_cache(maxsize=64)
def _applicable(indicator_set: IndicatorSet, profile: FacilityProfile) -> tuple[dict[str, int], dict[str, Score]]:
    """Per profile: how many indicators of each domain apply, and the JMP indicators that do not
    (answered as not applicable, as ``score_assessment`` treats them)."""
    applies = {i.code for i in indicator_set.indicators if i.applies(profile)}
    per_domain = {d.code: sum(1 for i in d.indicators if i.code in applies) for d in indicator_set.domains}
    return per_domain, {code: Score.NOT_APPLICABLE for code in _jmp_codes(indicator_set) if code not in applies}


@lru_cache(maxsize=8)
def _jmp_codes(indicator_set: IndicatorSet) -> tuple[str, ...]:
    return jmp_indicator_codes(indicator_set)


def _restricted(query: Select[_Columns], some_assessments: bool) -> Select[_Columns]:
    """Reach a few facilities' responses through their assessment ids (an index), not the round."""
    if some_assessments:
        return query.where(Response.assessment_id.in_(bindparam("assessment_ids", expanding=True)))
    return query


@lru_cache(maxsize=8)
def _counting_query(indicator_set: IndicatorSet, some_assessments: bool) -> Select[tuple[Any, ...]]:
    """The tallies of every facility and domain, built once per set so SQLAlchemy compiles it once.

    The SQL twin of ``scoring.engine.tally`` and ``essential_compliance``, with ``applies`` the twin
    of ``scoring.Indicator.applies``: a rule changed there changes here, and the test comparing
    ``round_summaries`` with ``score_of`` on random answers fails until both agree.
    """
    ind = _indicator_table(indicator_set)
    score = Response.score

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    applies = or_(
        ind.c.applies_to == "all",
        and_(ind.c.applies_to == "inpatient", Facility.inpatient.is_(True)),
        and_(ind.c.applies_to == "delivery", Facility.delivery.is_(True)),
        and_(ind.c.applies_to == "rainfall_sufficient", Facility.rainfall_sufficient.is_(True)),
        and_(ind.c.applies_to == "sewered", Facility.sewered.is_(True)),
        and_(ind.c.applies_to == "on_site_sanitation", Facility.sewered.is_(False)),
    )
    query = (
        select(
            Assessment.facility_id, ind.c.domain,
            func.count().label("present"), func.count(score).label("answered"), func.coalesce(func.sum(score), 0),
            count(score == 2), count(score == 1), count(score == 0),
            count(and_(ind.c.essential == 1, score == 2)), count(and_(ind.c.essential == 1, score.is_not(None))),
        )
        .select_from(Response)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .join(ind, ind.c.code == Response.indicator_code)
        .where(Assessment.round_id == bindparam("round_id"), applies)
        .group_by(Assessment.facility_id, ind.c.domain)
    )
    return _restricted(query, some_assessments)


@lru_cache(maxsize=8)
def _jmp_query(indicator_set: IndicatorSet, some_assessments: bool) -> Select[tuple[int, str, int | None]]:
    """The answers to the few indicators the JMP rules read; ``scoring`` counts them."""
    query = (
        select(Assessment.facility_id, Response.indicator_code, Response.score)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .where(Assessment.round_id == bindparam("round_id"), Response.indicator_code.in_(_jmp_codes(indicator_set)))
    )
    return _restricted(query, some_assessments)


def round_summaries(
    session: Session, indicator_set: IndicatorSet, round_id: int, facility_ids: Sequence[int] | None = None
) -> dict[int, ScoreSummary]:
    """Each assessed facility's figures in the round, by facility id: tallies counted by one GROUP BY,
    JMP levels from the answers to the indicators they read."""
    assessed = (
        select(Assessment.id, Facility.id, *PROFILE_COLUMNS)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_id)
    )
    if facility_ids is not None:
        assessed = assessed.where(Facility.id.in_(facility_ids))
    found = session.execute(assessed).all()
    profiles = {fid: _profile(fields) for _, fid, *fields in found}
    parameters: dict[str, object] = {"round_id": round_id}
    some = facility_ids is not None
    if some:
        parameters["assessment_ids"] = [aid for aid, *_ in found]
    rows: dict[int, list[Row[tuple[Any, ...]]]] = defaultdict(list)
    for row in session.execute(_counting_query(indicator_set, some), parameters):
        rows[row[0]].append(row)
    jmp_answers: dict[int, dict[str, Score]] = defaultdict(dict)
    for facility_id, code, score in session.execute(_jmp_query(indicator_set, some), parameters):
        jmp_answers[facility_id][code] = to_score(score)
    return {fid: _summary(indicator_set, profile, rows.get(fid, []), jmp_answers.get(fid, {}))
            for fid, profile in profiles.items()}


def _summary(
    indicator_set: IndicatorSet,
    profile: FacilityProfile,
    rows: Sequence[Row[tuple[Any, ...]]],
    jmp_answers: Mapping[str, Score],
) -> ScoreSummary:
    per_domain, not_applicable = _applicable(indicator_set, profile)
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
    return summarise(indicator_set, tallies, essential, {**jmp_answers, **not_applicable})


def round_overview(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, facilities: Sequence[Facility] | None = None
) -> list[FacilityResult]:
    """Every facility (or those given) with its assessment and figures in ``round_``, set-based."""
    ids = None if facilities is None else [f.id for f in facilities]
    if facilities is None:
        facilities = session.scalars(select(Facility).order_by(Facility.code)).all()
    in_round = select(Assessment).where(Assessment.round_id == round_.id)
    assessments = {a.facility_id: a for a in session.scalars(in_round)}
    summaries = cached_round_summaries(session, indicator_set, round_) if ids is None else \
        round_summaries(session, indicator_set, round_.id, ids)
    return [FacilityResult(f, assessments.get(f.id), summaries.get(f.id)) for f in facilities]


_CACHE: dict[tuple[str, int, int], tuple[tuple[object, ...], dict[int, ScoreSummary]]] = {}
_CACHE_LOCK = Lock()
_CACHE_SIZE = 8


def data_stamp(session: Session, round_id: int) -> tuple[object, ...]:
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


def cached_round_summaries(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound
) -> dict[int, ScoreSummary]:
    """``round_summaries`` for the whole round, reused while its data stamp is unchanged."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine  # a session may be bound to a connection
    key = (str(engine.url), round_.id, id(indicator_set))
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


def indicator_counts(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound
) -> dict[str, dict[Score | None, int]]:
    """Per indicator, how many assessed facilities meet, partly meet or do not meet it, find it not
    applicable (also because it does not apply to them), or have not answered it (key None)."""
    counted = (
        select(Response.indicator_code, Response.score, func.count(), *PROFILE_COLUMNS)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_.id)
        .group_by(Response.indicator_code, Response.score, *PROFILE_COLUMNS)
    )
    assessed = (
        select(func.count(), *PROFILE_COLUMNS)
        .join(Assessment, Assessment.facility_id == Facility.id)
        .where(Assessment.round_id == round_.id)
        .group_by(*PROFILE_COLUMNS)
    )
    profiles: dict[FacilityProfile, int] = defaultdict(int)
    for n, *fields in session.execute(assessed):
        profiles[_profile(fields)] += n
    counts: dict[str, dict[Score | None, int]] = {i.code: defaultdict(int) for i in indicator_set.indicators}
    for code, score, n, *fields in session.execute(counted):
        if code in counts and indicator_set.indicator(code).applies(_profile(fields)):
            counts[code][Score.NOT_APPLICABLE if score is None else Score(score)] += n
    for indicator in indicator_set.indicators:
        tally = counts[indicator.code]
        for profile, n in profiles.items():
            if not indicator.applies(profile):
                tally[Score.NOT_APPLICABLE] += n
        tally[None] = sum(profiles.values()) - sum(v for k, v in tally.items() if k is not None)
    return counts
