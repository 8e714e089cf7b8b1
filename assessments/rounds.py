"""Assessment rounds: open one, list them, find one by name or id, the default one, its progress, the one before."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Date, Select, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound
from assessments.indicator_sets import latest_set
from assessments.models import Assessment, AssessmentRound, Facility, Response, StoredIndicatorSet


def create_round(
    session: Session, name: str, starts_on: dt.date, actor: str, synthetic: bool = False,
    indicator_set: StoredIndicatorSet | None = None,
) -> AssessmentRound:
    """Open a new assessment round on ``indicator_set`` (the latest stored set by default); names are unique."""
    name = name.strip()
    if session.scalar(select(AssessmentRound).where(func.lower(AssessmentRound.name) == name.lower())):
        raise InvalidInput("round %(name)s exists already", name=name)
    chosen = indicator_set or latest_set(session)
    if chosen is None:
        raise InvalidInput("no indicator set is stored yet (run washfit init-db)")
    round_ = AssessmentRound(name=name, starts_on=starts_on, synthetic=synthetic, indicator_set=chosen)
    session.add(round_)
    session.flush()
    record_change(session, actor, "round", round_.id, "created", None,
                  f"{name} ({starts_on.isoformat()}, {chosen.ref})")
    return round_


def change_round_set(session: Session, round_: AssessmentRound, indicator_set: StoredIndicatorSet, actor: str) -> None:
    """Move a round onto another set; refused once any answer is stored, which the set scores."""
    if indicator_set.id == round_.indicator_set_id:
        return
    answered = session.scalar(select(exists().where(
        Response.assessment_id == Assessment.id, Assessment.round_id == round_.id)))
    if answered:
        raise InvalidInput("round %(name)s has answers already: its indicator set can no longer change "
                           "(open a new round on %(set)s instead)", name=round_.name, set=indicator_set.ref)
    record_change(session, actor, "round", round_.id, "indicator_set", round_.indicator_set.ref, indicator_set.ref)
    round_.indicator_set = indicator_set
    for assessment in session.scalars(select(Assessment).where(Assessment.round_id == round_.id)):
        assessment.set_id, assessment.set_version = indicator_set.set_id, indicator_set.version
    session.flush()


# The DHIS2 periods a round may report for: yearly (``2025``) or six-monthly (``2025S1``, ``2025S2``).
_PERIOD = re.compile(r"(19|20|21)[0-9]{2}(S[12])?")


def check_period(value: str | None) -> str | None:
    """A DHIS2 period as stored: stripped and upper-cased, None when empty; ``InvalidInput`` otherwise."""
    text = (value or "").strip().upper()
    if not text:
        return None
    if not _PERIOD.fullmatch(text):
        raise InvalidInput("DHIS2 period %(period)s is neither a year (2025) nor a half year (2025S1, 2025S2)",
                           period=text[:20])
    return text


def dhis2_period(round_: AssessmentRound) -> str:
    """The DHIS2 period the round reports for: the one set on it, else the year it starts in."""
    return check_period(round_.dhis2_period) or str(round_.starts_on.year)


def set_round_period(session: Session, round_: AssessmentRound, period: str | None, actor: str) -> None:
    """Set (or, with an empty value, clear back to the start year) the DHIS2 period of a round, audited."""
    checked = check_period(period)
    record_change(session, actor, "round", round_.id, "dhis2_period", round_.dhis2_period, checked)
    round_.dhis2_period = checked
    session.flush()
def refuse_closed(round_: AssessmentRound) -> None:
    """A closed round is read-only: every write to its assessments asks here first."""
    if round_.closed:
        raise InvalidInput("round %(name)s is closed: its assessments can no longer change (an administrator "
                           "may open it again)", name=round_.name)


def set_round_end(session: Session, round_: AssessmentRound, ends_on: dt.date | None, actor: str) -> bool:
    """Give the round a planned end date (None clears it); refused before its start. False when unchanged."""
    if ends_on is not None and ends_on < round_.starts_on:
        raise InvalidInput("a round cannot end (%(end)s) before it starts (%(start)s)",
                           end=ends_on.isoformat(), start=round_.starts_on.isoformat())
    if ends_on == round_.ends_on:
        return False
    record_change(session, actor, "round", round_.id, "ends_on", round_.ends_on, ends_on)
    round_.ends_on = ends_on
    session.flush()
    return True


def set_round_closed(session: Session, round_: AssessmentRound, closed: bool, actor: str) -> bool:
    """Close the round (its assessments become read-only everywhere) or open it again; audited."""
    if closed == round_.closed:
        return False
    record_change(session, actor, "round", round_.id, "closed", round_.closed, closed)
    round_.closed = closed
    session.flush()
    return True


def list_rounds(session: Session) -> Sequence[AssessmentRound]:
    """Every round, oldest first."""
    return session.scalars(select(AssessmentRound).order_by(AssessmentRound.starts_on, AssessmentRound.id)).all()


SHOWN_STATUSES = ("submitted", "validated")  # an assessment whose scores the district reads


def default_round(session: Session, today: dt.date | None = None) -> AssessmentRound | None:
    """The round every view opens on when none is asked for: the latest one that has something to show.

    A round opened ahead of time (a follow-up starting next year) must not blank the facility
    list, the dashboard, the summary and ``washfit export-summary`` for everybody. In SQL::

        SELECT r.* FROM assessment_rounds r
        ORDER BY CASE
            WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.round_id = r.id
                         AND a.status IN ('submitted', 'validated'))
              OR (r.starts_on <= :today AND EXISTS (SELECT 1 FROM responses s
                  JOIN assessments a ON a.id = s.assessment_id WHERE a.round_id = r.id)) THEN 2
            WHEN r.starts_on <= :today THEN 1
            ELSE 0 END DESC,
          r.starts_on DESC, r.id DESC
        LIMIT 1

    so the latest round with submitted or validated assessments (or, started, with answers)
    comes first; with none such, the latest round already started; else the latest at all.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    return session.scalars(_default_round_query(), {"today": today}).first()


@cache
def _default_round_query() -> Select[tuple[AssessmentRound]]:
    """``default_round``'s SELECT, built once: every page asks for it, and building it took longer
    than running it."""
    shown = exists().where(Assessment.round_id == AssessmentRound.id, Assessment.status.in_(SHOWN_STATUSES))
    answered = exists().where(Response.assessment_id == Assessment.id, Assessment.round_id == AssessmentRound.id)
    started = AssessmentRound.starts_on <= bindparam("today", type_=Date)
    rank = case((or_(shown, and_(started, answered)), 2), (started, 1), else_=0)
    return (select(AssessmentRound).order_by(rank.desc(), AssessmentRound.starts_on.desc(), AssessmentRound.id.desc())
            .limit(1))


@dataclass(frozen=True)
class RoundProgress:
    """How far a round has got: of ``facilities``, how many assessments are started, submitted, validated.

    ``started`` counts every assessment opened (a submitted or validated one was started too);
    ``answered`` those with at least one answer. A round none of whose assessments has an answer
    has no score to show: the pages show this progress instead of an empty score table.
    """

    facilities: int
    started: int
    submitted: int
    validated: int
    answered: int

    @property
    def empty(self) -> bool:
        return self.answered == 0


def round_progress(session: Session, round_: AssessmentRound, facility_ids: Sequence[int] | None = None
                   ) -> RoundProgress:
    """The progress of ``round_`` over the given facilities (all when None), shown instead of an empty table."""
    facilities = select(func.count()).select_from(Facility)
    statuses = select(Assessment.status, func.count()).where(Assessment.round_id == round_.id)
    if facility_ids is not None:
        facilities = facilities.where(Facility.id.in_(facility_ids))
        statuses = statuses.where(Assessment.facility_id.in_(facility_ids))
    answered = select(func.count()).where(
        Assessment.round_id == round_.id, exists().where(Response.assessment_id == Assessment.id))
    if facility_ids is not None:
        answered = answered.where(Assessment.facility_id.in_(facility_ids))
    counts = {status: count for status, count in session.execute(statuses.group_by(Assessment.status))}  # noqa: C416
    return RoundProgress(session.scalar(facilities) or 0, sum(counts.values()), counts.get("submitted", 0),
                         counts.get("validated", 0), session.scalar(answered) or 0)


def find_round(session: Session, name: str | None) -> AssessmentRound:
    """The round named ``name``, or the default round (``default_round``) when no name is given."""
    found = (
        default_round(session) if name is None
        else session.scalar(select(AssessmentRound).where(AssessmentRound.name == name))
    )
    if found is None:
        raise NotFound("no assessment round %(name)s", name=name) if name else NotFound("no assessment round yet")
    return found


def round_by_id(session: Session, round_id: int) -> AssessmentRound:
    """The round with this id; ``NotFound`` when there is none."""
    found = session.get(AssessmentRound, round_id)
    if found is None:
        raise NotFound("no assessment round %(name)s", name=round_id)
    return found


def assessment_by_id(session: Session, assessment_id: int) -> Assessment:
    """The assessment with this id, its answers in order; ``NotFound`` when there is none."""
    found = session.get(Assessment, assessment_id)
    if found is None:
        raise NotFound("no assessment %(id)s", id=assessment_id)
    return found


def previous_round(session: Session, round_: AssessmentRound) -> AssessmentRound | None:
    earlier = [r for r in list_rounds(session)
               if r.id != round_.id and (r.starts_on, r.id) < (round_.starts_on, round_.id)]
    return earlier[-1] if earlier else None


def any_synthetic(session: Session) -> bool:
    """Whether any round holds synthetic demonstration scores (every page then says so)."""
    return bool(session.scalar(select(exists().where(AssessmentRound.synthetic.is_(True)))))
