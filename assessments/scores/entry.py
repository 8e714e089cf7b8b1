"""Write side of score entry: start, save (with optimistic locking and audit), submit, validate.

Functions flush and never commit: the request or command that calls them commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assessments.audit import record_change
from assessments.errors import ChangedField, InvalidInput, PermissionDenied, StaleVersion, Values, stale
from assessments.facilities import profile_of
from assessments.models import Assessment, AssessmentRound, Facility, Response, User, utc_now
from assessments.permissions import can_enter_scores, can_validate
from assessments.rounds import refuse_closed
from assessments.scores.stored import find_assessment, from_score, stored_answers, to_score
from assessments.scores.stored_tallies import store_scores
from assessments.texts import checked_text
from scoring import IndicatorSet, Score, ScoringError, parse_score

MAX_COMMENT = 2000
MAX_ASSESSORS = 300
MAX_LEADER = 200
VISIT_FIELDS = ("assessed_on", "assessors", "team_leader")


@dataclass(frozen=True)
class Answer:
    """What a person entered for one indicator: a score (None = cleared) and a comment."""

    score: Score | None
    comment: str = ""


def parse_answer(code: str, raw_score: str | None, comment: str = "") -> Answer:
    """An answer from form or file text; empty means unanswered. Raises ``InvalidInput``."""
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput("%(code)s: comment longer than %(limit)d characters", code=code, limit=MAX_COMMENT)
    if raw_score is None or str(raw_score).strip() == "":
        return Answer(None, comment)
    try:
        return Answer(parse_score(raw_score, code), comment)
    except ScoringError:
        raise InvalidInput("%(code)s: %(value)s is not a score", code=code, value=repr(raw_score)) from None


def start_assessment(
    session: Session, indicator_set: IndicatorSet, facility: Facility, round_: AssessmentRound, actor: User
) -> Assessment:
    """The facility's assessment in ``round_``, created as a draft when there is none."""
    existing = find_assessment(session, facility, round_)
    if existing is not None:
        return existing
    if not can_enter_scores(actor, facility):
        raise PermissionDenied("you may not enter scores for this facility")
    refuse_closed(round_)
    assessment = Assessment(
        facility=facility, round=round_, status="draft", set_id=indicator_set.id,
        set_version=indicator_set.version, assessors=actor.username,
    )
    session.add(assessment)
    session.flush()
    record_change(session, actor.username, "assessment", assessment.id, "status", None, "draft", facility.id)
    store_scores(session, assessment)
    return assessment


def _check_editable(assessment: Assessment, actor: User) -> None:
    if not can_enter_scores(actor, assessment.facility):
        raise PermissionDenied("you may not enter scores for this facility")
    refuse_closed(assessment.round)
    if assessment.status != "draft":
        raise InvalidInput("the assessment is %(status)s; only a draft can be changed", status=assessment.status)


def answer_fields(answers: Mapping[str, tuple[Score, str] | Answer], codes: Iterable[str]) -> dict[str, str | None]:
    """The answers to ``codes`` as a domain page carries them: ``score_<code>`` and ``comment_<code>``.

    The names are the entry form's field names; a stale save is compared on them.
    """
    values: dict[str, str | None] = {}
    for code in codes:
        answer = answers.get(code)
        comment = None if answer is None else (answer.comment if isinstance(answer, Answer) else answer[1])
        values[f"score_{code}"] = _label(answer)
        values[f"comment_{code}"] = comment or None
    return values


def _label(answer: tuple[Score, str] | Answer | None) -> str | None:
    if answer is None:
        return None
    score = answer.score if isinstance(answer, Answer) else answer[0]
    return None if score is None else str(score.value)


def save_answers(
    session: Session,
    indicator_set: IndicatorSet,
    assessment: Assessment,
    answers: Mapping[str, Answer],
    actor: User,
    expected_version: int,
    loaded: Values | None = None,
) -> int:
    """Store ``answers`` if nobody saved since ``expected_version``; return how many changed.

    A stale version raises ``StaleVersion`` naming the answers someone else changed since the
    form was ``loaded`` (``answer_fields`` then; without it, every answer that differs from
    what is stored), with the form to show again, and nothing is written. The assessment row
    is updated first, so that a concurrent save of the same assessment waits on its lock and
    then fails the version check.
    """
    _check_editable(assessment, actor)
    for code in answers:
        indicator_set.indicator(code)
    current = stored_answers(assessment)
    if assessment.version != expected_version:
        raise stale(assessment.version, loaded or {}, answer_fields(current, answers), answer_fields(answers, answers))
    changed = [code for code, answer in answers.items() if _differs(current.get(code), answer)]
    if not changed:
        return 0
    assessment.updated_at = utc_now()
    try:
        session.flush()
    except StaleDataError:
        # Someone saved between our read and our update; the caller rolls back.
        raise StaleVersion(expected_version + 1, _differences({}, answers)) from None
    by_code = {r.indicator_code: r for r in assessment.responses}
    for code in changed:
        _apply(session, assessment, by_code.get(code), code, answers[code], actor.username)
    store_scores(session, assessment)
    return len(changed)


def save_facility_answers(
    session: Session,
    indicator_set: IndicatorSet,
    facility: Facility,
    round_: AssessmentRound,
    answers: Mapping[str, Answer],
    actor: User,
    expected_version: int | None,
    loaded: Values | None = None,
) -> int:
    """Store answers for the facility's assessment in ``round_``, starting it when there is none.

    The one write path of every way answers come in (the entry pages, the offline workbook).
    ``expected_version`` is the version the person's form was made from, 0 when there was no
    assessment yet; None takes whatever is stored now (a caller that compared the answers with
    what was stored itself). Two first saves racing to start the assessment end as a
    ``StaleVersion`` for the slower one: the caller rolls back.
    """
    assessment = find_assessment(session, facility, round_)
    if assessment is None:
        if expected_version not in (None, 0):
            raise StaleVersion(0, [])
        try:
            assessment = start_assessment(session, indicator_set, facility, round_, actor)
        except IntegrityError:
            raise StaleVersion(1, []) from None
        expected_version = assessment.version
    elif expected_version is None:
        expected_version = assessment.version
    return save_answers(session, indicator_set, assessment, answers, actor, expected_version, loaded)


def _differs(stored: tuple[Score, str] | None, answer: Answer) -> bool:
    if stored is None:
        return answer.score is not None or bool(answer.comment)
    return stored[0] != answer.score or stored[1] != answer.comment


def _differences(current: Mapping[str, tuple[Score, str]], answers: Mapping[str, Answer]) -> list[ChangedField]:
    return [
        ChangedField(code, _label(current.get(code)), _label(answer))
        for code, answer in answers.items()
        if _label(current.get(code)) != _label(answer)
    ]


def _apply(
    session: Session, assessment: Assessment, response: Response | None, code: str, answer: Answer, actor: str
) -> None:
    entity_id = f"{assessment.id}:{code}"
    facility_id = assessment.facility_id
    old_score = None if response is None else _label((to_score(response.score), ""))
    old_comment = None if response is None else response.comment
    if answer.score is None and not answer.comment:
        if response is not None:
            assessment.responses.remove(response)
        record_change(session, actor, "response", entity_id, "score", old_score, None, facility_id)
        record_change(session, actor, "response", entity_id, "comment", old_comment or None, None, facility_id)
        return
    if answer.score is None:
        raise InvalidInput("%(code)s: a comment needs a score", code=code)
    if response is None:
        response = Response(indicator_code=code)
        assessment.responses.append(response)
    response.score = from_score(answer.score)
    response.comment = answer.comment
    record_change(session, actor, "response", entity_id, "score", old_score, str(answer.score.value), facility_id)
    record_change(session, actor, "response", entity_id, "comment",
                  old_comment or None, answer.comment or None, facility_id)


def _set_status(session: Session, assessment: Assessment, status: str, actor: User) -> None:
    record_change(session, actor.username, "assessment", assessment.id, "status",
                  assessment.status, status, assessment.facility_id)
    assessment.status = status
    session.flush()


def submit(session: Session, indicator_set: IndicatorSet, assessment: Assessment, actor: User) -> None:
    """Draft → submitted, once every indicator that applies has an answer."""
    _check_editable(assessment, actor)
    profile = profile_of(assessment.facility)
    answered = {r.indicator_code for r in assessment.responses}
    missing = [i.code for i in indicator_set.indicators if i.applies(profile) and i.code not in answered]
    if missing:
        shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        raise InvalidInput("%(count)d indicators are unanswered: %(codes)s", count=len(missing), codes=shown)
    _set_status(session, assessment, "submitted", actor)


def validate(session: Session, assessment: Assessment, actor: User) -> None:
    """Submitted → validated, by the district."""
    if not can_validate(actor):
        raise PermissionDenied("only an administrator validates assessments")
    refuse_closed(assessment.round)
    if assessment.status != "submitted":
        raise InvalidInput("only a submitted assessment can be validated (it is %(status)s)", status=assessment.status)
    _set_status(session, assessment, "validated", actor)


def reopen(session: Session, assessment: Assessment, actor: User) -> None:
    """Back to draft, to correct a submitted or validated assessment."""
    if not can_validate(actor):
        raise PermissionDenied("only an administrator reopens assessments")
    refuse_closed(assessment.round)
    if assessment.status == "draft":
        raise InvalidInput("the assessment is already a draft")
    _set_status(session, assessment, "draft", actor)


@dataclass(frozen=True)
class Visit:
    """Who assessed, when: the visit date, the assessors and the WASH FIT team leader."""

    assessed_on: dt.date | None
    assessors: str
    team_leader: str


def visit_fields(visit: Visit | Assessment) -> dict[str, str | None]:
    """The visit as a form carries it, for the stale check and the audit trail."""
    return {"assessed_on": visit.assessed_on.isoformat() if visit.assessed_on else None,
            "assessors": visit.assessors or None, "team_leader": visit.team_leader or None}


def checked_visit(visit: Visit, round_: AssessmentRound, today: dt.date) -> Visit:
    """``visit`` trimmed; ``InvalidInput`` for a date in the future or before the round, or bad text."""
    if visit.assessed_on is not None and visit.assessed_on > today:
        raise InvalidInput("the visit date %(date)s is in the future", date=visit.assessed_on.isoformat())
    if visit.assessed_on is not None and visit.assessed_on < round_.starts_on:
        raise InvalidInput("the visit date %(date)s is before the round starts (%(start)s)",
                           date=visit.assessed_on.isoformat(), start=round_.starts_on.isoformat())
    return Visit(visit.assessed_on, checked_text(visit.assessors, MAX_ASSESSORS, "assessors"),
                 checked_text(visit.team_leader, MAX_LEADER, "team_leader"))


def save_visit(
    session: Session, assessment: Assessment, visit: Visit, actor: User, expected_version: int | None, today: dt.date,
    loaded: Values | None = None,
) -> bool:
    """Record the visit of a draft assessment; whether anything changed.

    ``expected_version`` None takes what is stored (a caller that compared itself, as the
    offline workbook's import does); a stale version raises ``StaleVersion`` field by field.
    """
    _check_editable(assessment, actor)
    visit = checked_visit(visit, assessment.round, today)
    if expected_version is not None and assessment.version != expected_version:
        raise stale(assessment.version, loaded or {}, visit_fields(assessment), visit_fields(visit))
    before = visit_fields(assessment)
    if before == visit_fields(visit):
        return False
    assessment.assessed_on, assessment.assessors, assessment.team_leader = (
        visit.assessed_on, visit.assessors, visit.team_leader)
    for field, value in visit_fields(visit).items():
        record_change(session, actor.username, "assessment", assessment.id, field, before[field], value,
                      assessment.facility_id)
    try:
        session.flush()
    except StaleDataError:
        raise StaleVersion(assessment.version + 1, []) from None
    return True
