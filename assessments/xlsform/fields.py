"""The field names of washfit's XLSForm, shared by the form writer and the submissions reader.

Names must survive XLSForm, XForm (XML element names), ODK Central's and KoboToolbox's exports
and spreadsheets, so they use only lowercase letters, digits and ``_``:

- an indicator's answer: its code lowercased, with ``_`` between the letters it starts with and
  the first digit, and any other character made ``_`` (``W1`` → ``w_1``, ``W3b`` → ``w_3b``,
  ``HCWM2.1`` → ``hcwm_2_1``); a code starting with a digit gets ``i_`` in front;
- its optional comment: the same with ``_c`` (``w_1_c``);
- a domain's group: its code, made a name the same way and prefixed ``d_`` (``d_w``);
- the form's own fields: ``facility``, ``visit_date``, ``assessors``, ``team_leader`` and the
  calculated ``round``, ``form_version``, ``indicator_set``, ``inpatient``, ``delivery``.

A reader finds a field in an export header by its name after any group prefix and separator
(``d_w/w_1``, ``d_w-w_1``, ``w_1``), which is unambiguous because every name is unique and
holds no separator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring import IndicatorSet, Score

FORM_ID = "washfit_assessment"
SCORE_LIST = "score"
FACILITY_LIST = "facility"
SCORE_CHOICES = {"met": Score.MET, "partial": Score.PARTIAL, "not_met": Score.NOT_MET, "na": Score.NOT_APPLICABLE}
FACILITY, ROUND, VISIT_DATE, ASSESSORS, TEAM_LEADER = "facility", "round", "visit_date", "assessors", "team_leader"
FORM_VERSION, INDICATOR_SET, INPATIENT, DELIVERY = "form_version", "indicator_set", "inpatient", "delivery"
OWN_FIELDS = (FACILITY, ROUND, VISIT_DATE, ASSESSORS, TEAM_LEADER, FORM_VERSION, INDICATOR_SET, INPATIENT, DELIVERY)

_LEADING_LETTERS = re.compile(r"^([a-z]+)(?=[0-9])")
_NOT_NAME = re.compile(r"[^a-z0-9_]")
_CHOICE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def name_of(code: str) -> str:
    """The XML name an indicator code takes in the form (see the module's docstring)."""
    name = _NOT_NAME.sub("_", _LEADING_LETTERS.sub(r"\1_", code.strip().lower()))
    return name if name[:1].isalpha() else f"i_{name}"


def comment_name(code: str) -> str:
    return f"{name_of(code)}_c"


def group_name(domain_code: str) -> str:
    return f"d_{_NOT_NAME.sub('_', domain_code.strip().lower())}"


def facility_choice(code: str) -> str:
    """A facility code as a choice name: kept as it is when it is a valid name (``KPG01``)."""
    return _CHOICE_NAME.sub("_", code.strip()) or "_"


@dataclass(frozen=True)
class FormFields:
    """Every field name of the form for one indicator set, and what each one holds."""

    scores: dict[str, str]  # field name -> indicator code
    comments: dict[str, str]  # field name -> indicator code

    @property
    def names(self) -> tuple[str, ...]:
        return (*OWN_FIELDS, *self.scores, *self.comments)


def form_fields(indicator_set: IndicatorSet) -> FormFields:
    """The form's field names for ``indicator_set``; raises ``ValueError`` when two would clash."""
    scores = {name_of(i.code): i.code for i in indicator_set.indicators}
    comments = {comment_name(i.code): i.code for i in indicator_set.indicators}
    groups = {group_name(d.code) for d in indicator_set.domains}
    names = [*OWN_FIELDS, *scores, *comments]
    if len(scores) != len(indicator_set.indicators) or len(set(names)) != len(names) or groups & set(names) \
            or len(groups) != len(indicator_set.domains):
        raise ValueError(f"indicator codes of {indicator_set.id} give clashing XLSForm field names")
    return FormFields(scores, comments)
