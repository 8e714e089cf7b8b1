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
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import (
    CTE,
    ColumnElement,
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
from assessments.scores.stored_figures import stored_summaries
from scoring import (
    EssentialTally,
    FacilityProfile,
    IndicatorSet,
    Score,
    ScoreSummary,
    Tally,
    jmp_levels,
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


@lru_cache(maxsize=4096)
def _levels(indicator_set: IndicatorSet, answers: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """``scoring.jmp_levels``, judged once per distinct set of JMP answers: a round of thousands of
    facilities has far fewer (answers as ``(code, Score name)`` pairs, sorted)."""
    return MappingProxyType(jmp_levels(indicator_set, {code: Score[name] for code, name in answers}))


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


@dataclass(frozen=True)
class Figures:
    """One assessment's counts in a round as they are stored: per domain the tally and essential
    counts, and the summary ``scoring`` makes of them."""

    assessment_id: int
    tallies: Mapping[str, Tally]
    essentials: Mapping[str, EssentialTally]
    summary: ScoreSummary


def round_figures(
    session: Session, indicator_set: IndicatorSet, round_id: int, facility_ids: Sequence[int] | None = None
) -> dict[int, Figures]:
    """Each assessed facility's counts in the round, by facility id: tallies counted by one GROUP BY
    over the round's responses, JMP levels from the answers to the indicators they read.

    Reads columns, never whole rows, so the migration that first stores the figures runs it at
    any later schema.
    """
    assessed = (
        select(Assessment.id, Facility.id, *PROFILE_COLUMNS)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_id)
    )
    if facility_ids is not None:
        assessed = assessed.where(Facility.id.in_(facility_ids))
    connection = session.connection()  # plain rows: the ORM's result machinery costs more than the queries
    found = connection.execute(assessed).all()
    parameters: dict[str, object] = {"round_id": round_id}
    some = facility_ids is not None
    if some:
        parameters["assessment_ids"] = [aid for aid, *_ in found]
    rows: dict[int, list[Row[tuple[Any, ...]]]] = defaultdict(list)
    for row in connection.execute(_counting_query(indicator_set, some), parameters).all():
        rows[row[0]].append(row)
    jmp_answers: dict[int, dict[str, Score]] = defaultdict(dict)
    for facility_id, code, score in connection.execute(_jmp_query(indicator_set, some), parameters).all():
        jmp_answers[facility_id][code] = to_score(score)
    return {fid: _figures(indicator_set, aid, _profile(fields), rows.get(fid, []), jmp_answers.get(fid, {}))
            for aid, fid, *fields in found}


def round_summaries(
    session: Session, indicator_set: IndicatorSet, round_id: int, facility_ids: Sequence[int] | None = None
) -> dict[int, ScoreSummary]:
    """Each assessed facility's figures in the round counted afresh from its answers, by facility id."""
    return {fid: f.summary for fid, f in round_figures(session, indicator_set, round_id, facility_ids).items()}


def _figures(
    indicator_set: IndicatorSet,
    assessment_id: int,
    profile: FacilityProfile,
    rows: Sequence[Row[tuple[Any, ...]]],
    jmp_answers: Mapping[str, Score],
) -> Figures:
    per_domain, not_applicable = _applicable(indicator_set, profile)
    found = {row[1]: row for row in rows}
    tallies = {}
    essentials = {}
    for domain in indicator_set.domains:
        row = found.get(domain.code)
        present, answered, points, met, partial, not_met, e_met, e_assessed = row[2:10] if row else (0,) * 8
        applicable = per_domain[domain.code]
        tallies[domain.code] = Tally(
            points=int(points), maximum=2 * answered, met=met, partial=partial, not_met=not_met,
            not_applicable=(present - answered) + (len(domain.indicators) - applicable),
            unanswered=applicable - present,
        )
        essentials[domain.code] = EssentialTally(met=e_met, assessed=e_assessed)
    essential = EssentialTally(met=sum(e.met for e in essentials.values()),
                               assessed=sum(e.assessed for e in essentials.values()))
    judged = {**jmp_answers, **not_applicable}
    summary = summarise(indicator_set, tallies, essential, _levels(indicator_set, tuple(sorted(
        (code, score.name) for code, score in judged.items()))))
    return Figures(assessment_id, tallies, essentials, summary)


def round_overview(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, facilities: Sequence[Facility] | None = None
) -> list[FacilityResult]:
    """Every facility (or those given) with its assessment and stored figures in ``round_``."""
    ids = None if facilities is None else [f.id for f in facilities]
    if facilities is None:
        facilities = session.scalars(select(Facility).order_by(Facility.code)).all()
    in_round = select(Assessment).where(Assessment.round_id == round_.id)
    if ids is not None:
        in_round = in_round.where(Assessment.facility_id.in_(ids))
    assessments = {a.facility_id: a for a in session.scalars(in_round)}
    summaries = stored_summaries(session, indicator_set, round_.id, ids)
    return [FacilityResult(f, assessments.get(f.id), summaries.get(f.id)) for f in facilities]


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
