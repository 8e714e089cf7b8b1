"""The offline assessment workbook's use cases: fill one from the database, store a filled one.

The writer (``offline_form``) and the reader (``offline_form_reader``) never touch the database;
this module does, and only flushes: the command or request that calls it commits once, or rolls
back when the import was refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.errors import InvalidInput, NotFound, PermissionDenied
from assessments.excel.cells import cell_reference
from assessments.excel.offline_form import INSTRUCTIONS_SHEET, SCORE_LABELS, VISIT_CELLS, TemplateData
from assessments.excel.offline_form_reader import (
    CellAnswer,
    WorkbookContents,
    read_assessment_workbook,
    workbook_round_name,
)
from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.facilities import find_facility, profile_of
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import Assessment, AssessmentRound, Facility, User, utc_now
from assessments.permissions import can_enter_scores
from assessments.rounds import find_round
from assessments.scores.entry import Answer, Visit, save_facility_answers, save_visit, start_assessment, visit_fields
from assessments.scores.stored import find_assessment, stored_answers
from scoring import IndicatorSet, Score

ChangedAnswers = Literal["ask", "keep", "overwrite"]
"""What to do with answers changed both in the workbook and, since its download, in washfit:
refuse the whole file naming them (``ask``), import the rest and keep washfit's (``keep``), or
let the workbook's win (``overwrite``), the last two only on the person's say-so."""


def workbook_set(session: Session, data: bytes) -> IndicatorSet:
    """The set of the round a workbook names, to read it with; the latest set when it names no known round."""
    named = workbook_round_name(data)
    round_ = session.scalar(select(AssessmentRound).where(AssessmentRound.name == named)) if named else None
    return round_set(round_) if round_ is not None else latest_indicator_set(session)


def template_data(
    session: Session, indicator_set: IndicatorSet, facility: Facility, round_: AssessmentRound
) -> TemplateData:
    """The facility's workbook for ``round_``, pre-filled with the answers stored so far."""
    assessment = find_assessment(session, facility, round_)
    return TemplateData(
        indicator_set=indicator_set, facility_code=facility.code, facility_name=facility.name,
        profile=profile_of(facility), round_name=round_.name, synthetic=round_.synthetic,
        answers=dict(stored_answers(assessment)) if assessment else {}, exported_at=utc_now(),
        assessed_on=assessment.assessed_on if assessment else None,
        assessors=assessment.assessors if assessment else "", team_leader=assessment.team_leader if assessment else "",
    )


@dataclass(frozen=True)
class ImportResult:
    """What became of one file: refused with its problems, or stored with the number of changes."""

    file_name: str
    problems: tuple[Problem, ...]
    changed: int = 0
    facility_code: str | None = None
    round_name: str | None = None
    conflicts: int = 0  # answers changed in washfit since the download: refused, or kept as washfit has them

    @property
    def accepted(self) -> bool:
        return not self.problems


def import_workbook(
    session: Session,
    indicator_set: IndicatorSet,
    data: bytes,
    actor: User,
    *,
    file_name: str,
    facility_code: str | None = None,
    round_name: str | None = None,
    changed_answers: ChangedAnswers = "ask",
) -> ImportResult:
    """Check ``data`` completely, then store its answers through ``save_facility_answers``.

    Only the answers the team changed in the workbook (against what it was pre-filled with,
    which its hidden sheet records) are applied, so an unchanged row never overwrites what
    someone saved in washfit after the export. An answer changed in the workbook *and* in
    washfit since the download is a conflict: by default the file is refused naming each such
    cell with both values; ``changed_answers`` says otherwise once the person has seen them.
    Of the rest, only answers that differ from what is stored are written, so importing the
    same file twice changes nothing. The caller commits when the result is accepted and rolls
    back otherwise: a refused file leaves nothing behind.
    """
    try:
        contents = read_assessment_workbook(data, indicator_set, facility_code=facility_code, round_name=round_name)
    except WorkbookRejected as rejected:
        return ImportResult(file_name, tuple(rejected.problems))
    try:
        changed, conflicts = _store(session, indicator_set, contents, actor, changed_answers)
    except _ChangedInWashfit as refused:
        return ImportResult(file_name, tuple(refused.problems), 0, contents.facility_code, contents.round_name,
                            conflicts=len(refused.problems))
    except (InvalidInput, NotFound, PermissionDenied) as exc:
        return ImportResult(file_name, (Problem(None, exc.message, exc.params),),
                            0, contents.facility_code, contents.round_name)
    return ImportResult(file_name, (), changed, contents.facility_code, contents.round_name, conflicts=conflicts)


class _ChangedInWashfit(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


def _store(
    session: Session, indicator_set: IndicatorSet, contents: WorkbookContents, actor: User,
    changed_answers: ChangedAnswers,
) -> tuple[int, int]:
    """Store the workbook's changes; how many answers changed and how many were conflicts."""
    facility = find_facility(session, contents.facility_code)
    round_ = find_round(session, contents.round_name)
    if not can_enter_scores(actor, facility):
        raise PermissionDenied("you may not enter scores for facility %(code)s", code=facility.code)
    ours = round_set(round_)
    if (ours.id, ours.version) != (indicator_set.id, indicator_set.version):
        raise InvalidInput("the workbook was made for indicator set %(theirs)s; its round uses %(ours)s: "
                           "download a new template", theirs=f"{indicator_set.id} {indicator_set.version}",
                           ours=f"{ours.id} {ours.version}")
    assessment = find_assessment(session, facility, round_)
    stored = stored_answers(assessment) if assessment else {}
    edited = [a for a in _edited(contents, indicator_set, facility)
              if _stored_pair(stored.get(a.code)) != (a.score, a.comment)]
    conflicts = [a for a in edited if _stored_pair(stored.get(a.code)) != contents.prefilled.get(a.code, (None, ""))]
    if conflicts and changed_answers == "ask":
        raise _ChangedInWashfit([_conflict(a, _stored_pair(stored.get(a.code))) for a in conflicts])
    if changed_answers == "keep":
        edited = [a for a in edited if a not in conflicts]
    visit = _edited_visit(contents, assessment, changed_answers)
    answers = {a.code: Answer(a.score, a.comment) for a in edited}
    # Compared with what is stored just now: the version to expect is the current one.
    changed = save_facility_answers(session, indicator_set, facility, round_, answers, actor,
                                    expected_version=None) if answers else 0
    if visit:
        assessment = assessment or start_assessment(session, indicator_set, facility, round_, actor)
        stored_visit = visit_fields(assessment)
        new = {**stored_visit, **visit}
        if save_visit(session, assessment, Visit(dt.date.fromisoformat(new["assessed_on"]) if new["assessed_on"]
                                                 else None, new["assessors"] or "", new["team_leader"] or ""),
                      actor, None, utc_now().date()):
            changed += len(visit)
    return changed, len(conflicts)


def _edited_visit(
    contents: WorkbookContents, assessment: Assessment | None, changed_answers: ChangedAnswers,
) -> dict[str, str | None]:
    """The visit fields the team changed in the workbook, by the same rule as the answers.

    A field changed in the workbook and, since the download, in washfit is a conflict: the file
    is refused naming its cell (``ask``), washfit's is kept (``keep``) or the workbook's wins.
    """
    stored = visit_fields(assessment) if assessment else dict.fromkeys(VISIT_CELLS)
    edited = {field: value for field, value in contents.visit.items()
              if value != contents.prefilled_visit.get(field) and value != stored[field]}
    conflicts = [field for field in edited if stored[field] != contents.prefilled_visit.get(field)]
    if conflicts and changed_answers == "ask":
        raise _ChangedInWashfit([problem(
            cell_reference(INSTRUCTIONS_SHEET, VISIT_CELLS[field]),
            "%(field)s was changed in washfit after this workbook was downloaded: the workbook has %(workbook)s, "
            "washfit has %(washfit)s", field=field, workbook=edited[field] or "—", washfit=stored[field] or "—")
            for field in conflicts])
    if changed_answers == "keep":
        return {field: value for field, value in edited.items() if field not in conflicts}
    return edited


def _conflict(answer: CellAnswer, stored: tuple[Score | None, str]) -> Problem:
    return problem(answer.location, "%(code)s was changed in washfit after this workbook was downloaded: "
                   "the workbook has %(workbook)s, washfit has %(washfit)s",
                   code=answer.code, workbook=_in_words(answer.score, answer.comment), washfit=_in_words(*stored))


def _in_words(score: Score | None, comment: str) -> str:
    """An answer as the workbook's drop-down says it, with its comment."""
    label = "—" if score is None else SCORE_LABELS[score]
    return f'{label} ("{comment}")' if comment else label


def _edited(contents: WorkbookContents, indicator_set: IndicatorSet, facility: Facility) -> list[CellAnswer]:
    """Rows of applicable indicators whose score or comment the team changed in the workbook."""
    profile = profile_of(facility)
    return [
        a for a in contents.answers
        if indicator_set.indicator(a.code).applies(profile)
        and contents.prefilled.get(a.code, (None, "")) != (a.score, a.comment)
    ]


def _stored_pair(stored: tuple[Score, str] | None) -> tuple[Score | None, str]:
    return (None, "") if stored is None else stored
