"""Score one assessment: per domain, overall, essential compliance and JMP service levels.

The arithmetic follows the WASH FIT guide and is meant to be checked by hand:
a percentage is the sum of scores over the most that could be scored, that is
``sum(scores) / (2 × applicable answered indicators)``. "Not applicable" indicators, and those
that do not apply to the facility's profile, leave both sides of the fraction. Unanswered
indicators leave it too but are counted, so that a partly answered draft is scored over what was
assessed and shows how much is missing. A domain with nothing to score has no percentage (None),
never 0 %. Percentages are rounded half-up to one decimal, once, here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from scoring.answers import Score, validate_answers
from scoring.definitions import FacilityProfile, Indicator, IndicatorSet
from scoring.jmp import JmpGap, jmp_gaps, service_levels

ONE_DECIMAL = Decimal("0.1")


def percent(points: int, maximum: int) -> Decimal | None:
    """``points / maximum`` as a percentage rounded half-up to 0.1, or None when maximum is 0."""
    if maximum == 0:
        return None
    return (Decimal(points * 100) / Decimal(maximum)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tally:
    """The counts behind one percentage."""

    points: int = 0
    maximum: int = 0
    met: int = 0
    partial: int = 0
    not_met: int = 0
    not_applicable: int = 0
    unanswered: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.points, self.maximum)

    @property
    def answered(self) -> int:
        return self.met + self.partial + self.not_met

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.points + other.points, self.maximum + other.maximum, self.met + other.met,
                     self.partial + other.partial, self.not_met + other.not_met,
                     self.not_applicable + other.not_applicable, self.unanswered + other.unanswered)


def total(tallies: Iterable[Tally]) -> Tally:
    """The sum of ``tallies`` in plain integers, without a Tally per addition."""
    points = maximum = met = partial = not_met = not_applicable = unanswered = 0
    for t in tallies:
        points += t.points
        maximum += t.maximum
        met += t.met
        partial += t.partial
        not_met += t.not_met
        not_applicable += t.not_applicable
        unanswered += t.unanswered
    return Tally(points, maximum, met, partial, not_met, not_applicable, unanswered)


@dataclass(frozen=True)
class DomainScore:
    """A domain's tally and percentage."""

    domain: str
    tally: Tally

    @property
    def percent(self) -> Decimal | None:
        return self.tally.percent


@dataclass(frozen=True)
class EssentialTally:
    """How many applicable, answered essential indicators are fully met."""

    met: int
    assessed: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.met, self.assessed)


@dataclass(frozen=True)
class EssentialCompliance(EssentialTally):
    """The essential tally with the codes behind it."""

    unmet: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreSummary:
    """The figures of one assessment: what lists, dashboards and summaries show."""

    set_id: str
    set_version: str
    domains: tuple[DomainScore, ...]
    overall: Tally
    essential: EssentialTally
    jmp: Mapping[str, str]

    def domain(self, code: str) -> DomainScore:
        for domain in self.domains:
            if domain.domain == code:
                return domain
        raise KeyError(f"unknown domain {code!r}")


@dataclass(frozen=True)
class AssessmentScore(ScoreSummary):
    """Everything ``score_assessment`` works out for one assessment, answers included."""

    essential: EssentialCompliance
    answers: Mapping[str, Score] = field(default_factory=dict)
    jmp_gaps: Mapping[str, JmpGap] = field(default_factory=dict)


def jmp_levels(indicator_set: IndicatorSet, jmp_answers: Mapping[str, Score]) -> dict[str, str]:
    """Each JMP area's service level (its value) for the answers to the indicators the rules read.

    ``jmp_answers`` needs only the answers to those indicators (``scoring.jmp.jmp_indicator_codes``),
    not applicable where they do not apply.
    """
    return {area: level.value for area, level in service_levels(indicator_set, jmp_answers).items()}


def summarise(
    indicator_set: IndicatorSet,
    tallies: Mapping[str, Tally],
    essential: EssentialTally,
    jmp: Mapping[str, str],
) -> ScoreSummary:
    """Figures from counts made elsewhere (a round counted in SQL), by the same rules.

    ``jmp`` is ``jmp_levels`` of the answers, which a caller scoring many facilities judges once
    per distinct set of JMP answers.
    """
    domains = tuple(DomainScore(d.code, tallies.get(d.code, Tally())) for d in indicator_set.domains)
    return ScoreSummary(
        set_id=indicator_set.id,
        set_version=indicator_set.version,
        domains=domains,
        overall=total(d.tally for d in domains),
        essential=essential,
        jmp=jmp,
    )


def effective_answers(
    indicator_set: IndicatorSet, answers: Mapping[str, Score], profile: FacilityProfile
) -> dict[str, Score]:
    """Answers with every indicator that does not apply to the facility set to not applicable."""
    effective = dict(answers)
    for indicator in indicator_set.indicators:
        if not indicator.applies(profile):
            effective[indicator.code] = Score.NOT_APPLICABLE
    return effective


def tally(indicators: Iterable[Indicator], answers: Mapping[str, Score]) -> Tally:
    """Count the answers to ``indicators``.

    Twin in SQL: ``assessments.scores.rescoring.write_tallies`` counts the same per assessment and
    domain for a whole round; change both together (``test_rescoring`` compares them).
    """
    met = partial = not_met = not_applicable = unanswered = 0
    for indicator in indicators:
        score = answers.get(indicator.code)
        if score is None:
            unanswered += 1
        elif score is Score.MET:
            met += 1
        elif score is Score.PARTIAL:
            partial += 1
        elif score is Score.NOT_MET:
            not_met += 1
        else:
            not_applicable += 1
    answered = met + partial + not_met
    return Tally(2 * met + partial, 2 * answered, met, partial, not_met, not_applicable, unanswered)


def essential_tally(indicators: Iterable[Indicator], answers: Mapping[str, Score]) -> EssentialTally:
    """The essential counts of ``essential_compliance`` for some indicators (one domain's), without the codes.

    Twin in SQL: as for ``essential_compliance``; stored per domain, summed for an assessment.
    """
    met = assessed = 0
    for indicator in indicators:
        if indicator.essential:
            score = answers.get(indicator.code)
            if score is not None and score is not Score.NOT_APPLICABLE:
                assessed += 1
                met += score is Score.MET
    return EssentialTally(met, assessed)


def essential_compliance(indicator_set: IndicatorSet, answers: Mapping[str, Score]) -> EssentialCompliance:
    """Count essential indicators met among those applicable and answered.

    Twin in SQL: the two essential counts of ``assessments.scores.rescoring.write_tallies``.
    """
    met = 0
    unmet: list[str] = []
    unanswered: list[str] = []
    for indicator in indicator_set.indicators:
        if not indicator.essential:
            continue
        score = answers.get(indicator.code)
        if score is None:
            unanswered.append(indicator.code)
        elif score is Score.MET:
            met += 1
        elif score is not Score.NOT_APPLICABLE:
            unmet.append(indicator.code)
    return EssentialCompliance(met, met + len(unmet), tuple(unmet), tuple(unanswered))


def score_assessment(
    indicator_set: IndicatorSet,
    answers: Mapping[str, object],
    profile: FacilityProfile = FacilityProfile(),
) -> AssessmentScore:
    """Score one assessment's answers (codes to 0, 1, 2 or "na") for a facility profile."""
    checked = effective_answers(indicator_set, validate_answers(indicator_set, answers), profile)
    essential = essential_compliance(indicator_set, checked)
    summary = summarise(
        indicator_set,
        {d.code: tally(d.indicators, checked) for d in indicator_set.domains},
        essential,
        jmp_levels(indicator_set, checked),
    )
    return AssessmentScore(
        set_id=summary.set_id,
        set_version=summary.set_version,
        domains=summary.domains,
        overall=summary.overall,
        essential=essential,
        jmp=summary.jmp,
        answers=checked,
        jmp_gaps=jmp_gaps(indicator_set, checked),
    )
