"""Where a puskesmas stands in its district: the median score per domain in a round.

A module of its own (not in round_scores) because it reads the round's figures only through
``stored_summaries`` (the figures stored as answers are saved), whatever way those come to be computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.models import Assessment, AssessmentRound
from assessments.scores.stored_figures import stored_summaries
from scoring import IndicatorSet

# The assessments a district figure counts: those a puskesmas has put forward (drafts change daily).
COUNTED_STATUSES = ("submitted", "validated")


@dataclass(frozen=True)
class DistrictMedians:
    """The middle puskesmas's score per domain and overall in a round, and how many were counted."""

    domains: dict[str, Decimal | None]
    overall: Decimal | None
    counted: int


def _median(values: Sequence[Decimal]) -> Decimal | None:
    return Decimal(median(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if values else None


def district_medians(session: Session, indicator_set: IndicatorSet, round_: AssessmentRound) -> DistrictMedians:
    """Median domain and overall percentages over the round's submitted and validated assessments."""
    counted = set(session.scalars(select(Assessment.facility_id).where(
        Assessment.round_id == round_.id, Assessment.status.in_(COUNTED_STATUSES))))
    summaries = [s for fid, s in stored_summaries(session, indicator_set, round_.id).items() if fid in counted]
    domains = {d.code: _median([p for s in summaries if (p := s.domain(d.code).percent) is not None])
               for d in indicator_set.domains}
    overall = _median([p for s in summaries if (p := s.overall.percent) is not None])
    return DistrictMedians(domains, overall, len(summaries))
