"""A facility's charts as data: its domain profile and its change, in the reader's language."""

from decimal import Decimal

from assessments.charts import drawing
from assessments.charts import facility as facility_charts
from scoring import score_assessment
from tests.assessments.charts.pictures import WORDS, png_size


def test_domain_profile_draws_a_facility_where_everything_is_not_applicable(mini_set):
    score = score_assessment(mini_set, {i.code: "na" for i in mini_set.indicators})
    data = facility_charts.domain_profile(mini_set, score, "en", "All not applicable")
    assert [b.value for b in data.domains] == [None, None]
    assert [b.label for b in data.domains] == ["W · Water", "HH · Hand hygiene"]
    png_size(drawing.domain_profile(data, WORDS))


def test_domain_profile_labels_are_in_the_chosen_language(mini_set):
    score = score_assessment(mini_set, {"W1": 2, "W2": 1})
    data = facility_charts.domain_profile(mini_set, score, "id", "Profil")
    assert data.domains[0] == drawing.Bar("W · Air", Decimal("75.0"))  # (2 + 1) / 4
    assert data.domains[1].label == "HH · Kebersihan tangan"


def test_round_change_compares_the_latest_round_with_the_one_before(mini_set):
    from types import SimpleNamespace

    from scoring import compare_assessments

    before = score_assessment(mini_set, {"W1": 1, "W2": 1, "HH1": 2})
    after = score_assessment(mini_set, {"W1": 2, "W2": 2, "HH1": 0})
    history = [
        SimpleNamespace(round=SimpleNamespace(name="Baseline"), score=before, change=None),
        SimpleNamespace(round=SimpleNamespace(name="Follow-up"), score=after,
                        change=compare_assessments(before, after)),
    ]
    data = facility_charts.round_change(mini_set, history, "en", "Change")
    assert (data.before_round, data.after_round) == ("Baseline", "Follow-up")
    assert data.domains[0] == drawing.DomainMove("W · Water", Decimal("50.0"), Decimal("100.0"))
    png_size(drawing.round_change(data, WORDS))
    one_round = facility_charts.round_change(mini_set, history[:1], "en", "Change")
    assert one_round.before_round is None
    assert [m.before for m in one_round.domains] == [None, None]
    png_size(drawing.round_change(one_round, WORDS))
