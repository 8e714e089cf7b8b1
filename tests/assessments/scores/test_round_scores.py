"""Scoring a round in SQL gives exactly the figures of scoring each assessment in Python."""

import random
from dataclasses import replace
from types import MappingProxyType

import pytest
import yaml
from sqlalchemy import select

from assessments.models import Assessment, Response
from assessments.scores.round_scores import round_summaries
from assessments.scores.stored import score_of
from scoring import parse_indicator_set
from scoring.definitions import APPLICABILITY_CONDITIONS
from tests.conftest import ROOT


def with_advanced_water():
    """The shipped set with a district's advanced water rung reading a delivery-only indicator (W13)."""
    raw = yaml.safe_load((ROOT / "seed_indicators.yaml").read_text(encoding="utf-8"))
    raw["jmp_rules"][0]["advanced"] = {"delivery_room_water": {
        "text": {"id": "Air mengalir di ruang bersalin", "en": "Running water in the delivery room"},
        "scores": {"W2": [2], "W13": [2]}}}
    return parse_indicator_set(raw)


@pytest.mark.parametrize("variant", ["shipped", "advanced"])
def test_sql_counts_and_python_scoring_agree_on_random_rounds(session, make_facility, make_round, seed_set, variant):
    _agree_on_a_random_round(session, make_facility, make_round,
                             seed_set if variant == "shipped" else with_advanced_water())


def test_sql_and_python_agree_on_every_applicability_condition(session, make_facility, make_round, mini_set_v2):
    conditions = [c for c in APPLICABILITY_CONDITIONS if c != "all"]
    words = mini_set_v2.applicability["all"]
    indicators = {i.code: replace(i, applies_to=conditions[n % len(conditions)])
                  for n, i in enumerate(mini_set_v2.indicators)}
    conditional = replace(
        mini_set_v2, applicability=MappingProxyType(dict.fromkeys(APPLICABILITY_CONDITIONS, words)),
        domains=tuple(replace(d, indicators=tuple(indicators[i.code] for i in d.indicators))
                      for d in mini_set_v2.domains))
    _agree_on_a_random_round(session, make_facility, make_round, conditional)


def _agree_on_a_random_round(session, make_facility, make_round, seed_set):
    rng = random.Random(11)
    round_ = session.merge(make_round())
    for n in range(24):
        inpatient, delivery, rainfall, sewered = ((n >> bit) & 1 == 1 for bit in range(4))
        facility = session.merge(make_facility(code=f"R{n:02d}", inpatient=inpatient, delivery=delivery,
                                               rainfall_sufficient=rainfall, sewered=sewered))
        if n == 23:
            continue  # not assessed: no summary
        answered = rng.sample(seed_set.indicators, k=rng.randint(0, len(seed_set.indicators)))
        session.add(Assessment(facility=facility, round=round_, set_id=seed_set.id, set_version=seed_set.version,
                               responses=[Response(indicator_code=i.code, score=rng.choice([0, 1, 2, None]))
                                          for i in answered]))
    session.commit()
    fast = round_summaries(session, seed_set, round_.id)
    assessed = session.scalars(select(Assessment).where(Assessment.round_id == round_.id))
    full = {a.facility_id: score_of(seed_set, a) for a in assessed}
    assert set(fast) == set(full) and len(full) == 23
    for facility_id, expected in full.items():
        got = fast[facility_id]
        assert got.domains == expected.domains
        assert got.overall == expected.overall
        assert (got.essential.met, got.essential.assessed) == (expected.essential.met, expected.essential.assessed)
        assert got.jmp == expected.jmp


def test_round_summaries_can_be_limited_to_some_facilities(session, make_facility, make_round, seed_set):
    round_ = session.merge(make_round())
    one, two = (session.merge(make_facility(code=c)) for c in ("A1", "A2"))
    for facility in (one, two):
        session.add(Assessment(facility=facility, round=round_, set_id=seed_set.id, set_version=seed_set.version))
    session.commit()
    assert set(round_summaries(session, seed_set, round_.id, [one.id])) == {one.id}
