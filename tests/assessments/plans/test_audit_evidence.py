"""Death audit evidence in the plans: the linked gaps rise, say why, and the budget follows."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied
from assessments.history import facility_history_page
from assessments.models import DeathAudit, PlanAction
from assessments.plans.audit_responses import action_from_recommendation
from assessments.plans.budget import fund_plans
from tests.assessments.plans.helpers import views


def _audit(session, facility, factors, months_back=1, recommendation=""):
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 - months_back
    case = DeathAudit(facility_id=facility.id, year=index // 12, month=index % 12 + 1, case_type="neonatal_death",
                      place="facility", cause_group="infection", factors=factors, recommendation=recommendation)
    session.add(case)
    session.commit()
    return case


def test_a_named_wash_factor_raises_the_linked_gap_and_names_the_factor(session, mini_set, planned_district):
    _audit(session, planned_district["f1"], "no_running_water referral_delay")
    found = {a.indicator_code: (a.priority, a.reasons) for a in views(session, mini_set)}
    assert found["W3"] == (7, ("audit AMP-SR: tidak ada air mengalir di ruang bersalin", "ruang bersalin",
                               "tidak memenuhi"))
    assert found["HH1"] == (7, ("esensial", "tidak memenuhi"))  # no factor linked to it was named


def test_the_reason_is_in_english_for_english_readers(session, mini_set, planned_district):
    _audit(session, planned_district["f1"], "no_hand_hygiene")
    found = {a.indicator_code: a.reasons for a in views(session, mini_set, lang="en")}
    assert found["HH1"][0] == "AMP-SR audit: no hand hygiene at the point of care"


def test_evidence_older_than_the_window_adds_nothing(session, mini_set, planned_district, monkeypatch):
    _audit(session, planned_district["f1"], "no_running_water", months_back=13)
    monkeypatch.setenv("WASHFIT_AUDIT_WINDOW_MONTHS", "12")
    assert {a.indicator_code: a.priority for a in views(session, mini_set)}["W3"] == 4


def test_evidence_at_another_facility_adds_nothing_here(session, mini_set, planned_district):
    _audit(session, planned_district["f2"], "no_running_water")
    assert {a.indicator_code: a.priority for a in views(session, mini_set)}["W3"] == 4


def test_the_budget_ranks_the_audited_gap_first(session, mini_set, planned_district):
    before = [row.action.indicator_code for row in fund_plans(session, mini_set, 100_000_000).rows]
    _audit(session, planned_district["f1"], "no_running_water")
    session.expire_all()
    result = fund_plans(session, mini_set, 6_500_000)
    assert before[-1] == "W3"
    assert result.rows[0].action.indicator_code in ("W2", "W3", "HH1") and result.rows[0].action.priority == 7
    assert {row.action.indicator_code: row.action.priority for row in result.rows}["W3"] == 7


def test_a_recommendation_becomes_a_plan_action_in_one_step(session, mini_set, planned_district):
    case = _audit(session, planned_district["f1"], "no_hand_hygiene",
                  recommendation="Pasang wastafel di ruang bersalin")
    action = action_from_recommendation(session, case, session.merge(planned_district["users"]["amp_sr"]))
    session.commit()
    assert (case.plan_action_id, case.response_status) == (action.id, "in_progress")
    stored = session.scalar(select(PlanAction).where(PlanAction.id == action.id))
    assert stored.text == "Pasang wastafel di ruang bersalin" and stored.status == "planned"
    assert any(v.text == "Pasang wastafel di ruang bersalin" for v in views(session, mini_set))
    with pytest.raises(InvalidInput, match="already in the plan"):
        action_from_recommendation(session, case, session.merge(planned_district["users"]["admin"]))


def test_only_the_audit_team_turns_a_recommendation_into_an_action(session, planned_district):
    case = _audit(session, planned_district["f1"], "", recommendation="Latih bidan")
    with pytest.raises(PermissionDenied):
        action_from_recommendation(session, case, session.merge(planned_district["users"]["head"]))


def test_case_entries_stay_out_of_the_facility_history_others_read(session, planned_district):
    case = _audit(session, planned_district["f1"], "", recommendation="Latih bidan")
    action_from_recommendation(session, case, session.merge(planned_district["users"]["amp_sr"]))
    session.commit()
    f1 = planned_district["f1"].id
    others = [line.subject for g in facility_history_page(session, f1, "en").groups for line in g.lines]
    team = [line.subject for g in facility_history_page(session, f1, "en", case_level=True).groups for line in g.lines]
    assert not any("death audit case" in s for s in others)
    assert any("death audit case" in s for s in team)
