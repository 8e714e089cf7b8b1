"""A round rescored in the database: tallies counted and written by one INSERT … SELECT, JMP
levels judged by ``scoring`` once per distinct set of answers.

Rebuilding a round of 10,000 facilities one assessment at a time fetches 700,000 answer rows
into Python and writes 70,000 tally rows back. Here the database counts the round's answers and
writes the tallies itself, and only one integer per assessment and JMP area comes back: its
answers to that area's indicators packed in base 5, which ``scoring.jmp`` judges once per
distinct value. Which indicators apply to which profile is decided in Python
(``Indicator.applies``) and handed to the query as a table, so that rule is kept once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    Boolean,
    ColumnElement,
    Connection,
    Executable,
    Integer,
    Select,
    String,
    Table,
    and_,
    func,
    insert,
    literal,
    select,
    values,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ClauseElement, column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnClause

from assessments.models import Assessment, AssessmentDomainScore, AssessmentServiceLevel, Facility, Response
from assessments.scores.round_scores import PROFILE_COLUMNS
from scoring import FacilityProfile, IndicatorSet, Score
from scoring.jmp import rule_level

_DOMAIN_TABLE: Table = AssessmentDomainScore.__table__  # type: ignore[assignment]
_LEVEL_TABLE: Table = AssessmentServiceLevel.__table__  # type: ignore[assignment]
_PROFILE = ("inpatient", "delivery", "rainfall_sufficient", "sewered")  # ``FacilityProfile``'s, as PROFILE_COLUMNS
# An answer packed as one base-5 digit: 0 no answer, 1 not applicable, 2–4 the score 0–2 plus two.
_BASE = 5
_DIGITS = 27  # 5**27 < 2**63: the most answers one packed integer carries


def _profile_table(name: str, extra: Sequence[ColumnClause[Any]], rows: list[tuple[object, ...]]) -> CTE:
    """A table of rows per facility profile (its four columns first), sent with the query."""
    return values(*(column(field, Boolean) for field in _PROFILE), *extra, name=name).data(rows).cte(name)


def _answer_code(connection: Connection) -> ColumnElement[str]:
    """The answer's indicator code to join a set's table on. SQLite would otherwise walk that small
    table first and look up every code in every assessment (2.7 million index probes for 10,000
    facilities, four times the time); ``|| ''`` keeps the code off the index, as SQLite's
    documentation advises, so it reads each assessment's answers in turn."""
    if connection.dialect.name == "sqlite":
        return Response.indicator_code.concat("")
    return Response.indicator_code.expression


def _same_profile(table: CTE) -> ColumnElement[bool]:
    """The facility's profile columns equal to the table's."""
    return and_(*(table.c[field] == f for field, f in zip(_PROFILE, PROFILE_COLUMNS, strict=True)))


def write_tallies(connection: Connection, indicator_set: IndicatorSet, round_id: int,
                  profiles: set[FacilityProfile], scored_at: dt.datetime) -> None:
    """Count and store every assessment's tally per domain in the round, in the database.

    The SQL twin of ``scoring.engine.tally`` and ``essential_tally``: from COUNT(*), COUNT(score),
    SUM(score) and SUM(score²) of a domain's applicable answers follow points, met
    ((Σs² − Σs) / 2), partial (2Σs − Σs²) and not met; the essential counts the same over the
    essential indicators. A rule changed there changes here, and ``test_rescoring`` fails until
    both agree. Every assessment gets a row per domain, answered or not.
    """
    applicable = _profile_table(
        "applicable", [column("code", String), column("domain", String), column("essential", Integer)],
        [(*_fields(p), i.code, i.domain, int(i.essential))
         for p in profiles for i in indicator_set.indicators if i.applies(p)])
    per_domain = _profile_table(
        "domain_sizes", [column("domain", String), column("applicable", Integer), column("size", Integer)],
        [(*_fields(p), d.code, sum(1 for i in d.indicators if i.applies(p)), len(d.indicators))
         for p in profiles for d in indicator_set.domains])
    if connection.dialect.name == "postgresql":  # the round's groups sorted in memory, not in files on disk
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
    score = Response.score
    essential = func.nullif(applicable.c.essential, 0) * score
    points, squares = func.sum(score), func.sum(score * score)
    e_points, e_squares = func.sum(essential), func.sum(essential * score)
    counted = (
        select(Response.assessment_id, applicable.c.domain, func.count().label("present"),
               func.count(score).label("answered"), points.label("points"),
               ((squares - points) / 2).label("met"), (2 * points - squares).label("partial"),
               ((e_squares - e_points) / 2).label("essential_met"), func.count(essential).label("essential_assessed"))
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .join(applicable, and_(applicable.c.code == _answer_code(connection),
                               _same_profile(applicable)))
        .where(Assessment.round_id == round_id)
        .group_by(Response.assessment_id, applicable.c.domain)
        .cte("counted")
    )

    def zero(value: ColumnElement[int]) -> ColumnElement[int]:
        return func.coalesce(value, 0)

    c, d = counted.c, per_domain.c
    present, answered, met, partial = zero(c.present), zero(c.answered), zero(c.met), zero(c.partial)
    figures = {
        "assessment_id": Assessment.id, "domain": d.domain, "points": zero(c.points), "maximum": 2 * answered,
        "met": met, "partial": partial, "not_met": answered - met - partial,
        "not_applicable": present - answered + d.size - d.applicable, "unanswered": d.applicable - present,
        "essential_met": zero(c.essential_met), "essential_assessed": zero(c.essential_assessed),
        "scored_at": literal(scored_at, _DOMAIN_TABLE.c.scored_at.type)}
    rows = (
        select(*(value.label(name) for name, value in figures.items()))
        .join(Facility, Facility.id == Assessment.facility_id)
        .join(per_domain, _same_profile(per_domain))
        .outerjoin(counted, and_(c.assessment_id == Assessment.id, c.domain == d.domain))
        .where(Assessment.round_id == round_id)
    )
    if connection.dialect.name == "postgresql":
        _insert_counted_in_parallel(connection, _DOMAIN_TABLE, rows)
    else:
        connection.execute(insert(_DOMAIN_TABLE).from_select(list(figures), rows))


class _CountedTable(Executable, ClauseElement):
    """``CREATE TEMPORARY TABLE name AS query`` (PostgreSQL): a statement SQLAlchemy has no construct for."""

    inherit_cache = False

    def __init__(self, name: str, query: Select[Any]) -> None:
        self.name = name
        self.query = query


@compiles(_CountedTable, "postgresql")
def _create_counted_table(element: _CountedTable, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CREATE TEMPORARY TABLE {element.name} ON COMMIT DROP AS {compiler.process(element.query, **kw)}"


def _insert_counted_in_parallel(connection: Connection, table: Table, rows: Select[Any]) -> None:
    """Insert what ``rows`` counts, counted by PostgreSQL's parallel workers.

    PostgreSQL runs the SELECT of an INSERT … SELECT in one process; a CREATE TABLE … AS SELECT
    may use its parallel workers. A round of 10,000 facilities (700,000 answers) is counted in
    0.4 s so instead of 0.8 s; the rows are then inserted from that table, in the caller's
    transaction, and the table dropped (a rescore of every round makes it again).
    """
    names = ", ".join(column.name for column in rows.selected_columns)
    connection.execute(_CountedTable("counted_figures", rows))
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM counted_figures")
    connection.exec_driver_sql("DROP TABLE counted_figures")


@dataclass(frozen=True)
class _Packed:
    """The indicators of one JMP rule whose answers one packed integer carries, in digit order."""

    rule: int
    codes: tuple[str, ...]


def _packs(indicator_set: IndicatorSet) -> list[_Packed]:
    packs = []
    for n, rule in enumerate(indicator_set.jmp_rules):
        codes = sorted({code for criterion in rule.criteria for code in criterion.codes})
        packs += [_Packed(n, tuple(codes[i:i + _DIGITS])) for i in range(0, len(codes), _DIGITS)]
    return packs


def write_levels(connection: Connection, indicator_set: IndicatorSet, round_id: int,
                 profiles: dict[int, FacilityProfile]) -> None:
    """Judge and store every assessment's JMP level per area in the round (``profiles``: by assessment id)."""
    packs = _packs(indicator_set)
    if not packs:
        return
    all_codes = sorted({code for p in packs for code in p.codes})
    weights = values(column("code", String), *(column(f"w{n}", Integer) for n in range(len(packs))),
                     name="jmp_weights").data(
        [(code, *(_BASE ** p.codes.index(code) if code in p.codes else 0 for p in packs)) for code in all_codes]
    ).cte("jmp_weights")
    digit = func.coalesce(Response.score + 2, 1)
    packed = (
        select(Response.assessment_id, *(func.sum(weights.c[f"w{n}"] * digit) for n in range(len(packs))))
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(weights, weights.c.code == Response.indicator_code)  # few codes: looked up per assessment
        .where(Assessment.round_id == round_id)
        .group_by(Response.assessment_id)
    )
    found = {assessment_id: tuple(int(v) for v in sums) for assessment_id, *sums in connection.execute(packed)}
    nothing = (0,) * len(packs)
    judge = _Judge(indicator_set, packs)
    _insert_rows(connection, _LEVEL_TABLE, ("assessment_id", "area", "level"), [
        (assessment_id, area, level) for assessment_id, profile in profiles.items()
        for area, level in judge.levels(found.get(assessment_id, nothing), profile)])


def _insert_rows(connection: Connection, table: Table, names: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    """Insert plain rows in the caller's transaction: by COPY on PostgreSQL (an executemany of 50,000
    rows there costs thirty times as much), by SQLite's executemany on SQLite."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.cursor()  # the transaction's own DBAPI connection
        with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    connection.exec_driver_sql(  # the driver's own executemany: no per-row parameter dictionaries
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows)


class _Judge:
    """``scoring.jmp.rule_level`` of packed answers, remembered per rule, answers and profile (a
    round of thousands of facilities has far fewer distinct ones)."""

    def __init__(self, indicator_set: IndicatorSet, packs: Sequence[_Packed]) -> None:
        self._set = indicator_set
        self._packs = packs
        # Per rule: its area and which of an assessment's packed integers carry its answers.
        self._rules = [(rule.area, tuple(i for i, p in enumerate(packs) if p.rule == n))
                       for n, rule in enumerate(indicator_set.jmp_rules)]
        self._judged: dict[tuple[int, tuple[int, ...], FacilityProfile], str] = {}

    def levels(self, packed: tuple[int, ...], profile: FacilityProfile) -> Iterator[tuple[str, str]]:
        for n, (area, carried) in enumerate(self._rules):
            key = (n, tuple(packed[i] for i in carried), profile)
            level = self._judged.get(key)
            if level is None:
                level = self._judged[key] = self._judge(n, key[1], profile)
            yield area, level

    def _judge(self, rule: int, packed: tuple[int, ...], profile: FacilityProfile) -> str:
        """The level of the packed answers, not applicable where an indicator does not apply to
        ``profile`` (as ``score_assessment`` reads them)."""
        answers: dict[str, Score] = {}
        for value, pack in zip(packed, (p for p in self._packs if p.rule == rule), strict=True):
            for code in pack.codes:
                value, state = divmod(value, _BASE)
                if not self._set.indicator(code).applies(profile):
                    answers[code] = Score.NOT_APPLICABLE
                elif state:
                    answers[code] = Score.NOT_APPLICABLE if state == 1 else Score(state - 2)
        return rule_level(self._set.jmp_rules[rule], answers).value


def _fields(profile: FacilityProfile) -> tuple[bool, ...]:
    return tuple(getattr(profile, field) for field in _PROFILE)
