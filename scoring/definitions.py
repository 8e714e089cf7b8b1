"""Frozen dataclasses describing an indicator set: domains, indicators, actions, costs, JMP rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from scoring.errors import UnknownIndicatorError

LANGUAGES = ("id", "en")

# The applicability conditions an indicator may carry (``applies_to``), each read from one field of
# the facility profile. A set names a subset of them, with their words, under ``applicability``.
APPLICABILITY_CONDITIONS = ("all", "inpatient", "delivery", "rainfall_sufficient", "sewered", "on_site_sanitation")


@dataclass(frozen=True)
class Text:
    """A user-facing text in Bahasa Indonesia and English."""

    id: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in ``lang``, falling back to Bahasa Indonesia."""
        return self.en if lang == "en" else self.id


COST_KINDS = ("material", "service")


@dataclass(frozen=True)
class CostItem:
    """One line of the unit-cost catalog; money is whole rupiah, never a float."""

    code: str
    name: Text
    unit: Text
    cost: int
    source: str
    year: int
    estimate: bool
    region: str = ""  # where the figure was published (empty for washfit's estimates)
    kind: str = "material"  # "material" (freight to remote kecamatan applies) or "service"


@dataclass(frozen=True)
class ActionItem:
    """A quantity of one catalog item needed by an action."""

    item: str
    quantity: int


@dataclass(frozen=True)
class Action:
    """A default improvement action for an indicator that is not fully met."""

    text: Text
    items: tuple[ActionItem, ...]


@dataclass(frozen=True)
class Levels:
    """What meeting, partially meeting and not meeting an indicator look like."""

    met: Text
    partial: Text
    not_met: Text


@dataclass(frozen=True)
class Indicator:
    """One WASH FIT indicator: a target statement with its flags and default actions."""

    code: str
    domain: str
    text: Text
    flags: frozenset[str]
    applies_to: str
    service_area: str | None
    actions: tuple[Action, ...]
    levels: Levels | None = None
    replaces: tuple[str, ...] = ()  # codes of an earlier set version this indicator continues

    @property
    def essential(self) -> bool:
        return "essential" in self.flags

    @property
    def advanced(self) -> bool:
        """Meant for more advanced facilities and tertiary settings; distinct from essential."""
        return "advanced" in self.flags

    def applies(self, profile: FacilityProfile) -> bool:
        """Whether the indicator applies to a facility with this profile.

        The rescore of a round (``assessments.scores.rescoring``) hands the database this
        function's answers for each profile, so the rule has no SQL twin.
        """
        if self.applies_to == "inpatient":
            return profile.inpatient
        if self.applies_to == "delivery":
            return profile.delivery
        if self.applies_to == "rainfall_sufficient":
            return profile.rainfall_sufficient
        if self.applies_to == "sewered":
            return profile.sewered
        if self.applies_to == "on_site_sanitation":
            return not profile.sewered
        return True


@dataclass(frozen=True)
class Domain:
    """A WASH FIT domain and its indicators, in the guide's order."""

    code: str
    name: Text
    indicators: tuple[Indicator, ...]
    short: Text | None = None  # a word or two for table heads and charts; the name when the set has none

    def label(self, lang: str) -> str:
        """The short label in ``lang``: what a column head shows, with the code as its tooltip."""
        return (self.short or self.name).get(lang)


@dataclass(frozen=True)
class JmpCriterion:
    """One criterion of a JMP rung and the indicator scores that satisfy it.

    Every listed indicator must score one of its accepted scores (not applicable is skipped).
    ``note`` says why those scores and not others; ``text`` is the wording of a criterion the
    district defined itself (the advanced rung), None for the JMP's own criteria.
    """

    code: str  # "sanitation.basic.staff_toilet"
    scores: tuple[tuple[str, frozenset[int]], ...]
    note: str = ""
    text: Text | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The indicators the criterion reads, in the set's order of listing."""
        return tuple(code for code, _accepted in self.scores)


@dataclass(frozen=True)
class JmpRule:
    """How one JMP service area's level is read: the criteria of each rung.

    Basic needs all its criteria, limited any one of its criteria; advanced (defined by the
    district, empty when it is not) needs all of its criteria on top of basic.
    """

    area: str
    basic: tuple[JmpCriterion, ...]
    limited: tuple[JmpCriterion, ...]
    advanced: tuple[JmpCriterion, ...] = ()

    @property
    def criteria(self) -> tuple[JmpCriterion, ...]:
        """Every criterion of the rule, advanced first, then basic and limited."""
        return self.advanced + self.basic + self.limited


@dataclass(frozen=True)
class FacilityProfile:
    """What a facility offers, which decides the indicators that apply to it."""

    inpatient: bool = True
    delivery: bool = True
    rainfall_sufficient: bool = False  # enough regular rain to harvest rainwater
    sewered: bool = False              # toilets connected to a sewer (else on-site sanitation)


@dataclass(frozen=True, eq=False)
class IndicatorSet:
    """A whole, validated indicator set with look-ups by code.

    Compared and hashed by identity: a loaded set is one object per file version, which lets
    per-set results be cached.
    """

    id: str
    edition: str
    version: str
    title: Text
    source: Mapping[str, str]
    flags: Mapping[str, Text]
    applicability: Mapping[str, Text]
    service_areas: Mapping[str, Text]
    cost_items: Mapping[str, CostItem]
    domains: tuple[Domain, ...]
    jmp_rules: tuple[JmpRule, ...]
    _by_code: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {i.code: i for d in self.domains for i in d.indicators}
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, domain by domain in the guide's order."""
        return tuple(self._by_code.values())

    def indicator(self, code: str) -> Indicator:
        """Return the indicator with ``code``; raise ``UnknownIndicatorError`` if none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownIndicatorError(code) from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def domain(self, code: str) -> Domain:
        """Return the domain with ``code``; raise ``KeyError`` naming it if none."""
        for domain in self.domains:
            if domain.code == code:
                return domain
        raise KeyError(f"unknown domain {code!r}")
