"""A round's figures as DHIS2 data values, and the ``dataValueSets`` files (JSON, CSV) that carry them.

Only submitted and validated assessments are sent: a draft is work in progress, and DHIS2 would
keep its half-counted percentages as the facility's figures. A facility without a DHIS2 org unit
is named in ``left_out`` and sent nothing, never a guessed unit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.dhis2.scheme import (
    ESSENTIAL,
    OVERALL,
    DataElement,
    data_elements,
    data_set_code,
    domain_element,
    indicator_element,
    jmp_element,
)
from assessments.errors import InvalidInput
from assessments.facilities import profile_of
from assessments.indicator_sets import round_set
from assessments.models import Assessment, AssessmentRound, Facility, Response
from assessments.rounds import dhis2_period
from assessments.scores.stored_figures import stored_summaries
from scoring import IndicatorSet, ScoreSummary

SENT_STATUSES = ("submitted", "validated")
# Every value of a synthetic (demo) round says so where DHIS2 shows it, beside the value.
SYNTHETIC_COMMENT = "DATA SINTETIS (demo washfit) / SYNTHETIC washfit demo data"
# The header of DHIS2's CSV data value import, whose first row it skips; values are read by position.
CSV_HEADER = ("dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value",
              "storedby", "lastupdated", "comment", "followup")


@dataclass(frozen=True)
class DataValue:
    data_element: str
    org_unit: str
    value: str
    last_updated: str  # the assessment's last change, ISO 8601 with offset


@dataclass(frozen=True)
class Dhis2Export:
    """What a round sends to DHIS2, and what it leaves out."""

    round_name: str
    period: str
    data_set: str
    synthetic: bool
    elements: tuple[DataElement, ...]
    values: tuple[DataValue, ...]
    facilities: tuple[str, ...]  # the codes of the facilities sent
    left_out: tuple[Facility, ...]  # submitted or validated, but without an org unit
    drafts: int  # assessments of the round not sent because they are drafts


def round_data_values(session: Session, round_: AssessmentRound, indicators: bool = False) -> Dhis2Export:
    """The data values of ``round_``: per facility its domain percentages, overall, essential
    compliance and JMP levels, and with ``indicators`` its answers.

    ``InvalidInput`` (nothing to write) when the round's period is not a DHIS2 period or no
    facility with a submitted or validated assessment has an org unit.
    """
    period = dhis2_period(round_)
    indicator_set = round_set(round_)
    elements = data_elements(indicator_set, indicators)
    assessed = session.execute(
        select(Assessment, Facility).join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_.id).order_by(Facility.code)
    ).all()
    sent = [(a, f) for a, f in assessed if a.status in SENT_STATUSES and f.dhis2_org_unit]
    left_out = tuple(f for a, f in assessed if a.status in SENT_STATUSES and not f.dhis2_org_unit)
    if not sent:
        raise InvalidInput("no facility with a submitted or validated assessment in round %(name)s has a DHIS2 "
                           "org unit: set them on the facility form first", name=round_.name)
    summaries = stored_summaries(session, indicator_set, round_.id)
    answers = _answers(session, indicator_set, sent) if indicators else {}
    values: list[DataValue] = []
    for assessment, facility in sent:
        changed = assessment.updated_at  # SQLite gives it back without its zone, which is UTC
        stamp = (changed if changed.tzinfo else changed.replace(tzinfo=dt.UTC)).isoformat(timespec="seconds")
        org_unit = facility.dhis2_org_unit or ""
        figures = _figures(summaries[facility.id]) | answers.get(assessment.id, {})
        values += [DataValue(e.code, org_unit, figures[e.code], stamp) for e in elements if e.code in figures]
    return Dhis2Export(
        round_name=round_.name, period=period, data_set=data_set_code(period), synthetic=round_.synthetic,
        elements=elements, values=tuple(values), facilities=tuple(f.code for _a, f in sent), left_out=left_out,
        drafts=sum(1 for a, _f in assessed if a.status not in SENT_STATUSES),
    )


def _figures(summary: ScoreSummary) -> dict[str, str]:
    """A facility's figures by data element code; a percentage with nothing to score sends no value."""
    figures = {domain_element(d.domain): d.percent for d in summary.domains}
    figures[OVERALL] = summary.overall.percent
    figures[ESSENTIAL] = summary.essential.percent
    shown = {code: str(value) for code, value in figures.items() if value is not None}
    return shown | {jmp_element(area): level for area, level in summary.jmp.items()}


def _answers(
    session: Session, indicator_set: IndicatorSet, sent: Sequence[tuple[Assessment, Facility]]
) -> dict[int, dict[str, str]]:
    """Each sent assessment's scores by data element code. Not applicable (and an indicator that does
    not apply to the facility) sends no value: a DHIS2 number has no "not applicable"."""
    profiles = {a.id: profile_of(f) for a, f in sent}
    found: dict[int, dict[str, str]] = {a.id: {} for a, _f in sent}
    rows = session.execute(
        select(Response.assessment_id, Response.indicator_code, Response.score)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .where(Assessment.round_id == sent[0][0].round_id, Assessment.status.in_(SENT_STATUSES),
               Response.score.is_not(None))
    )
    for assessment_id, code, score in rows:
        if assessment_id in profiles and code in indicator_set \
                and indicator_set.indicator(code).applies(profiles[assessment_id]):
            found[assessment_id][indicator_element(code)] = str(score)
    return found


def as_json(export: Dhis2Export) -> bytes:
    """The ``dataValueSets`` JSON payload: the data set and period once, the org unit on every value."""
    comment = {"comment": SYNTHETIC_COMMENT} if export.synthetic else {}
    payload = {
        "dataSet": export.data_set,
        "period": export.period,
        "dataValues": [
            {"dataElement": v.data_element, "period": export.period, "orgUnit": v.org_unit, "value": v.value,
             "lastUpdated": v.last_updated, **comment}
            for v in export.values
        ],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def as_csv(export: Dhis2Export) -> bytes:
    """The CSV DHIS2's data value import reads: the header row, then one row per value (default
    category and attribute option combos left empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    comment = SYNTHETIC_COMMENT if export.synthetic else ""
    for v in export.values:
        writer.writerow((v.data_element, export.period, v.org_unit, "", "", v.value, "washfit", v.last_updated,
                         comment, "false"))
    return out.getvalue().encode("utf-8")
