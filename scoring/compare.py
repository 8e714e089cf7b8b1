"""Compare two assessments of one facility: the change per domain and per indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scoring.answers import Score
from scoring.engine import AssessmentScore, ScoreSummary


@dataclass(frozen=True)
class DomainChange:
    """A domain's percentage before and after, and the change in percentage points."""

    domain: str
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class IndicatorChange:
    """An indicator whose answer differs between the two assessments."""

    code: str
    before: Score | None
    after: Score | None

    @property
    def direction(self) -> str:
        """"better", "worse" or "changed" (to or from not applicable or unanswered)."""
        if self.before is None or self.after is None:
            return "changed"
        before, after = self.before.points, self.after.points
        if before is None or after is None:
            return "changed"
        return "better" if after > before else "worse"


@dataclass(frozen=True)
class ScoreChange:
    """How a facility's domain and overall percentages moved between two rounds."""

    domains: tuple[DomainChange, ...]
    overall: DomainChange


@dataclass(frozen=True)
class Comparison(ScoreChange):
    """How a facility moved between two rounds, indicator by indicator too."""

    indicators: tuple[IndicatorChange, ...] = ()

    @property
    def improved(self) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.indicators if c.direction == "better")

    @property
    def worsened(self) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.indicators if c.direction == "worse")


def score_change(before: ScoreSummary, after: ScoreSummary) -> ScoreChange:
    """The change of the percentages from ``before`` to ``after``; both scored with the same set."""
    if before.set_id != after.set_id:
        raise ValueError(f"cannot compare sets {before.set_id!r} and {after.set_id!r}")
    domains = tuple(DomainChange(b.domain, b.percent, after.domain(b.domain).percent) for b in before.domains)
    return ScoreChange(domains, DomainChange("overall", before.overall.percent, after.overall.percent))


def compare_assessments(before: AssessmentScore, after: AssessmentScore) -> Comparison:
    """The change from ``before`` to ``after``, down to each indicator; both scored with the same set."""
    change = score_change(before, after)
    codes = list(dict.fromkeys([*before.answers, *after.answers]))
    changes = tuple(
        IndicatorChange(code, before.answers.get(code), after.answers.get(code))
        for code in codes
        if before.answers.get(code) != after.answers.get(code)
    )
    return Comparison(change.domains, change.overall, changes)
