"""What a budget buys: the most priority within it, as of a round."""



from assessments.plans.budget import fund_plans
from assessments.plans.drafting import draft_all_plans
from tests.assessments.plans.helpers import follow_up


def test_the_budget_funds_the_most_priority_within_it(session, mini_set, planned_district):
    result = fund_plans(session, mini_set, 6_000_000)
    # Priority first, the cheaper first among equals; W3 (priority 4, Rp 6.500.000) does not fit.
    assert [(r.action.indicator_code, r.funded, r.running_total) for r in result.rows] == [
        ("HH1", True, 500_000), ("W2", True, 5_500_000), ("W3", False, 5_500_000)]
    assert (result.total, result.value, result.method) == (5_500_000, 7 + 7, "exact")
    assert result.total <= result.budget


def test_a_budget_as_of_a_round_reads_that_rounds_gaps(session, mini_set, planned_district):
    follow_up(session, mini_set, planned_district, {"W1": "2", "W2": "2", "W3": "0", "HH1": "0", "HH2": "na"})
    draft_all_plans(session)
    session.commit()
    latest = fund_plans(session, mini_set, 100_000_000)
    as_of_baseline = fund_plans(session, mini_set, 100_000_000, up_to=session.merge(planned_district["round"]))
    assert {r.action.indicator_code for r in latest.rows} == {"W3", "HH1"}
    assert {r.action.indicator_code for r in as_of_baseline.rows} == {"W2", "W3", "HH1"}
