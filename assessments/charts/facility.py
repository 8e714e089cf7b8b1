"""One facility's charts as data: its domain profile in a round and its change between rounds."""

from __future__ import annotations

from collections.abc import Sequence

from assessments.charts.drawing import Bar, DomainMove, DomainProfile, RoundChange
from assessments.charts.words import domain_labels
from assessments.scores.facility_scores import FacilityRound
from scoring import AssessmentScore, IndicatorSet


def domain_profile(indicator_set: IndicatorSet, score: AssessmentScore, lang: str, title: str) -> DomainProfile:
    labels = domain_labels(indicator_set, lang)
    return DomainProfile(title, tuple(Bar(label, d.percent) for label, d in zip(labels, score.domains, strict=True)))


def round_change(indicator_set: IndicatorSet, history: Sequence[FacilityRound], lang: str, title: str) -> RoundChange:
    """The latest round against the one before it; with one round only, just the latest scores."""
    latest = history[-1]
    labels = domain_labels(indicator_set, lang)
    if latest.change is None:
        moves = tuple(DomainMove(label, None, d.percent) for label, d in zip(labels, latest.score.domains, strict=True))
        return RoundChange(title, None, latest.round.name, moves)
    moves = tuple(DomainMove(label, c.before, c.after) for label, c in zip(labels, latest.change.domains, strict=True))
    return RoundChange(title, history[-2].round.name, latest.round.name, moves)
