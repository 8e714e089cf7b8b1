"""The facility list of a round: filtered, sorted and paged in SQL, scored for the page only.

At 10,000 facilities a page must not score the whole country. Filters and sorts by facility
fields and status run in SQL with LIMIT/OFFSET, and only the page's facilities are scored.
Sorting by a score needs every figure of the round; those are the stored ones
(``stored_figures.stored_summaries``), written with the answers, so they are never stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from assessments.facilities import facility_filters
from assessments.models import Assessment, AssessmentRound, Facility
from assessments.scores.round_scores import FacilityResult
from assessments.scores.stored_figures import stored_summaries
from scoring import IndicatorSet, ScoreSummary

FIELD_SORTS = ("code", "name", "kecamatan", "status")
STATUSES = ("none", "draft", "submitted", "validated")


@dataclass(frozen=True)
class ListQuery:
    """What the person asked the list for."""

    text: str = ""
    kecamatan: str = ""
    kind: str = ""  # "inpatient", "outpatient" or "" for both
    status: str = ""  # one of STATUSES or "" for all
    sort: str = "code"  # a FIELD_SORTS key, "overall", "essential" or a domain code
    descending: bool = False
    page: int = 1
    page_size: int = 50


@dataclass(frozen=True)
class ListPage:
    rows: list[FacilityResult]
    total: int
    page: int
    pages: int


# A facility and its assessment in the round: an outer join, so the assessment is None where the
# facility has none (SQLAlchemy types an outer-joined entity as if it were always there).
_Listed: TypeAlias = Select[tuple[Facility, Assessment]]


def _filtered(query: ListQuery, round_id: int, visible: Sequence[int] | None) -> _Listed:
    status = func.coalesce(Assessment.status, "none")
    statement = (
        select(Facility, Assessment)
        .outerjoin(Assessment, and_(Assessment.facility_id == Facility.id, Assessment.round_id == round_id))
    )
    if visible is not None:
        statement = statement.where(Facility.id.in_(visible))
    statement = statement.where(*facility_filters(query.text, query.kecamatan, query.kind))
    if query.status in STATUSES:
        statement = statement.where(status == query.status)
    return statement


def list_page(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, query: ListQuery,
    visible: Sequence[int] | None = None,
) -> ListPage:
    """One page of the facility list with the figures of its facilities."""
    statement = _filtered(query, round_.id, visible)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, -(-total // query.page_size))
    page = min(max(query.page, 1), pages)
    offset = (page - 1) * query.page_size
    if query.sort in FIELD_SORTS:
        rows = session.execute(_ordered(statement, query).limit(query.page_size).offset(offset)).all()
        summaries = stored_summaries(session, indicator_set, round_.id, [f.id for f, _ in rows])
        results = [FacilityResult(f, a, summaries.get(f.id)) for f, a in rows]
    else:
        summaries = stored_summaries(session, indicator_set, round_.id)
        everything = [FacilityResult(f, a, summaries.get(f.id))
                      for f, a in session.execute(statement.order_by(Facility.code))]
        scored = [(value, r) for r in everything if (value := _score_value(r.score, query.sort)) is not None]
        scored.sort(key=lambda pair: pair[0], reverse=query.descending)
        ordered = [r for _, r in scored] + [r for r in everything if _score_value(r.score, query.sort) is None]
        results = ordered[offset: offset + query.page_size]
    return ListPage(results, total, page, pages)


def _ordered(statement: _Listed, query: ListQuery) -> _Listed:
    """Field sorts in SQL; facilities without an assessment last in either direction."""
    if query.sort == "status":
        key = Assessment.status
        missing_last = case((Assessment.id.is_(None), 1), else_=0)
        return statement.order_by(missing_last, key.desc() if query.descending else key, Facility.code)
    columns = {"code": Facility.code, "name": func.lower(Facility.name), "kecamatan": func.lower(Facility.kecamatan)}
    column = columns[query.sort]
    return statement.order_by(column.desc() if query.descending else column, Facility.code)


def _score_value(score: ScoreSummary | None, key: str) -> Decimal | None:
    if score is None:
        return None
    if key == "overall":
        return score.overall.percent
    if key == "essential":
        return score.essential.percent
    return next((d.percent for d in score.domains if d.domain == key), None)


def kecamatan_options(session: Session, visible: Sequence[int] | None = None) -> list[str]:
    statement = select(Facility.kecamatan).where(Facility.kecamatan != "").distinct().order_by(Facility.kecamatan)
    if visible is not None:
        statement = statement.where(Facility.id.in_(visible))
    return list(session.scalars(statement))
