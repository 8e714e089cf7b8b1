"""The XLSForm download of a round: its indicator set, the district's facilities, the round itself."""

from __future__ import annotations

import datetime as dt

import yaml
from sqlalchemy.orm import Session

from assessments.facilities import list_facilities, profile_of
from assessments.models import AssessmentRound, utc_now
from assessments.xlsform.form import FormData, FormFacility, write_form
from scoring import IndicatorSet


def export_round_form(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, exported_at: dt.datetime | None = None
) -> bytes:
    """The round's XLSForm: ``indicator_set`` is the set the round is assessed with.

    The form carries the stored set's mapping (``form.MAP_SHEET``), so it imports back to the same set.
    """
    facilities = [FormFacility(f.code, f.name, profile_of(f)) for f in list_facilities(session)]
    return write_form(FormData(
        indicator_set=indicator_set, round_name=round_.name, synthetic=round_.synthetic, facilities=facilities,
        exported_at=exported_at or utc_now(), set_data=yaml.safe_load(round_.indicator_set.yaml_text),
    ))
