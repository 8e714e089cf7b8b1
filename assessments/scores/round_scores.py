"""A round's facilities with their stored figures, and its answers counted per indicator.

Pages and exports read the figures ``stored_tallies`` keeps (``stored_summaries``); only the
per-indicator counts of the district's indicator table still group the round's answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.models import Assessment, AssessmentRound, Facility, Response
from assessments.scores.stored_figures import stored_summaries
from scoring import FacilityProfile, IndicatorSet, Score, ScoreSummary


@dataclass(frozen=True)
class FacilityResult:
    """One facility's row in a round: its assessment (if any) and the scores."""

    facility: Facility
    assessment: Assessment | None
    score: ScoreSummary | None


# The facility columns a profile is read from, in ``FacilityProfile``'s field order (twin: ``profile_of``).
PROFILE_COLUMNS = (Facility.inpatient, Facility.delivery, Facility.rainfall_sufficient, Facility.sewered)


def _profile(fields: Sequence[object]) -> FacilityProfile:
    return FacilityProfile(*(bool(f) for f in fields))


def round_overview(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, facilities: Sequence[Facility] | None = None
) -> list[FacilityResult]:
    """Every facility (or those given) with its assessment and stored figures in ``round_``."""
    ids = None if facilities is None else [f.id for f in facilities]
    if facilities is None:
        facilities = session.scalars(select(Facility).order_by(Facility.code)).all()
    in_round = select(Assessment).where(Assessment.round_id == round_.id)
    if ids is not None:
        in_round = in_round.where(Assessment.facility_id.in_(ids))
    assessments = {a.facility_id: a for a in session.scalars(in_round)}
    summaries = stored_summaries(session, indicator_set, round_.id, ids)
    return [FacilityResult(f, assessments.get(f.id), summaries.get(f.id)) for f in facilities]


def indicator_counts(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound
) -> dict[str, dict[Score | None, int]]:
    """Per indicator, how many assessed facilities meet, partly meet or do not meet it, find it not
    applicable (also because it does not apply to them), or have not answered it (key None)."""
    counted = (
        select(Response.indicator_code, Response.score, func.count(), *PROFILE_COLUMNS)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Facility, Facility.id == Assessment.facility_id)
        .where(Assessment.round_id == round_.id)
        .group_by(Response.indicator_code, Response.score, *PROFILE_COLUMNS)
    )
    assessed = (
        select(func.count(), *PROFILE_COLUMNS)
        .join(Assessment, Assessment.facility_id == Facility.id)
        .where(Assessment.round_id == round_.id)
        .group_by(*PROFILE_COLUMNS)
    )
    profiles: dict[FacilityProfile, int] = defaultdict(int)
    for n, *fields in session.execute(assessed):
        profiles[_profile(fields)] += n
    counts: dict[str, dict[Score | None, int]] = {i.code: defaultdict(int) for i in indicator_set.indicators}
    for code, score, n, *fields in session.execute(counted):
        if code in counts and indicator_set.indicator(code).applies(_profile(fields)):
            counts[code][Score.NOT_APPLICABLE if score is None else Score(score)] += n
    for indicator in indicator_set.indicators:
        tally = counts[indicator.code]
        for profile, n in profiles.items():
            if not indicator.applies(profile):
                tally[Score.NOT_APPLICABLE] += n
        tally[None] = sum(profiles.values()) - sum(v for k, v in tally.items() if k is not None)
    return counts
