"""A round rescored in the database stores exactly the figures of scoring each assessment in Python."""

import random

import pytest
import yaml
from sqlalchemy import select

from assessments.indicator_sets import import_set, indicator_set_of
from assessments.models import Assessment, AssessmentDomainScore, AssessmentServiceLevel, Response
from assessments.scores.stored import score_of
from assessments.scores.stored_figures import stored_summaries
from assessments.scores.stored_tallies import rescore
from scoring.definitions import APPLICABILITY_CONDITIONS
from tests.conftest import DATA, ROOT


def _raw(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def with_advanced_water():
    """The shipped set with a district's advanced water rung reading a delivery-only indicator (W13)."""
    raw = _raw(ROOT / "seed_indicators.yaml")
    raw["jmp_rules"][0]["advanced"] = {"delivery_room_water": {
        "text": {"id": "Air mengalir di ruang bersalin", "en": "Running water in the delivery room"},
        "scores": {"W2": [2], "W13": [2]}}}
    return raw


def with_every_condition():
    """The mini set's second version with its indicators' applicability cycling through every condition."""
    raw = _raw(DATA / "mini_indicators_v2.yaml")
    conditions = [c for c in APPLICABILITY_CONDITIONS if c != "all"]
    raw["applicability"] = {c: dict(raw["applicability"]["all"]) for c in APPLICABILITY_CONDITIONS}
    indicators = [i for d in raw["domains"] for i in d["indicators"]]
    for n, indicator in enumerate(indicators):
        indicator["applies_to"] = conditions[n % len(conditions)]
    return raw


@pytest.mark.parametrize("variant", ["shipped", "advanced", "every condition"])
def test_rescore_and_python_scoring_agree_on_random_rounds(session, make_facility, make_round, variant):
    raw = {"shipped": lambda: _raw(ROOT / "seed_indicators.yaml"), "advanced": with_advanced_water,
           "every condition": with_every_condition}[variant]()
    stored = import_set(session, yaml.safe_dump(raw, allow_unicode=True), "test", "variant.yaml").stored
    session.commit()
    _agree_on_a_random_round(session, make_facility, make_round, stored)


def _agree_on_a_random_round(session, make_facility, make_round, stored):
    round_ = _random_round(session, make_facility, make_round, stored)
    _assert_rescore_agrees(session, round_, stored)
    return round_


def _random_round(session, make_facility, make_round, stored):
    """A round of 24 facilities, one of each profile, 23 of them assessed with random answers."""
    seed_set = indicator_set_of(stored)
    rng = random.Random(11)
    round_ = session.merge(make_round(indicator_set=stored))
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
    return round_


def _assert_rescore_agrees(session, round_, stored):
    """The round rescored stores, for every assessment, what ``score_of`` gives with ``stored``."""
    seed_set = indicator_set_of(stored)
    assert rescore(session, round_.id) == 23
    fast = stored_summaries(session, seed_set, round_.id)
    assessed = session.scalars(select(Assessment).where(Assessment.round_id == round_.id))
    full = {a.facility_id: score_of(seed_set, a) for a in assessed}
    assert set(fast) == set(full) and len(full) == 23
    for facility_id, expected in full.items():
        got = fast[facility_id]
        assert got.domains == expected.domains
        assert got.overall == expected.overall
        assert (got.essential.met, got.essential.assessed) == (expected.essential.met, expected.essential.assessed)
        assert got.jmp == expected.jmp


def test_rescore_rewrites_only_its_round_and_scores_assessments_without_answers(
        session, make_facility, make_round, mini_set):
    first, second = session.merge(make_round(name="R1")), session.merge(make_round(name="R2"))
    facility = session.merge(make_facility(code="A1"))
    for round_ in (first, second):
        session.add(Assessment(facility=facility, round=round_, set_id=mini_set.id, set_version=mini_set.version))
    session.commit()
    rescore(session, first.id)
    stored = session.execute(select(Assessment.round_id, AssessmentDomainScore.unanswered).join(
        Assessment, Assessment.id == AssessmentDomainScore.assessment_id)).all()
    assert {round_id for round_id, _ in stored} == {first.id}
    assert len(stored) == len(mini_set.domains)
    assert sum(unanswered for _, unanswered in stored) == len(mini_set.indicators)  # a row per domain, unanswered
    assert dict(stored_summaries(session, mini_set, first.id)[facility.id].jmp) == dict(
        score_of(mini_set, session.scalars(select(Assessment).where(Assessment.round_id == first.id)).one()).jmp)


def test_a_rescore_with_another_set_keeps_exactly_the_new_sets_domains_and_areas(session, make_facility, make_round):
    first = import_set(session, (DATA / "mini_indicators.yaml").read_text(encoding="utf-8"), "test", "v1.yaml").stored
    raw = _raw(DATA / "mini_indicators.yaml")
    raw["version"] = "0.9"
    raw["domains"][1]["code"] = "HX"  # a domain renamed, and the hygiene JMP area dropped
    raw["jmp_rules"] = [rule for rule in raw["jmp_rules"] if rule["area"] == "water"]
    second = import_set(session, yaml.safe_dump(raw, allow_unicode=True), "test", "v2.yaml").stored
    session.commit()
    round_ = _agree_on_a_random_round(session, make_facility, make_round, first)
    round_.indicator_set_id = second.id
    session.commit()
    _assert_rescore_agrees(session, round_, second)
    in_round = Assessment.round_id == round_.id
    domains = session.scalars(select(AssessmentDomainScore.domain).join(Assessment).where(in_round)).all()
    areas = session.scalars(select(AssessmentServiceLevel.area).join(Assessment).where(in_round)).all()
    assert sorted(set(domains)) == ["HX", "W"] and len(domains) == 2 * 23
    assert set(areas) == {"water"} and len(areas) == 23
