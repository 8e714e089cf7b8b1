"""Compare two assessments of one facility: the change per domain and per indicator.

The two may be scored with different versions of a set. Domains are always compared by code.
Indicators are compared where the newer set connects them: the same code (unless the newer set
says another indicator ``replaces`` it), or a newer indicator that ``replaces`` older codes (a
rename, a split, a merge). An indicator only one side has is listed as new or dropped, never as a
change from or to nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.answers import Score
from scoring.definitions import IndicatorSet
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
    before_codes: tuple[str, ...] = ()  # the older codes it replaces, when they differ from ``code``

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
    new: tuple[str, ...] = ()      # indicators of the newer set that connect to none of the older
    dropped: tuple[str, ...] = ()  # indicators of the older set that nothing in the newer connects to

    @property
    def improved(self) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.indicators if c.direction == "better")

    @property
    def worsened(self) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.indicators if c.direction == "worse")


def score_change(before: ScoreSummary, after: ScoreSummary) -> ScoreChange:
    """The change of the percentages from ``before`` to ``after``, domain by domain code.

    A domain only one of them has shows with the other side ``None`` (no change is worked out).
    """
    codes = list(dict.fromkeys([*(d.domain for d in before.domains), *(d.domain for d in after.domains)]))
    domains = tuple(DomainChange(code, _percent(before, code), _percent(after, code)) for code in codes)
    return ScoreChange(domains, DomainChange("overall", before.overall.percent, after.overall.percent))


def _percent(summary: ScoreSummary, code: str) -> Decimal | None:
    return next((d.percent for d in summary.domains if d.domain == code), None)


def indicator_links(before_set: IndicatorSet, after_set: IndicatorSet) -> dict[str, tuple[str, ...]]:
    """For each indicator of ``after_set``, the indicators of ``before_set`` it continues.

    An indicator that lists ``replaces`` continues those codes; otherwise it continues its own code,
    unless an indicator of the newer set replaces that code. Empty tuples mark new indicators.
    """
    replaced = {code for i in after_set.indicators for code in i.replaces}
    links = {}
    for indicator in after_set.indicators:
        if indicator.replaces:
            links[indicator.code] = tuple(c for c in indicator.replaces if c in before_set)
        elif indicator.code in before_set and indicator.code not in replaced:
            links[indicator.code] = (indicator.code,)
        else:
            links[indicator.code] = ()
    return links


def compare_assessments(
    before: AssessmentScore, after: AssessmentScore,
    before_set: IndicatorSet | None = None, after_set: IndicatorSet | None = None,
) -> Comparison:
    """The change from ``before`` to ``after``, down to each indicator the sets connect.

    Without the two sets (or with one set for both) indicators are matched by code. A merged
    indicator is compared with the lowest score among those it replaces.
    """
    change = score_change(before, after)
    if before_set is None or after_set is None or before_set is after_set:
        codes = list(dict.fromkeys([*before.answers, *after.answers]))
        changes = tuple(
            IndicatorChange(code, before.answers.get(code), after.answers.get(code))
            for code in codes
            if before.answers.get(code) != after.answers.get(code)
        )
        return Comparison(change.domains, change.overall, changes)
    links = indicator_links(before_set, after_set)
    connected = {code for olds in links.values() for code in olds}
    linked = []
    for code, olds in links.items():
        if not olds:
            continue
        old = _lowest({c: before.answers[c] for c in olds if c in before.answers})
        new = after.answers.get(code)
        if old != new:
            linked.append(IndicatorChange(code, old, new, () if olds == (code,) else olds))
    return Comparison(
        change.domains, change.overall, tuple(linked),
        new=tuple(code for code, olds in links.items() if not olds),
        dropped=tuple(i.code for i in before_set.indicators if i.code not in connected),
    )


def _lowest(scores: Mapping[str, Score]) -> Score | None:
    """The lowest answered score; not applicable only when every one is."""
    if not scores:
        return None
    answered = [s for s in scores.values() if s.points is not None]
    return min(answered, key=lambda s: s.points or 0) if answered else next(iter(scores.values()))
