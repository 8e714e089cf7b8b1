"""An indicator applies to a facility by its profile: services, rainfall, sanitation system."""

import pytest

from scoring import FacilityProfile


@pytest.mark.parametrize(("condition", "applies", "does_not"), [
    ("rainfall_sufficient", FacilityProfile(rainfall_sufficient=True), FacilityProfile()),
    ("sewered", FacilityProfile(sewered=True), FacilityProfile()),
    ("on_site_sanitation", FacilityProfile(), FacilityProfile(sewered=True)),
    ("inpatient", FacilityProfile(), FacilityProfile(inpatient=False)),
])
def test_indicator_applies_by_its_condition(mini_set, condition, applies, does_not):
    from dataclasses import replace

    indicator = replace(mini_set.indicator("W1"), applies_to=condition)
    assert indicator.applies(applies) and not indicator.applies(does_not)
