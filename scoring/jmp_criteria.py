"""The JMP's core criteria for health care facilities, per service area and rung, as data.

A set's ``jmp_rules`` say which indicator scores satisfy each criterion; the loader refuses a
rule naming a criterion that is not listed here, and a *basic* rung that leaves one out (that
would let a facility read *basic* without it). Limited rungs are met by any one of their
criteria, basic by all. The *advanced* rung is not the JMP's: the JMP leaves it to countries, so
a district defines its criteria, with their own texts, in the set.

Sources: the JMP's service ladder for WASH in health care facilities (2016 core questions,
environmental cleaning added in 2018), as summarised in ``docs/indicator-set-format.md``. Every
criterion's wording and the JMP's definition of each rung are message ids in
``assessments.i18n.labels`` (``JMP_CRITERION``, ``JMP_DEFINITION``): the twin of this list, kept
equal by ``tests/assessments/i18n/test_jmp_labels.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

JMP_RUNGS = ("basic", "limited")
ADVANCED = "advanced"

JMP_CRITERIA: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "water": MappingProxyType({
        "basic": ("improved_on_premises", "available"),
        "limited": ("improved_within_500m", "on_premises_not_available"),
    }),
    "sanitation": MappingProxyType({
        "basic": ("improved_usable", "staff_toilet", "sex_separated_mhm", "limited_mobility"),
        "limited": ("improved",),
    }),
    "hygiene": MappingProxyType({
        "basic": ("points_of_care", "toilets"),
        "limited": ("points_of_care", "toilets"),
    }),
    "waste": MappingProxyType({
        "basic": ("segregation", "sharps_infectious_treated"),
        "limited": ("segregation", "sharps_infectious_treated"),
    }),
    "cleaning": MappingProxyType({
        "basic": ("protocols", "staff_trained"),
        "limited": ("protocols", "staff_trained"),
    }),
})


def criterion_code(area: str, rung: str, name: str) -> str:
    """The full code of a criterion, ``area.rung.name`` (``sanitation.basic.staff_toilet``)."""
    return f"{area}.{rung}.{name}"


def known_criteria() -> tuple[str, ...]:
    """Every JMP criterion's full code, area by area, basic before limited."""
    return tuple(criterion_code(area, rung, name)
                 for area, rungs in JMP_CRITERIA.items() for rung, names in rungs.items() for name in names)
