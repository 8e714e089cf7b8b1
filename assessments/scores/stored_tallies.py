"""Scores stored as they are saved: per assessment and domain the tally, per area the JMP level.

Every write path that changes what an assessment scores (its answers, its facility's profile, its
round's set, a restore, the demo, the migration) calls ``store_scores`` or ``rescore`` in its own
transaction, so the stored figures are those ``scoring`` gives for the stored answers; pages,
charts, exports and the budget read them with ``stored_summaries`` instead of counting answers.
The hypothesis test of the write paths compares the two on random answer histories.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, Table, delete, insert, select
from sqlalchemy.orm import Session

from assessments.indicator_sets import round_set, set_of_text
from assessments.models import (
    Assessment,
    AssessmentDomainScore,
    AssessmentRound,
    AssessmentServiceLevel,
    Facility,
    StoredIndicatorSet,
    utc_now,
)
from assessments.scores.rescoring import write_levels, write_tallies
from assessments.scores.round_scores import PROFILE_COLUMNS
from assessments.scores.stored import score_of
from assessments.scores.stored_figures import TALLY_COLUMNS
from scoring import EssentialTally, FacilityProfile, Tally, essential_tally

_D = AssessmentDomainScore
_L = AssessmentServiceLevel
_DOMAIN_TABLE: Table = AssessmentDomainScore.__table__  # type: ignore[assignment]
_LEVEL_TABLE: Table = AssessmentServiceLevel.__table__  # type: ignore[assignment]


def store_scores(session: Session, assessment: Assessment) -> None:
    """Store the assessment's figures, scored with its round's set, in the caller's transaction.

    Call it after every change to what the assessment scores; it replaces what was stored.
    """
    session.flush()
    indicator_set = round_set(assessment.round)
    score = score_of(indicator_set, assessment)
    connection = session.connection()
    connection.execute(delete(_D).where(_D.assessment_id == assessment.id))
    connection.execute(delete(_L).where(_L.assessment_id == assessment.id))
    now = utc_now()
    tallies = {d.domain: d.tally for d in score.domains}
    connection.execute(insert(_DOMAIN_TABLE), [
        {"assessment_id": assessment.id, "domain": domain.code, **_tally_columns(tallies[domain.code]),
         **_essential_columns(essential_tally(domain.indicators, score.answers)), "scored_at": now}
        for domain in indicator_set.domains])
    if score.jmp:
        connection.execute(insert(_LEVEL_TABLE), [{"assessment_id": assessment.id, "area": area, "level": level}
                                                  for area, level in score.jmp.items()])


def store_facility_scores(session: Session, facility: Facility) -> Facility:
    """Store the figures of every assessment of the facility, after its profile changed; the facility."""
    for assessment in session.scalars(select(Assessment).where(Assessment.facility_id == facility.id)):
        store_scores(session, assessment)
    return facility


def rescore(session: Session, round_id: int | None = None) -> int:
    """Rebuild the stored figures of one round (or every round) from its answers; the count scored.

    The database counts and writes the tallies, ``scoring`` judges the JMP levels
    (``rescoring``); both replace what the round had stored. Reads columns, not rows, so that
    migration 0013 can run it at any later schema.
    """
    query = (select(AssessmentRound.id, StoredIndicatorSet.content_hash, StoredIndicatorSet.yaml_text)
             .join(StoredIndicatorSet, StoredIndicatorSet.id == AssessmentRound.indicator_set_id))
    if round_id is not None:
        query = query.where(AssessmentRound.id == round_id)
    connection = session.connection()
    scored = 0
    for rid, digest, yaml_text in connection.execute(query).all():
        indicator_set = set_of_text(digest, yaml_text)
        profiles = _profiles(connection.execute(
            select(Assessment.id, *PROFILE_COLUMNS).join(Facility, Facility.id == Assessment.facility_id)
            .where(Assessment.round_id == rid)))
        if profiles:  # a round without assessments has nothing stored
            write_tallies(connection, indicator_set, rid, set(profiles.values()), utc_now())
            write_levels(connection, indicator_set, rid, profiles)
        scored += len(profiles)
    return scored


def _profiles(rows: Iterable[Row[Any]]) -> dict[int, FacilityProfile]:
    """Each assessment's facility profile, by assessment id: one shared object per distinct profile."""
    made: dict[tuple[bool, ...], FacilityProfile] = {}
    profiles = {}
    for assessment_id, *fields in rows:
        key = tuple(bool(f) for f in fields)
        profile = made.get(key)
        if profile is None:
            profile = made[key] = FacilityProfile(*key)
        profiles[assessment_id] = profile
    return profiles


def _tally_columns(t: Tally) -> dict[str, int]:
    """The tally as its stored columns, named by ``stored_figures.TALLY_COLUMNS`` (which reads them back)."""
    return {column: getattr(t, column) for column in TALLY_COLUMNS}


def _essential_columns(e: EssentialTally) -> dict[str, int]:
    return {"essential_met": e.met, "essential_assessed": e.assessed}
