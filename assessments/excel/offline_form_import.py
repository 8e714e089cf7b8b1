"""The offline assessment workbook's use cases: fill one from the database, store a filled one.

The writer (``offline_form``) and the reader (``offline_form_reader``) never touch the database;
this module does, and only flushes: the command or request that calls it commits once, or rolls
back when the import was refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from assessments.excel.offline_form import TemplateData
from assessments.excel.offline_form_reader import (
    CellAnswer,
    WorkbookContents,
    read_assessment_workbook,
    workbook_round_name,
)
from assessments.excel.problems import Problem, WorkbookRejected
from assessments.facilities import find_facility, profile_of
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import AssessmentRound, Facility, User, utc_now
from assessments.permissions import can_enter_scores
from assessments.rounds import find_round
from assessments.scores.entry import Answer, save_facility_answers
from assessments.scores.stored import find_assessment, stored_answers
from scoring import IndicatorSet


def workbook_set(session: Session, data: bytes) -> IndicatorSet:
    """The set of the round a workbook names, to read it with; the latest set when it names no known round."""
    named = workbook_round_name(data)
    round_ = session.scalar(select(AssessmentRound).where(AssessmentRound.name == named)) if named else None
    return round_set(round_) if round_ is not None else latest_indicator_set(session)


def template_data(session: Session, indicator_set: IndicatorSet, facility: Facility, round_: AssessmentRound) -> TemplateData:
    """The facility's workbook for ``round_``, pre-filled with the answers stored so far."""
    assessment = find_assessment(session, facility, round_)
    return TemplateData(
        indicator_set=indicator_set, facility_code=facility.code, facility_name=facility.name,
        profile=profile_of(facility), round_name=round_.name, synthetic=round_.synthetic,
        answers=dict(stored_answers(assessment)) if assessment else {}, exported_at=utc_now(),
    )


@dataclass(frozen=True)
class ImportResult:
    """What became of one file: refused with its problems, or stored with the number of changes."""

    file_name: str
    problems: tuple[Problem, ...]
    changed: int = 0
    facility_code: str | None = None
    round_name: str | None = None

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
) -> ImportResult:
    """Check ``data`` completely, then store its answers through ``save_facility_answers``.

    Only the answers the team changed in the workbook (against what it was pre-filled with)
    are applied, so an unchanged row never overwrites what someone saved in washfit after the
    export; of those, only answers that differ from what is stored are written, so importing
    the same file twice changes nothing. The caller commits when the result is accepted and
    rolls back otherwise: a refused file leaves nothing behind.
    """
    try:
        contents = read_assessment_workbook(data, indicator_set, facility_code=facility_code, round_name=round_name)
    except WorkbookRejected as rejected:
        return ImportResult(file_name, tuple(rejected.problems))
    try:
        changed = _store(session, indicator_set, contents, actor)
    except (InvalidInput, NotFound, PermissionDenied) as exc:
        return ImportResult(file_name, (Problem(None, exc.message, exc.params),), 0, contents.facility_code, contents.round_name)
    except StaleVersion:
        return ImportResult(file_name, (Problem(None, "someone saved this assessment during the import; import the file again"),),
                            0, contents.facility_code, contents.round_name)
    return ImportResult(file_name, (), changed, contents.facility_code, contents.round_name)


def _store(session: Session, indicator_set: IndicatorSet, contents: WorkbookContents, actor: User) -> int:
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
    answers = {
        a.code: Answer(a.score, a.comment)
        for a in _edited(contents, indicator_set, facility)
        if _stored_pair(stored.get(a.code)) != (a.score, a.comment)
    }
    if not answers:
        return 0
    # Compared with what is stored just now: the version to expect is the current one.
    return save_facility_answers(session, indicator_set, facility, round_, answers, actor, expected_version=None)


def _edited(contents: WorkbookContents, indicator_set: IndicatorSet, facility: Facility) -> list[CellAnswer]:
    """Rows of applicable indicators whose score or comment the team changed in the workbook."""
    profile = profile_of(facility)
    return [
        a for a in contents.answers
        if indicator_set.indicator(a.code).applies(profile)
        and contents.prefilled.get(a.code, (None, "")) != (a.score, a.comment)
    ]


def _stored_pair(stored: tuple[object, str] | None) -> tuple[object, str]:
    return (None, "") if stored is None else stored
