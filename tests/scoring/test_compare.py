"""Comparing two rounds of one facility."""

from decimal import Decimal

from scoring import Score, compare_assessments, score_assessment


def test_change_per_domain_is_in_percentage_points(mini_set):
    before = score_assessment(mini_set, {"W1": 0, "W2": 1, "W3": 0, "HH1": 2, "HH2": 2})
    after = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": 1, "HH1": 2, "HH2": 1})
    comparison = compare_assessments(before, after)
    water, hygiene = comparison.domains
    assert (water.before, water.after, water.change) == (Decimal("16.7"), Decimal("66.7"), Decimal("50.0"))
    assert hygiene.change == Decimal("-25.0")
    assert comparison.overall.change == Decimal("20.0")


def test_indicator_changes_say_which_way(mini_set):
    before = score_assessment(mini_set, {"W1": 0, "W2": 1, "HH1": 2})
    after = score_assessment(mini_set, {"W1": 2, "W2": 1, "HH1": 1, "HH2": "na"})
    comparison = compare_assessments(before, after)
    by_code = {c.code: c for c in comparison.indicators}
    assert set(by_code) == {"W1", "HH1", "HH2"}
    assert by_code["W1"].direction == "better"
    assert by_code["HH1"].direction == "worse"
    assert by_code["HH2"].direction == "changed" and by_code["HH2"].after is Score.NOT_APPLICABLE
    assert [c.code for c in comparison.improved] == ["W1"]


def test_domain_without_score_in_one_round_has_no_change(mini_set):
    before = score_assessment(mini_set, {"W1": 1})
    after = score_assessment(mini_set, {"W1": 2, "HH1": 2})
    hygiene = compare_assessments(before, after).domains[1]
    assert hygiene.before is None and hygiene.change is None


def test_rounds_scored_with_unrelated_sets_compare_per_domain_code(mini_set, seed_set):
    comparison = compare_assessments(score_assessment(mini_set, {"W1": 2}), score_assessment(seed_set, {}))
    domains = {d.domain: d for d in comparison.domains}
    assert domains["W"].before == Decimal("100.0") and domains["W"].after is None and domains["W"].change is None
    assert set(domains) == {"W", "HH"} | {d.code for d in seed_set.domains}


def test_across_versions_a_renamed_indicator_is_compared_with_the_one_it_replaces(mini_set, mini_set_v2):
    before = score_assessment(mini_set, {"W1": 2, "W2": 1, "W3": 0, "HH1": 0, "HH2": 0})
    after = score_assessment(mini_set_v2, {"W1": 2, "W2": 1, "W4": 1, "HH1": 2, "HH3": 1})
    comparison = compare_assessments(before, after, mini_set, mini_set_v2)
    by_code = {c.code: c for c in comparison.indicators}
    assert set(by_code) == {"HH1", "HH3"}
    assert by_code["HH3"].before_codes == ("HH2",) and by_code["HH3"].direction == "better"
    assert by_code["HH1"].before_codes == ()


def test_across_versions_new_and_dropped_indicators_are_never_a_change_from_or_to_nothing(mini_set, mini_set_v2):
    before = score_assessment(mini_set, {"W3": 0})
    after = score_assessment(mini_set_v2, {"W4": 2})
    comparison = compare_assessments(before, after, mini_set, mini_set_v2)
    assert comparison.new == ("W4",) and comparison.dropped == ("W3",)
    assert not {"W3", "W4"} & {c.code for c in comparison.indicators}


def _set_with(mini_set, **indicators):
    """``mini_set`` with some indicators replaced or added (code -> (replaces, domain))."""
    from dataclasses import replace

    from scoring import Domain

    kept = [i for i in mini_set.indicators if i.code not in {c for r, _d in indicators.values() for c in r}]
    template = mini_set.indicator("HH1")
    added = [replace(template, code=code, domain=domain, replaces=tuple(olds))
             for code, (olds, domain) in indicators.items()]
    domains = tuple(Domain(d.code, d.name, tuple(i for i in [*kept, *added] if i.domain == d.code))
                    for d in mini_set.domains)
    return replace(mini_set, domains=domains, jmp_rules=())


def test_a_split_compares_each_new_indicator_with_the_one_split(mini_set):
    split = _set_with(mini_set, W3a=(["W3"], "W"), W3b=(["W3"], "W"))
    comparison = compare_assessments(score_assessment(mini_set, {"W3": 1}),
                                     score_assessment(split, {"W3a": 2, "W3b": 0}), mini_set, split)
    by_code = {c.code: c for c in comparison.indicators}
    assert (by_code["W3a"].direction, by_code["W3b"].direction) == ("better", "worse")
    assert comparison.dropped == () and comparison.new == ()


def test_a_merge_compares_with_the_lowest_score_it_replaces(mini_set):
    merged = _set_with(mini_set, W12=(["W1", "W2"], "W"))
    comparison = compare_assessments(score_assessment(mini_set, {"W1": 2, "W2": 0}),
                                     score_assessment(merged, {"W12": 1}), mini_set, merged)
    (change,) = [c for c in comparison.indicators if c.code == "W12"]
    assert change.before_codes == ("W1", "W2") and change.direction == "better"
