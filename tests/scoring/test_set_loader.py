"""Loading indicator sets: the shipped set is complete, and malformed sets are refused precisely."""

import copy

import pytest
import yaml

from scoring import IndicatorSetError, load_indicator_set, parse_indicator_set
from tests.conftest import DATA


@pytest.fixture
def raw():
    """The mini set as plain data, to break one piece at a time."""
    return yaml.safe_load((DATA / "mini_indicators.yaml").read_text(encoding="utf-8"))


def rejection(data) -> str:
    with pytest.raises(IndicatorSetError) as raised:
        parse_indicator_set(data, "broken.yaml")
    return str(raised.value)


def test_shipped_set_has_every_reference_domain_in_order(seed_set):
    assert [d.name.en for d in seed_set.domains] == [
        "Water", "Sanitation", "Health care waste management", "Hand hygiene",
        "Environmental cleaning", "Energy, building and facility management", "Management and workforce",
    ]


def test_shipped_set_is_the_second_edition_with_an_id_and_version(seed_set):
    assert seed_set.id and seed_set.version
    assert "2022" in seed_set.edition
    assert "CC BY-NC-SA 3.0 IGO" in seed_set.source["licence"]


def test_shipped_set_has_every_indicator_in_both_languages(seed_set):
    assert len(seed_set.indicators) >= 60
    for indicator in seed_set.indicators:
        assert indicator.text.id and indicator.text.en and indicator.text.id != indicator.text.en
        assert indicator.actions


def test_shipped_set_flags_essentials_and_delivery_indicators(seed_set):
    flags = [f for i in seed_set.indicators for f in i.flags]
    for flag in ("essential", "climate", "gedsi", "maternal"):
        assert flag in flags
    assert any(i.applies_to == "delivery" for i in seed_set.indicators)


def test_shipped_set_rules_every_jmp_service_area(seed_set):
    assert {r.area for r in seed_set.jmp_rules} == {"water", "sanitation", "hygiene", "waste", "cleaning"}


def test_shipped_cost_catalog_is_whole_rupiah_with_source_and_year(seed_set):
    for item in seed_set.cost_items.values():
        assert isinstance(item.cost, int) and item.cost > 0
        assert item.source and item.year >= 2015


def test_mini_set_loads_with_lookups(mini_set):
    assert [d.code for d in mini_set.domains] == ["W", "HH"]
    assert mini_set.indicator("W3").applies_to == "delivery"
    assert mini_set.indicator("W2").flags == {"essential", "climate"}
    assert mini_set.cost_items["TANK"].cost == 5_000_000


def test_duplicate_indicator_code_is_named_with_its_path(raw):
    raw["domains"][1]["indicators"][1]["code"] = "W2"
    assert rejection(raw) == "broken.yaml: domains[1].indicators[1].code: duplicate indicator code 'W2'"


def test_duplicate_domain_code_is_refused(raw):
    raw["domains"][1]["code"] = "W"
    assert "domains[1].code: duplicate domain code 'W'" in rejection(raw)


def test_unknown_flag_is_named(raw):
    raw["domains"][0]["indicators"][2]["flags"] = ["maternal", "urgent"]
    assert rejection(raw) == "broken.yaml: domains[0].indicators[2].flags[1]: unknown flag 'urgent'"


def test_unknown_applicability_and_service_area_are_named(raw):
    broken = copy.deepcopy(raw)
    broken["domains"][0]["indicators"][0]["applies_to"] = "hospital"
    assert "domains[0].indicators[0].applies_to: unknown applicability 'hospital'" in rejection(broken)
    raw["domains"][0]["indicators"][0]["service_area"] = "energy"
    assert "domains[0].indicators[0].service_area: unknown service area 'energy'" in rejection(raw)


def test_missing_translation_is_named(raw):
    del raw["domains"][1]["indicators"][0]["text"]["id"]
    assert rejection(raw) == "broken.yaml: domains[1].indicators[0].text.id: missing translation"


def test_blank_translation_is_refused(raw):
    raw["domains"][0]["name"]["en"] = "   "
    assert "domains[0].name.en: must be a non-empty text" in rejection(raw)


def test_action_with_unknown_cost_item_is_named(raw):
    raw["domains"][0]["indicators"][2]["actions"][0]["items"][1]["item"] = "PUMP"
    assert rejection(raw) == (
        "broken.yaml: domains[0].indicators[2].actions[0].items[1].item: unknown cost item 'PUMP'"
    )


def test_jmp_rule_naming_unknown_indicator_is_named(raw):
    raw["jmp_rules"][1]["basic"]["toilets"]["scores"] = {"HH9": [2]}
    assert rejection(raw) == "broken.yaml: jmp_rules[1].basic.toilets.scores.HH9: unknown indicator 'HH9'"


def test_jmp_rule_naming_unknown_criterion_is_named(raw):
    raw["jmp_rules"][1]["basic"]["soap_everywhere"] = {"scores": {"HH1": [2]}}
    assert rejection(raw) == (
        "broken.yaml: jmp_rules[1].basic.soap_everywhere: unknown JMP criterion of hygiene basic 'soap_everywhere'"
    )


def test_jmp_basic_rung_leaving_out_a_criterion_is_refused(raw):
    del raw["jmp_rules"][1]["basic"]["toilets"]
    assert rejection(raw) == (
        "broken.yaml: jmp_rules[1].basic: leaves out the JMP criterion 'toilets': basic needs every one"
    )


def test_jmp_rule_in_the_old_minimum_form_is_refused_with_the_way_forward(raw):
    raw["jmp_rules"][0]["basic"] = {"all": ["W1", "W2"], "min": 2}
    assert "jmp_rules[0].basic: uses the old form (all or any, with min)" in rejection(raw)
    assert "docs/indicator-set-format.md" in rejection(raw)


@pytest.mark.parametrize("scores", [[0, 2], [3], [], "2", [2, 2], [True]])
def test_jmp_criterion_scores_must_be_one_or_two(raw, scores):
    raw["jmp_rules"][0]["basic"]["available"]["scores"]["W2"] = scores
    assert "jmp_rules[0].basic.available.scores.W2" in rejection(raw)


def test_jmp_advanced_criterion_needs_its_own_text(raw):
    raw["jmp_rules"][0]["advanced"] = {"piped_everywhere": {"scores": {"W1": [2]}}}
    assert rejection(raw) == "broken.yaml: jmp_rules[0].advanced.piped_everywhere.text: is missing"


def test_jmp_advanced_rung_is_read_with_district_texts(raw):
    raw["jmp_rules"][0]["advanced"] = {"piped_everywhere": {
        "text": {"id": "Air perpipaan di setiap ruang", "en": "Piped water in every room"},
        "scores": {"W1": [2], "W3": [2]}, "note": "The district's own norm."}}
    rule = parse_indicator_set(raw).jmp_rules[0]
    (criterion,) = rule.advanced
    assert criterion.code == "water.advanced.piped_everywhere"
    assert criterion.scores == (("W1", frozenset({2})), ("W3", frozenset({2})))
    assert criterion.text is not None and criterion.text.en == "Piped water in every room"


def test_jmp_rule_for_an_area_the_jmp_does_not_define_is_refused(raw):
    raw["service_areas"]["power"] = {"id": "Listrik", "en": "Power"}
    raw["jmp_rules"][0]["area"] = "power"
    assert rejection(raw) == "broken.yaml: jmp_rules[0].area: the JMP has no criteria for service area 'power'"


def test_jmp_rule_for_unknown_area_is_named(raw):
    raw["jmp_rules"][0]["area"] = "power"
    assert "jmp_rules[0].area: unknown service area 'power'" in rejection(raw)


def test_fractional_money_is_refused(raw):
    raw["cost_items"][1]["cost"] = 4999.5
    assert "cost_items[1].cost: must be a whole number, not 4999.5" in rejection(raw)


def test_unknown_field_is_refused_rather_than_ignored(raw):
    raw["domains"][0]["indicators"][0]["weight"] = 3
    assert "domains[0].indicators[0].weight: is not a known field" in rejection(raw)


def test_missing_field_is_named(raw):
    del raw["domains"][0]["indicators"][1]["actions"]
    assert "domains[0].indicators[1].actions: is missing" in rejection(raw)


def test_unreadable_and_invalid_yaml_files_name_the_file(tmp_path):
    with pytest.raises(IndicatorSetError, match=r"missing\.yaml: cannot read the file"):
        load_indicator_set(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("domains: [\n  - {code: W\n", encoding="utf-8")
    with pytest.raises(IndicatorSetError, match=r"bad.yaml: line \d+: not valid YAML"):
        load_indicator_set(bad)


def test_top_level_must_be_a_mapping():
    assert rejection(["W1"]) == "broken.yaml: (top level): must be a mapping"


def test_gender_equity_of_older_files_reads_as_gedsi(mini_set):
    assert "gedsi" in mini_set.flags and "gender_equity" not in mini_set.flags


def test_a_flag_under_its_old_and_its_new_name_is_refused(raw):
    raw["flags"]["gedsi"] = raw["flags"]["gender_equity"]
    assert "gender_equity is gedsi" in rejection(raw)


def test_an_indicator_is_essential_or_advanced_not_both(raw):
    raw["flags"]["advanced"] = {"id": "Lanjutan", "en": "Advanced"}
    raw["domains"][0]["indicators"][0]["flags"] = ["essential", "advanced"]
    assert "domains[0].indicators[0].flags: an indicator is essential or advanced" in rejection(raw)


def test_advanced_is_a_class_distinct_from_essential(mini_set_v2):
    w4 = mini_set_v2.indicator("W4")
    assert w4.advanced and not w4.essential


def test_applicability_beyond_inpatient_and_delivery_must_be_a_known_condition(raw):
    raw["applicability"]["rainfall_sufficient"] = {"id": "Curah hujan cukup", "en": "Sufficient rainfall"}
    raw["domains"][0]["indicators"][0]["applies_to"] = "rainfall_sufficient"
    assert parse_indicator_set(copy.deepcopy(raw)).indicator("W1").applies_to == "rainfall_sufficient"
    raw["applicability"]["monsoon"] = {"id": "Musim", "en": "Monsoon"}
    assert "applicability.monsoon" in rejection(raw)


def test_replaces_lists_codes_of_the_earlier_version(raw, mini_set_v2):
    assert mini_set_v2.indicator("HH3").replaces == ("HH2",)
    raw["domains"][0]["indicators"][0]["replaces"] = "W0"
    assert "domains[0].indicators[0].replaces: must be a list" in rejection(raw)


def test_source_may_say_what_the_set_derives_from(mini_set_v2):
    assert mini_set_v2.source["derived_from"] == "mini-test@0.1"
