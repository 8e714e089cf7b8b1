"""The dashboard's death audit table: per puskesmas, deaths and WASH-related factors beside its delivery-room scores.

Counts are raw here; the page shows them through ``death_audits.summaries.shown_count``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.death_audits.codes import AuditCodes
from assessments.death_audits.summaries import counts_in_window
from assessments.facilities import profile_of
from assessments.models import Assessment, AssessmentRound, Facility, Response
from assessments.scores.stored import from_score
from scoring import IndicatorSet, Score


@dataclass(frozen=True)
class DeliveryRoomRow:
    """One puskesmas with audited cases in the window, and its delivery-room indicators in the round."""

    facility_code: str
    facility_name: str
    deaths: int
    wash_cases: int
    synthetic: bool
    met: int                  # delivery-room indicators fully met in the round
    applicable: int           # delivery-room indicators that apply to the puskesmas
    gaps: tuple[str, ...]     # codes of those not fully met (or not answered)


def delivery_room_rows(
    session: Session, indicator_set: IndicatorSet, codes: AuditCodes, round_: AssessmentRound, today: dt.date
) -> list[DeliveryRoomRow]:
    """Rows for the puskesmas whose audits fall in the window, most WASH-related cases first."""
    counts = counts_in_window(session, codes, today)
    maternal = [i for i in indicator_set.indicators if "maternal" in i.flags]
    met_codes: defaultdict[int, set[str]] = defaultdict(set)  # one query for all rows, not one per puskesmas
    for facility_id, code in session.execute(
            select(Assessment.facility_id, Response.indicator_code)
            .join(Response, Response.assessment_id == Assessment.id)
            .where(Assessment.round_id == round_.id, Assessment.facility_id.in_(counts),
                   Response.indicator_code.in_([i.code for i in maternal]), Response.score == from_score(Score.MET))):
        met_codes[facility_id].add(code)
    rows = []
    for facility in session.scalars(select(Facility).where(Facility.id.in_(counts)).order_by(Facility.code)):
        applicable = [i.code for i in maternal if i.applies(profile_of(facility))]
        met = [code for code in applicable if code in met_codes[facility.id]]
        count = counts[facility.id]
        rows.append(DeliveryRoomRow(facility.code, facility.name, count.deaths, count.wash_cases, count.synthetic,
                                    len(met), len(applicable), tuple(c for c in applicable if c not in met)))
    rows.sort(key=lambda r: (-r.wash_cases, -r.deaths, r.facility_code))
    return rows
