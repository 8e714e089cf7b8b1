"""Read the submissions of washfit's XLSForm from any export layout; never touch the database.

``upload_tables`` gives a header and rows of text; this module finds washfit's fields among the
columns (by name after any group prefix and separator, or by label in either language, as Kobo
heads its columns on request), reads each row's values (choice names or labels in either
language) and keeps every problem with its row and column, so one pass tells the team all
there is to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments.excel.problems import Problem, WorkbookRejected, problem
from assessments.scores.entry import MAX_COMMENT
from assessments.xlsform.fields import (
    ASSESSORS,
    FACILITY,
    FORM_VERSION,
    INDICATOR_SET,
    ROUND,
    SCORE_CHOICES,
    TEAM_LEADER,
    VISIT_DATE,
    facility_choice,
    form_fields,
)
from assessments.xlsform.form import facility_label, field_labels, score_labels, set_label
from assessments.xlsform.upload_tables import Table, read_table
from scoring import IndicatorSet, Score

MAX_PROBLEMS = 100
MAX_ID_CHARS = 100  # the column that keeps it (models.Submission); ODK's are "uuid:" and 36 characters
INSTANCE_ID, DEPRECATED_ID, KOBO_UUID = "instanceID", "deprecatedID", "_uuid"
SUBMITTED = ("SubmissionDate", "_submission_time")
REVIEW = ("ReviewState", "_validation_status")
# Review states that keep a submission out: Central's and Kobo's (as value and as label).
SKIPPED_REVIEWS = {"rejected", "hasissues", "validation_status_not_approved", "validation_status_on_hold",
                   "not approved", "on hold"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FieldAnswer:
    """An indicator's answer in one submission, and the columns it came from (for the report)."""

    code: str
    score: Score | None
    comment: str
    column: str


@dataclass(frozen=True)
class ParsedSubmission:
    """One row of the export, read and checked; ``review`` is the reviewer's verdict when it keeps it out."""

    row: int
    instance_id: str
    deprecated_id: str | None
    submitted_at: dt.datetime
    review: str | None
    facility_code: str
    round_name: str
    form_version: str
    exported_at: dt.datetime
    visit_date: dt.date | None
    assessors: str
    team_leader: str
    answers: tuple[FieldAnswer, ...]


def read_submissions(data: bytes, indicator_set: IndicatorSet, facilities: Mapping[str, str]) -> \
        tuple[str, list[ParsedSubmission]]:
    """The layout and the submissions of an export; raise ``WorkbookRejected`` listing every problem.

    ``facilities`` maps each facility code washfit knows to its name.
    """
    table = read_table(data)
    return table.layout, _Reader(table, indicator_set, facilities).submissions()


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def quoted(value: object) -> str:
    """A value as the report shows it: in double quotes, control characters visible, cut short."""
    text = _SPACES.sub(" ", str(value))
    return '"' + (text[:40] + "…" if len(text) > 40 else text) + '"'


class _Reader:
    def __init__(self, table: Table, indicator_set: IndicatorSet, facilities: Mapping[str, str]) -> None:
        self.table = table
        self.indicator_set = indicator_set
        self.fields = form_fields(indicator_set)
        self.problems: list[Problem] = []
        self.scores = {_normal(text): SCORE_CHOICES[name] for name, labels in score_labels().items()
                       for text in (name, *labels)}
        self.facilities = {_normal(text): code for code, name in facilities.items()
                           for text in (code, facility_choice(code), facility_label(code, name))}
        self.columns = self._columns()

    # -- the header ---------------------------------------------------------------------------

    def _columns(self) -> dict[str, int]:
        """Where each field washfit reads stands in the header, by field name (or metadata key)."""
        keys: dict[str, tuple[str, ...]] = {name: (name,) for name in self.fields.names}
        for name, labels in field_labels(self.indicator_set).items():
            keys[name] = (name, *labels)
        for key in (INSTANCE_ID, DEPRECATED_ID, KOBO_UUID, *SUBMITTED, *REVIEW):
            keys[key] = (key,)
        found: dict[str, int] = {}
        for index, header in enumerate(self.table.header):
            for key, spellings in keys.items():
                if key not in found and any(_names(header, spelling) for spelling in spellings):
                    found[key] = index
                    break
        missing = [key for key in (FACILITY, ROUND, FORM_VERSION, INDICATOR_SET) if key not in found]
        if INSTANCE_ID not in found and KOBO_UUID not in found:
            missing.append(f"meta/{INSTANCE_ID}")
        if not any(key in found for key in SUBMITTED):
            missing.append(" / ".join(SUBMITTED))
        if missing:
            raise WorkbookRejected([problem(
                None,
                "the file has no column %(columns)s: is it an export of washfit's form (the XLSForm washfit made)?",
                columns=", ".join(missing))])
        return found

    # -- the rows ---------------------------------------------------------------------------------

    def submissions(self) -> list[ParsedSubmission]:
        read: list[ParsedSubmission] = []
        seen: dict[str, int] = {}
        for number, row in self.table.rows:
            submission = self._submission(number, row)
            if submission is None:
                continue
            if submission.instance_id in seen:
                self.problems.append(problem(None, "row %(row)d: instance id %(id)s appears twice (also row %(other)d)",
                                             row=number, id=submission.instance_id, other=seen[submission.instance_id]))
                continue
            seen[submission.instance_id] = number
            read.append(submission)
            if len(self.problems) >= MAX_PROBLEMS:
                break
        if self.problems:
            raise WorkbookRejected(_capped(self.problems))
        return read

    def _value(self, row: Sequence[str], key: str) -> str:
        index = self.columns.get(key)
        return "" if index is None or index >= len(row) else row[index].strip()

    def _column(self, key: str) -> str:
        return self.table.header[self.columns[key]]

    def _submission(self, number: int, row: Sequence[str]) -> ParsedSubmission | None:
        found = len(self.problems)
        # Kobo's CSV may hold only _uuid, the instance id without its "uuid:" scheme.
        uuid = self._value(row, KOBO_UUID)
        instance_id = self._value(row, INSTANCE_ID) or (f"uuid:{uuid}" if uuid else "")
        if not instance_id or len(instance_id) > MAX_ID_CHARS:
            self.problems.append(problem(None, "row %(row)d: the submission has no instance id", row=number))
        submitted_key = next(key for key in SUBMITTED if key in self.columns)
        submitted_at = self._moment(number, submitted_key, row)
        form_version = self._value(row, FORM_VERSION)
        exported_at = _version_time(form_version)
        if exported_at is None:
            self.problems.append(problem(
                None, "row %(row)d, column %(column)s: %(value)s is not the version of a form washfit made",
                row=number, column=self._column(FORM_VERSION), value=quoted(form_version)))
        theirs = self._value(row, INDICATOR_SET)
        if theirs != set_label(self.indicator_set):
            self.problems.append(problem(
                None, "row %(row)d, column %(column)s: the form was made for indicator set %(theirs)s; this round uses "
                      "%(ours)s: export the form again", row=number, column=self._column(INDICATOR_SET),
                theirs=quoted(theirs), ours=set_label(self.indicator_set)))
        facility_code = self._facility(number, row)
        answers = self._answers(number, row)
        visit_date = self._date(number, row)
        if len(self.problems) > found or submitted_at is None or exported_at is None or facility_code is None:
            return None
        review = next((v for v in (self._value(row, key) for key in REVIEW) if _normal(v) in SKIPPED_REVIEWS), None)
        return ParsedSubmission(
            row=number, instance_id=instance_id, deprecated_id=self._value(row, DEPRECATED_ID) or None,
            submitted_at=submitted_at, review=review, facility_code=facility_code,
            round_name=self._value(row, ROUND), form_version=form_version, exported_at=exported_at,
            visit_date=visit_date, assessors=self._value(row, ASSESSORS)[:300],
            team_leader=self._value(row, TEAM_LEADER)[:200], answers=answers,
        )

    def _moment(self, number: int, key: str, row: Sequence[str]) -> dt.datetime | None:
        value = self._value(row, key)
        moment = _datetime(value)
        if moment is None:
            self.problems.append(problem(None, "row %(row)d, column %(column)s: %(value)s is not a date and time",
                                         row=number, column=self._column(key), value=quoted(value)))
        return moment

    def _date(self, number: int, row: Sequence[str]) -> dt.date | None:
        value = self._value(row, VISIT_DATE)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            self.problems.append(problem(None, "row %(row)d, column %(column)s: %(value)s is not a date",
                                         row=number, column=self._column(VISIT_DATE), value=quoted(value)))
            return None

    def _facility(self, number: int, row: Sequence[str]) -> str | None:
        value = self._value(row, FACILITY)
        code = self.facilities.get(_normal(value))
        if code is None:
            self.problems.append(problem(None, "row %(row)d, column %(column)s: %(value)s is not a facility of washfit",
                                         row=number, column=self._column(FACILITY), value=quoted(value)))
        return code

    def _answers(self, number: int, row: Sequence[str]) -> tuple[FieldAnswer, ...]:
        comments = {code: name for name, code in self.fields.comments.items()}
        answers = []
        for name, code in self.fields.scores.items():
            if name not in self.columns and comments[code] not in self.columns:
                continue
            raw, comment = self._value(row, name), self._value(row, comments[code])
            column = self._column(name) if name in self.columns else self._column(comments[code])
            score = self.scores.get(_normal(raw)) if raw else None
            if raw and score is None:
                self.problems.append(problem(None, "row %(row)d, column %(column)s: %(value)s is not a known choice",
                                             row=number, column=column, value=quoted(raw)))
            elif len(comment) > MAX_COMMENT:
                self.problems.append(problem(
                    None, "row %(row)d, column %(column)s: the comment is longer than %(limit)d characters",
                    row=number, column=self._column(comments[code]), limit=MAX_COMMENT))
            elif comment and score is None:
                self.problems.append(problem(None, "row %(row)d, column %(column)s: a comment needs a score",
                                             row=number, column=self._column(comments[code])))
            elif score is not None:
                answers.append(FieldAnswer(code, score, comment, column))
        return tuple(answers)


def _names(header: str, spelling: str) -> bool:
    """Whether a column header is ``spelling``, alone or after a group path and any separator."""
    if header == spelling:
        return True
    if not header.endswith(spelling) or len(header) == len(spelling):
        return False
    before = header[-len(spelling) - 1]
    return not (before.isalnum() or before == "_")


def _datetime(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _version_time(version: str) -> dt.datetime | None:
    """When the form was exported, from its version (``form.form_version``)."""
    try:
        return dt.datetime.strptime(version, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS],
            problem(None, "… and %(count)d more problems", count=len(problems) - MAX_PROBLEMS)]
