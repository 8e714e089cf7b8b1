"""Scores stored as they are saved: per assessment and domain the tally, per area the JMP level.

Every write path that changes what an assessment scores (its answers, its facility's profile, its
round's set, a restore, the demo, the migration) calls ``store_scores`` or ``rescore`` in its own
transaction, so the stored figures are those ``scoring`` gives for the stored answers; pages,
charts, exports and the budget read them with ``stored_summaries`` instead of counting answers.
The hypothesis test of the write paths compares the two on random answer histories.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Table, delete, insert, select
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
from assessments.scores.round_scores import round_figures
from assessments.scores.stored import score_of
from scoring import EssentialTally, Tally, essential_tally

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
    essentials = {d.code: essential_tally(d.indicators, score.answers) for d in indicator_set.domains}
    _write(session, [assessment.id], [
        (assessment.id, {d.domain: d.tally for d in score.domains}, essentials, score.jmp)])


def store_facility_scores(session: Session, facility: Facility) -> Facility:
    """Store the figures of every assessment of the facility, after its profile changed; the facility."""
    for assessment in session.scalars(select(Assessment).where(Assessment.facility_id == facility.id)):
        store_scores(session, assessment)
    return facility


def rescore(session: Session, round_id: int | None = None) -> int:
    """Rebuild the stored figures of one round (or every round) from its answers; the count scored.

    One GROUP BY over the round's responses per round (``round_figures``), written in bulk. Reads
    columns, not rows, so that migration 0013 can run it at any later schema.
    """
    query = (select(AssessmentRound.id, StoredIndicatorSet.content_hash, StoredIndicatorSet.yaml_text)
             .join(StoredIndicatorSet, StoredIndicatorSet.id == AssessmentRound.indicator_set_id))
    if round_id is not None:
        query = query.where(AssessmentRound.id == round_id)
    scored = 0
    for rid, digest, yaml_text in session.execute(query).all():
        indicator_set = set_of_text(digest, yaml_text)
        figures = round_figures(session, indicator_set, rid).values()
        ids = session.scalars(select(Assessment.id).where(Assessment.round_id == rid)).all()
        _write(session, ids, [(f.assessment_id, f.tallies, f.essentials, f.summary.jmp) for f in figures])
        scored += len(figures)
    return scored


def _write(
    session: Session,
    assessment_ids: Sequence[int],
    figures: Iterable[tuple[int, Mapping[str, Tally], Mapping[str, EssentialTally], Mapping[str, str]]],
) -> None:
    for chunk in range(0, len(assessment_ids), 500):
        some = assessment_ids[chunk:chunk + 500]
        session.execute(delete(_D).where(_D.assessment_id.in_(some)))
        session.execute(delete(_L).where(_L.assessment_id.in_(some)))
    now = utc_now()
    domain_rows: list[dict[str, object]] = []
    level_rows: list[dict[str, object]] = []
    for assessment_id, tallies, essentials, jmp in figures:
        for domain, t in tallies.items():
            e = essentials[domain]
            domain_rows.append({
                "assessment_id": assessment_id, "domain": domain, "points": t.points, "maximum": t.maximum,
                "met": t.met, "partial": t.partial, "not_met": t.not_met, "not_applicable": t.not_applicable,
                "unanswered": t.unanswered, "essential_met": e.met, "essential_assessed": e.assessed,
                "scored_at": now})
        level_rows.extend({"assessment_id": assessment_id, "area": area, "level": level}
                          for area, level in jmp.items())
    connection = session.connection()  # Core executemany: the ORM's bulk insert is three times slower
    if domain_rows:
        connection.execute(insert(_DOMAIN_TABLE), domain_rows)
    if level_rows:
        connection.execute(insert(_LEVEL_TABLE), level_rows)
