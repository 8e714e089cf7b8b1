"""The DHIS2 files of a round, as the command line and the web download both ask for them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from assessments.dhis2.metadata import dhis2_metadata, metadata_json
from assessments.dhis2.values import Dhis2Export, as_csv, as_json, round_data_values
from assessments.indicator_sets import round_set
from assessments.models import AssessmentRound
from assessments.rounds import dhis2_period

# What a file holds and how it is written: the data values as JSON or CSV, or their metadata.
KINDS = ("values.json", "values.csv", "metadata.json")
MIMETYPES = {"json": "application/json", "csv": "text/csv"}


@dataclass(frozen=True)
class Dhis2File:
    data: bytes
    name: str  # a file name for a download: the round's name, the period, the kind
    mimetype: str
    export: Dhis2Export | None  # what the values hold and leave out; None for the metadata


def dhis2_file(session: Session, round_: AssessmentRound, kind: str, indicators: bool = False) -> Dhis2File:
    """The ``kind`` file of ``round_`` (one of ``KINDS``); ``InvalidInput`` when there is nothing to send."""
    period = dhis2_period(round_)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", round_.name).strip("-").lower() or "round"
    name = f"washfit-dhis2-{stem}-{period}-{kind}"
    extension = kind.rsplit(".", 1)[1]
    if kind == "metadata.json":
        return Dhis2File(metadata_json(dhis2_metadata(round_set(round_), period, indicators)), name,
                         MIMETYPES[extension], None)
    export = round_data_values(session, round_, indicators)
    return Dhis2File(as_json(export) if extension == "json" else as_csv(export), name, MIMETYPES[extension], export)
