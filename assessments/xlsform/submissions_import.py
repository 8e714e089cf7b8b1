"""Store the submissions of an export: each one into its facility's draft assessment, all or nothing.

Every submission goes through ``scores.entry.save_facility_answers``, the one write path of
every way answers come in: the same validation, permission check and audit entries as the
entry pages. This module only flushes; the command or request that calls it commits once when
the result is accepted, and rolls back otherwise.

What is set aside, and said so in the report, without stopping the rest:

- a submission already imported (by its instance id): importing a file again changes nothing;
- one a reviewer rejected or marked as having issues (Central), or did not approve (Kobo);
- one for another round;
- one replaced by an edit (its instance id is another's ``deprecatedID``);
- of two for the same facility and round, the earlier by submission time (also against those
  imported before).

What refuses the whole file: any problem in a row, a facility the user may not enter scores
for, an indicator set other than the round's, and an answer that someone changed in washfit
after the form was exported (and after the facility's last import), which the submission
would overwrite: the report names it, the stored value and the file's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.facilities import list_facilities, profile_of
from assessments.models import Assessment, AssessmentRound, AuditEntry, Facility, Submission, User, utc_now
from assessments.permissions import can_enter_scores
from assessments.scores.entry import Answer, Visit, checked_visit, save_facility_answers, save_visit
from assessments.scores.stored import find_assessment, stored_answers
from assessments.xlsform.submissions import ParsedSubmission, read_submissions
from scoring import IndicatorSet, Score


@dataclass(frozen=True)
class Imported:
    """A submission stored into its facility's assessment, with the number of answers it changed."""

    row: int
    instance_id: str
    facility_code: str
    changed: int


@dataclass(frozen=True)
class SubmissionsResult:
    """What became of one export: refused with its problems, or stored, with what was set aside and why."""

    file_name: str
    layout: str
    problems: tuple[Problem, ...]
    imported: tuple[Imported, ...] = ()
    set_aside: tuple[Problem, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return sum(item.changed for item in self.imported)


def import_submissions(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, data: bytes, actor: User, *, file_name: str
) -> SubmissionsResult:
    """Check the whole export, then store each submission that stands; see the module's docstring."""
    facilities = {f.code: f for f in list_facilities(session)}
    try:
        layout, submissions = read_submissions(data, indicator_set, {code: f.name for code, f in facilities.items()})
    except WorkbookRejected as rejected:
        return SubmissionsResult(file_name, "", tuple(rejected.problems))
    kept, set_aside = _select(session, round_, submissions, facilities)
    problems = [problem(None, "row %(row)d: you may not enter scores for facility %(code)s",
                        row=s.row, code=s.facility_code)
                for s in kept if not can_enter_scores(actor, facilities[s.facility_code])]
    if problems:
        return SubmissionsResult(file_name, layout, tuple(problems))
    plans = [(s, *_changes(session, indicator_set, round_, facilities[s.facility_code], s)) for s in kept]
    problems = [p for _s, _answers, conflicts in plans for p in conflicts]
    if problems:
        return SubmissionsResult(file_name, layout, tuple(problems))
    imported = []
    try:
        for submission, answers, _conflicts in plans:
            facility = facilities[submission.facility_code]
            changed = save_facility_answers(session, indicator_set, facility, round_, answers, actor,
                                            expected_version=None) if answers else 0
            _copy_visit(session, submission, facility, round_, actor)
            _record(session, submission, facility, round_, actor)
            imported.append(Imported(submission.row, submission.instance_id, facility.code, changed))
    except (InvalidInput, NotFound, PermissionDenied) as exc:
        return SubmissionsResult(file_name, layout, (Problem(None, exc.message, exc.params),))
    except StaleVersion:
        return SubmissionsResult(file_name, layout, (problem(
            None, "someone saved this assessment during the import; import the file again"),))
    return SubmissionsResult(file_name, layout, (), tuple(imported), tuple(set_aside))


def _select(
    session: Session,
    round_: AssessmentRound,
    submissions: Sequence[ParsedSubmission],
    facilities: Mapping[str, Facility],
) -> tuple[list[ParsedSubmission], list[Problem]]:
    """The submissions to store, at most one per facility, and a note for each one set aside."""
    known = set(session.scalars(select(Submission.instance_id).where(
        Submission.instance_id.in_([s.instance_id for s in submissions]))))
    replaced = {s.deprecated_id for s in submissions if s.deprecated_id}
    set_aside: list[Problem] = []
    candidates: dict[str, ParsedSubmission] = {}
    for s in submissions:
        if s.instance_id in known:
            set_aside.append(problem(None, "row %(row)d: %(id)s is already imported", row=s.row, id=s.instance_id))
        elif s.review:
            set_aside.append(problem(None, "row %(row)d: %(id)s is skipped: its review state is %(state)s",
                                     row=s.row, id=s.instance_id, state=s.review))
        elif s.round_name != round_.name:
            set_aside.append(problem(None, "row %(row)d: %(id)s is for round %(theirs)s, not %(ours)s",
                                     row=s.row, id=s.instance_id, theirs=s.round_name, ours=round_.name))
        elif s.instance_id in replaced:
            set_aside.append(problem(None, "row %(row)d: %(id)s was replaced by an edited version in the same file",
                                     row=s.row, id=s.instance_id))
        elif (other := candidates.get(s.facility_code)) is not None:
            older, newer = sorted((other, s), key=lambda x: x.submitted_at)
            candidates[s.facility_code] = newer
            set_aside.append(_older(older, newer.instance_id, newer.submitted_at))
        else:
            candidates[s.facility_code] = s
    kept = []
    for code, s in candidates.items():
        latest = session.execute(
            select(Submission.instance_id, Submission.submitted_at)
            .where(Submission.facility_id == facilities[code].id, Submission.round_id == round_.id)
            .order_by(Submission.submitted_at.desc()).limit(1)).first()
        if latest is not None and latest.instance_id != s.deprecated_id and _utc(latest.submitted_at) > s.submitted_at:
            set_aside.append(_older(s, latest.instance_id, _utc(latest.submitted_at)))
        else:
            kept.append(s)
    return kept, set_aside


def _older(submission: ParsedSubmission, newer_id: str, newer_at: dt.datetime) -> Problem:
    return problem(None, "row %(row)d: %(id)s of %(code)s is set aside: %(newer)s, submitted later (%(at)s), wins",
                   row=submission.row, id=submission.instance_id, code=submission.facility_code, newer=newer_id,
                   at=_when(newer_at))


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _changes(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, facility: Facility,
    submission: ParsedSubmission,
) -> tuple[dict[str, Answer], list[Problem]]:
    """The answers that differ from what is stored, and a problem for each that washfit changed since the export."""
    assessment = find_assessment(session, facility, round_)
    stored = stored_answers(assessment) if assessment else {}
    profile = profile_of(facility)
    answers = {
        a.code: Answer(a.score, a.comment) for a in submission.answers
        if indicator_set.indicator(a.code).applies(profile) and stored.get(a.code) != (a.score, a.comment)
    }
    if assessment is None or not answers:
        return answers, []
    # The version counts whole seconds: a change within the second of the export counts as before it.
    exported = submission.exported_at + dt.timedelta(seconds=1)
    since = max(filter(None, (exported, _last_import(session, facility, round_))))
    changed_at = _last_changes(session, assessment)
    columns = {a.code: a.column for a in submission.answers}
    conflicts = [
        problem(None, "row %(row)d, column %(column)s: %(code)s was changed in washfit on %(at)s, after this form "
                      "was exported; washfit holds %(stored)s, the file %(file)s. Enter the answer on the entry page "
                      "or export the form again", row=submission.row, column=columns[code], code=code,
                at=_when(changed_at[code]), stored=_shown(stored.get(code)),
                file=_shown((answer.score, answer.comment) if answer.score else None))
        for code, answer in answers.items() if code in changed_at and changed_at[code] > since
    ]
    return answers, conflicts


def _shown(answer: tuple[Score | None, str] | None) -> str:
    if answer is None or answer[0] is None:
        return "—"
    return str(answer[0].value) + (f" ({answer[1][:40]})" if answer[1] else "")


def _last_import(session: Session, facility: Facility, round_: AssessmentRound) -> dt.datetime | None:
    moment = session.scalar(select(func.max(Submission.imported_at)).where(
        Submission.facility_id == facility.id, Submission.round_id == round_.id))
    return None if moment is None else _utc(moment)


def _last_changes(session: Session, assessment: Assessment) -> dict[str, dt.datetime]:
    """When each answer of the assessment last changed, from the audit trail, by indicator code."""
    prefix = f"{assessment.id}:"
    rows = session.execute(
        select(AuditEntry.entity_id, func.max(AuditEntry.at))
        .where(AuditEntry.entity == "response", AuditEntry.entity_id.startswith(prefix, autoescape=True))
        .group_by(AuditEntry.entity_id))
    return {entity_id[len(prefix):]: _utc(at) for entity_id, at in rows}


def _copy_visit(session: Session, submission: ParsedSubmission, facility: Facility, round_: AssessmentRound,
                actor: User) -> None:
    """The visit as the phone form says it, onto the draft assessment, where it fits the round and today.

    A phone's date outside the round (a clock set wrong, a form reused) stays on the submission
    row only: the answers are still the team's, the assessment's visit is left as it was.
    """
    assessment = find_assessment(session, facility, round_)
    if assessment is None or assessment.status != "draft":
        return
    visit = Visit(submission.visit_date, submission.assessors, submission.team_leader)
    try:
        checked_visit(visit, round_, utc_now().date())
    except InvalidInput:
        return
    save_visit(session, assessment, visit, actor, None, utc_now().date())


def _record(session: Session, submission: ParsedSubmission, facility: Facility, round_: AssessmentRound,
            actor: User) -> None:
    session.add(Submission(
        instance_id=submission.instance_id, deprecated_id=(submission.deprecated_id or "")[:100] or None,
        facility_id=facility.id, round_id=round_.id, submitted_at=submission.submitted_at,
        form_version=submission.form_version[:40], visit_date=submission.visit_date, assessors=submission.assessors,
        team_leader=submission.team_leader, imported_by=actor.username,
    ))
    session.flush()


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive times; washfit stores UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
