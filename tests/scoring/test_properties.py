"""Property-based tests: the engine's invariants hold and the loader never fails unexpectedly."""

import copy
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import (
    FacilityProfile,
    IndicatorSetError,
    InvalidScoreError,
    parse_indicator_set,
    parse_score,
    score_assessment,
)
from tests.conftest import DATA, ROOT

SEED = yaml.safe_load((ROOT / "seed_indicators.yaml").read_text(encoding="utf-8"))
MINI = yaml.safe_load((DATA / "mini_indicators.yaml").read_text(encoding="utf-8"))
SEED_SET = parse_indicator_set(SEED, "seed")
CODES = [i.code for i in SEED_SET.indicators]

answers = st.dictionaries(st.sampled_from(CODES), st.sampled_from([0, 1, 2, "na"]))
profiles = st.builds(FacilityProfile, inpatient=st.booleans(), delivery=st.booleans())
# WASHFIT_HYPOTHESIS_EXAMPLES=3000 for a longer campaign by hand.
quick = settings(max_examples=int(os.environ.get("WASHFIT_HYPOTHESIS_EXAMPLES", "200")), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


@quick
@given(answers, profiles)
def test_percentages_stay_between_0_and_100_and_counts_add_up(given_answers, profile):
    result = score_assessment(SEED_SET, given_answers, profile)
    for domain in result.domains:
        t = domain.tally
        counted = t.met + t.partial + t.not_met + t.not_applicable + t.unanswered
        assert counted == len(SEED_SET.domain(domain.domain).indicators)
        assert t.maximum == 2 * t.answered and 0 <= t.points <= t.maximum
        assert domain.percent is None or 0 <= domain.percent <= 100
    assert result.overall.points == sum(d.tally.points for d in result.domains)
    assert result.overall.maximum == sum(d.tally.maximum for d in result.domains)
    assert 0 <= result.essential.met <= result.essential.assessed


@quick
@given(answers, profiles, st.sampled_from(CODES))
def test_raising_one_score_never_lowers_a_percentage(given_answers, profile, code):
    before = score_assessment(SEED_SET, given_answers, profile)
    current = given_answers.get(code)
    if current not in (0, 1):
        return
    after = score_assessment(SEED_SET, {**given_answers, code: current + 1}, profile)
    domain = SEED_SET.indicator(code).domain
    if before.domain(domain).percent is not None:
        assert after.domain(domain).percent >= before.domain(domain).percent
        assert after.overall.percent >= before.overall.percent


@quick
@given(answers, profiles)
def test_the_order_answers_come_in_does_not_matter(given_answers, profile):
    reordered = dict(reversed(list(given_answers.items())))
    assert score_assessment(SEED_SET, given_answers, profile) == score_assessment(SEED_SET, reordered, profile)


@quick
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=5),
                 st.binary(max_size=3)))
def test_parse_score_accepts_the_four_answers_and_refuses_the_rest_cleanly(value):
    try:
        score = parse_score(value, "W1")
    except InvalidScoreError as refused:
        assert "W1" in str(refused)
    else:
        assert score.points in (0, 1, 2, None)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=20,
)


@quick
@given(yaml_values)
def test_loader_refuses_arbitrary_data_only_with_indicator_set_error(data):
    try:
        parse_indicator_set(data, "fuzz.yaml")
    except IndicatorSetError as refused:
        assert str(refused).startswith("fuzz.yaml")


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


MINI_PATHS = [p for p in _paths(MINI) if p]


@quick
@given(st.sampled_from(MINI_PATHS), yaml_values)
def test_loader_survives_any_single_value_replaced_in_a_valid_set(path, value):
    data = copy.deepcopy(MINI)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        parse_indicator_set(data, "mutated.yaml")
    except IndicatorSetError as refused:
        assert str(refused).startswith("mutated.yaml")
