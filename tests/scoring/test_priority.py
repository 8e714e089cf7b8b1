"""The priority rule: gap size, essential first, delivery room, climate — every sum by hand."""

import pytest

from scoring.definitions import FacilityProfile, Indicator, Text
from scoring.priority import (
    HIGHEST,
    REASON_CODES,
    custom_priority,
    gap_priority,
    no_gap_priority,
    risk_level,
)

DELIVERY = FacilityProfile(inpatient=True, delivery=True)
NO_DELIVERY = FacilityProfile(inpatient=True, delivery=False)


def indicator(*flags: str) -> Indicator:
    return Indicator(code="X1", domain="W", text=Text("x", "x"), flags=frozenset(flags), applies_to="all",
                     service_area=None, actions=())


@pytest.mark.parametrize(("flags", "score", "profile", "value", "reasons"), [
    ((), 1, DELIVERY, 1, ("partially_met",)),
    ((), 0, DELIVERY, 2, ("not_met",)),
    (("climate",), 0, DELIVERY, 3, ("climate", "not_met")),
    (("maternal",), 0, DELIVERY, 4, ("delivery_room", "not_met")),
    (("maternal",), 0, NO_DELIVERY, 2, ("not_met",)),
    (("gender_equity",), 1, DELIVERY, 1, ("partially_met",)),
    (("essential",), 1, DELIVERY, 6, ("essential", "partially_met")),
    (("essential",), 0, DELIVERY, 7, ("essential", "not_met")),
    (("essential", "climate"), 1, DELIVERY, 7, ("essential", "climate", "partially_met")),
    (("essential", "maternal"), 0, DELIVERY, 9, ("essential", "delivery_room", "not_met")),
    (("essential", "maternal"), 0, NO_DELIVERY, 7, ("essential", "not_met")),
    (("essential", "maternal", "climate"), 0, DELIVERY, 10, ("essential", "delivery_room", "climate", "not_met")),
])
def test_gap_priority_adds_the_documented_points(flags, score, profile, value, reasons):
    priority = gap_priority(indicator(*flags), score, profile)
    assert (priority.value, priority.reasons) == (value, reasons)


def test_every_essential_gap_outranks_every_non_essential_one():
    weakest_essential = gap_priority(indicator("essential"), 1, NO_DELIVERY)
    strongest_other = gap_priority(indicator("maternal", "climate"), 0, DELIVERY)
    assert weakest_essential.value > strongest_other.value


def test_not_met_outranks_partially_met_with_the_same_flags():
    for flags in ((), ("essential",), ("maternal", "climate")):
        assert gap_priority(indicator(*flags), 0, DELIVERY).value > gap_priority(indicator(*flags), 1, DELIVERY).value


def test_highest_is_the_largest_possible_sum():
    assert gap_priority(indicator("essential", "maternal", "climate"), 0, DELIVERY, ("no_light",)).value == HIGHEST


@pytest.mark.parametrize(("flags", "score", "factors", "value", "reasons"), [
    (("essential", "maternal"), 0, ("no_running_water",), 12, ("audit", "essential", "delivery_room", "not_met")),
    (("maternal",), 1, ("no_toilet_shower",), 6, ("audit", "delivery_room", "partially_met")),
    ((), 0, ("waste_unsafe", "no_hand_hygiene"), 5, ("audit", "not_met")),
])
def test_audit_evidence_adds_three_points_once_and_names_its_factors(flags, score, factors, value, reasons):
    priority = gap_priority(indicator(*flags), score, DELIVERY, factors)
    assert (priority.value, priority.reasons, priority.audit_factors) == (value, reasons, tuple(sorted(factors)))


def test_without_audit_evidence_the_priority_names_no_factor():
    assert gap_priority(indicator("essential"), 0, DELIVERY).audit_factors == ()


def test_audit_evidence_may_lift_a_delivery_room_gap_above_an_essential_one():
    audited = gap_priority(indicator("maternal"), 0, DELIVERY, ("no_toilet_shower",))
    assert audited.value > gap_priority(indicator("essential"), 1, NO_DELIVERY).value


@pytest.mark.parametrize("score", [2, None, -1, "0"])
def test_a_score_that_is_no_gap_is_refused(score):
    with pytest.raises(ValueError, match="not a gap"):
        gap_priority(indicator(), score, DELIVERY)


@pytest.mark.parametrize(("value", "level"),
                         [(10, "high"), (6, "high"), (5, "medium"), (3, "medium"), (2, "low"), (0, "low")])
def test_risk_levels_put_every_essential_gap_in_high(value, level):
    assert risk_level(value) == level


def test_own_actions_rank_lowest_and_say_why():
    assert custom_priority().value == 1 and custom_priority().reasons == ("custom",)
    assert no_gap_priority().value == 0 and no_gap_priority().reasons == ("no_gap",)


def test_reasons_are_listed_in_the_order_they_are_shown():
    reasons = gap_priority(indicator("essential", "maternal", "climate"), 0, DELIVERY).reasons
    assert list(reasons) == sorted(reasons, key=REASON_CODES.index)
