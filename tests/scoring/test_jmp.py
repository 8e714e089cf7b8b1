"""JMP service levels, criterion by criterion, against the JMP's own definitions.

The answer patterns below are taken from the JMP's definitions of each rung for health care
facilities (washfit's summary is in docs/indicator-set-format.md) and read against the level
texts of the shipped set: they pin what the shipped rules must give, not what they happen to.
"""

import pytest
import yaml

from scoring import FacilityProfile, jmp_gaps, parse_indicator_set, score_assessment
from scoring.jmp_criteria import JMP_CRITERIA, known_criteria
from tests.conftest import ROOT


def level(indicator_set, area, answers):
    return score_assessment(indicator_set, answers, FacilityProfile()).jmp[area]


# Every rung of every area, with the partial answers the JMP's definitions decide.
PATTERNS = {
    "water": [
        ({"W1": 2, "W3": 2, "W14": "na"}, "basic"),  # piped in, water every day
        ({"W1": 1, "W3": 1, "W14": "na"}, "basic"),  # on the premises, water today (interrupted last week)
        ({"W1": 2, "W3": 0, "W14": "na"}, "limited"),  # on the premises, no water today
        ({"W1": 0, "W3": 0, "W14": 1}, "limited"),  # improved source within 500 m, not always usable
        ({"W1": 0, "W3": 0, "W14": 2}, "limited"),  # improved source within 500 m
        ({"W1": 0, "W3": 0, "W14": 0}, "no_service"),  # nothing improved within 500 m
        ({"W1": 0, "W3": 0}, "insufficient_data"),  # whether a source is within 500 m is not known
    ],
    "sanitation": [
        ({"S1": 2, "S4": 2, "S5": 2, "S6": 2, "S7": 2}, "basic"),
        ({"S1": 1, "S4": 2, "S5": 1, "S6": 2, "S7": 2}, "basic"),  # one usable toilet, one women-only
        ({"S1": 2, "S4": 1, "S5": 2, "S6": 2, "S7": 2}, "limited"),  # staff toilet shared with patients
        ({"S1": 2, "S4": 2, "S5": 2, "S6": 1, "S7": 2}, "limited"),  # soap or pads missing
        ({"S1": 2, "S4": 2, "S5": 2, "S6": 2, "S7": 1}, "limited"),  # step-free but no grab rails
        ({"S1": 2, "S4": 2, "S5": 0, "S6": 2, "S7": 2}, "limited"),  # no women-only toilet
        ({"S1": 1, "S4": 0, "S5": 0, "S6": 0, "S7": 0}, "limited"),  # one usable improved toilet only
        ({"S1": 0, "S4": 2, "S5": 2, "S6": 2, "S7": 2}, "no_service"),  # no usable improved toilet
        ({"S1": 2, "S4": 2, "S5": 2, "S6": 2}, "insufficient_data"),
    ],
    "hygiene": [
        ({"HH1": 2, "S3": 2}, "basic"),
        ({"HH1": 1, "S3": 2}, "limited"),  # some points of care only
        ({"HH1": 2, "S3": 1}, "limited"),  # some toilets only
        ({"HH1": 0, "S3": 1}, "limited"),
        ({"HH1": 1, "S3": 0}, "limited"),
        ({"HH1": 0, "S3": 0}, "no_service"),
        ({"HH1": 0}, "insufficient_data"),
    ],
    "waste": [
        ({"HCWM1": 2, "HCWM6": 2}, "basic"),
        ({"HCWM1": 2, "HCWM6": 1}, "basic"),  # lined protected pit or basic incinerator: safe for the JMP
        ({"HCWM1": 1, "HCWM6": 2}, "limited"),  # sorting with errors is not safe segregation
        ({"HCWM1": 0, "HCWM6": 1}, "limited"),
        ({"HCWM1": 1, "HCWM6": 0}, "limited"),
        ({"HCWM1": 0, "HCWM6": 0}, "no_service"),
        ({"HCWM1": "na", "HCWM6": 2}, "insufficient_data"),  # segregation cannot be judged
    ],
    "cleaning": [
        ({"EC1": 2, "EC2": 2}, "basic"),
        ({"EC1": 1, "EC2": 2}, "basic"),  # protocols for some areas are protocols available
        ({"EC1": 2, "EC2": 1}, "limited"),  # some staff trained, not all
        ({"EC1": 0, "EC2": 1}, "limited"),
        ({"EC1": 0, "EC2": 0}, "no_service"),
        ({"EC2": 2}, "insufficient_data"),
    ],
}


@pytest.mark.parametrize(
    ("area", "answers", "expected"),
    [(area, answers, expected) for area, cases in PATTERNS.items() for answers, expected in cases],
)
def test_shipped_rules_give_the_jmp_level_of_each_answer_pattern(seed_set, area, answers, expected):
    assert level(seed_set, area, answers) == expected


# Criteria the JMP requires in full, with the indicator whose partial level falls short of it.
REQUIRED_IN_FULL = [
    ("sanitation.basic.staff_toilet", "S4"),
    ("sanitation.basic.sex_separated_mhm", "S6"),
    ("sanitation.basic.limited_mobility", "S7"),
    ("hygiene.basic.points_of_care", "HH1"),
    ("hygiene.basic.toilets", "S3"),
    ("waste.basic.segregation", "HCWM1"),
    ("cleaning.basic.staff_trained", "EC2"),
]
# Criteria a partial level still meets, because its text meets the JMP's definition.
PARTIAL_MEETS = [
    ("water.basic.improved_on_premises", "W1"),
    ("water.basic.available", "W3"),
    ("sanitation.basic.improved_usable", "S1"),
    ("sanitation.basic.sex_separated_mhm", "S5"),
    ("waste.basic.sharps_infectious_treated", "HCWM6"),
    ("cleaning.basic.protocols", "EC1"),
]


def full_basic(rule):
    """Every indicator a rule's basic rung reads, fully met."""
    return {code: 2 for criterion in rule.basic for code in criterion.codes}


def rule_of(indicator_set, area):
    return next(rule for rule in indicator_set.jmp_rules if rule.area == area)


@pytest.mark.parametrize(("criterion", "code"), REQUIRED_IN_FULL)
def test_partially_met_answer_never_reaches_basic_where_the_jmp_requires_the_criterion_in_full(
    seed_set, criterion, code
):
    area = criterion.split(".")[0]
    rule = rule_of(seed_set, area)
    answers = {**full_basic(rule), code: 1}
    assert level(seed_set, area, answers) == "limited"
    gap = jmp_gaps(seed_set, score_assessment(seed_set, answers).answers)[area]
    assert gap.rung == "basic" and criterion in [c.code for c in gap.unmet]


@pytest.mark.parametrize(("criterion", "code"), PARTIAL_MEETS)
def test_partial_answer_reaches_basic_where_its_level_text_meets_the_jmp_criterion(seed_set, criterion, code):
    area = criterion.split(".")[0]
    answers = {**full_basic(rule_of(seed_set, area)), code: 1}
    assert level(seed_set, area, answers) == "basic"


def test_every_basic_criterion_is_pinned_as_required_in_full_or_met_by_a_partial_answer(seed_set):
    pinned = {c for c, _code in REQUIRED_IN_FULL + PARTIAL_MEETS}
    basic = {c.code for rule in seed_set.jmp_rules for c in rule.basic}
    assert basic <= pinned
    for criterion, code in REQUIRED_IN_FULL:
        (found,) = [c for rule in seed_set.jmp_rules for c in rule.basic if c.code == criterion]
        assert dict(found.scores)[code] == frozenset({2})


def test_shipped_set_names_every_jmp_criterion_and_explains_its_scores(seed_set):
    named = {c.code for rule in seed_set.jmp_rules for c in rule.basic + rule.limited}
    assert named == set(known_criteria())
    assert all(c.note for rule in seed_set.jmp_rules for c in rule.criteria)
    assert {rule.area for rule in seed_set.jmp_rules} == set(JMP_CRITERIA)


def test_gap_names_the_criterion_and_indicator_keeping_a_puskesmas_from_basic(seed_set):
    answers = {"S1": 2, "S4": 0, "S5": 2, "S6": 2, "S7": 1}
    gap = score_assessment(seed_set, answers).jmp_gaps["sanitation"]
    assert [(c.code, c.codes) for c in gap.unmet] == [
        ("sanitation.basic.staff_toilet", ("S4",)), ("sanitation.basic.limited_mobility", ("S7",)),
    ]


def test_no_gap_is_shown_at_basic_without_an_advanced_rung(seed_set):
    answers = {"S1": 2, "S4": 2, "S5": 2, "S6": 2, "S7": 2}
    assert "sanitation" not in score_assessment(seed_set, answers).jmp_gaps


@pytest.fixture
def with_advanced():
    """The shipped set with a district-defined advanced sanitation rung."""
    raw = yaml.safe_load((ROOT / "seed_indicators.yaml").read_text(encoding="utf-8"))
    rule = next(r for r in raw["jmp_rules"] if r["area"] == "sanitation")
    rule["advanced"] = {"enough_toilets": {
        "text": {"id": "Toilet cukup dan semuanya layak", "en": "Enough toilets, all usable"},
        "scores": {"S1": [2], "S2": [2]},
    }}
    return parse_indicator_set(raw)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [({"S1": 2, "S2": 2}, "advanced"), ({"S1": 2, "S2": 1}, "basic"), ({"S1": 2}, "basic"),
     ({"S1": 1, "S2": 2}, "basic")],
)
def test_district_advanced_rung_needs_basic_and_every_advanced_criterion(with_advanced, extra, expected):
    answers = {"S4": 2, "S5": 2, "S6": 2, "S7": 2, **extra}
    assert level(with_advanced, "sanitation", answers) == expected


def test_district_advanced_rung_is_never_reached_without_basic(with_advanced):
    assert level(with_advanced, "sanitation", {"S1": 2, "S2": 2, "S4": 1, "S5": 2, "S6": 2, "S7": 2}) == "limited"


def test_gap_toward_advanced_names_the_district_criterion(with_advanced):
    answers = {"S1": 2, "S2": 1, "S4": 2, "S5": 2, "S6": 2, "S7": 2}
    gap = score_assessment(with_advanced, answers).jmp_gaps["sanitation"]
    assert gap.rung == "advanced" and [c.code for c in gap.unmet] == ["sanitation.advanced.enough_toilets"]


@pytest.mark.parametrize(
    ("answers", "water", "hygiene"),
    [
        ({"W1": 2, "W2": 2, "HH1": 2}, "basic", "basic"),
        ({"W1": 2, "W2": 1, "HH1": 1}, "limited", "limited"),
        ({"W1": 1, "W2": 0, "HH1": 0}, "limited", "no_service"),
        ({"W1": 0, "W2": 0, "HH1": 0}, "no_service", "no_service"),
        ({"W1": 2}, "insufficient_data", "insufficient_data"),
        ({"W1": 0}, "no_service", "insufficient_data"),
        ({"W1": 2, "W2": "na", "HH1": "na"}, "insufficient_data", "insufficient_data"),
    ],
)
def test_service_level_climbs_from_basic_and_stops_at_what_cannot_be_judged(mini_set, answers, water, hygiene):
    result = score_assessment(mini_set, answers, FacilityProfile())
    assert result.jmp == {"water": water, "hygiene": hygiene}
