"""The demo: 26 puskesmas, two synthetic rounds, one login per role."""

import datetime as dt

from sqlalchemy import func, select

from assessments.demo import is_empty, load_demo, load_facility_list
from assessments.models import Assessment, AssessmentRound, Facility, User
from assessments.rounds import find_round
from assessments.scores.round_scores import round_overview


def test_demo_list_has_26_puskesmas_of_kabupaten_kupang():
    district, rows = load_facility_list()
    assert district == "Kabupaten Kupang" and len(rows) == 26
    assert len({r["code"] for r in rows}) == 26


def test_demo_loads_synthetic_rounds_and_a_login_per_role(session, seed_set):
    assert is_empty(session)
    logins = load_demo(session, password="demo-password-1")
    session.commit()
    assert session.scalar(select(func.count()).select_from(Facility)) == 26
    rounds = session.scalars(select(AssessmentRound)).all()
    assert len(rounds) == 2 and all(r.synthetic for r in rounds)
    assert {login.role for login in logins} == {"admin", "assessor", "facility_head", "viewer", "amp_sr"}
    assert session.scalar(select(func.count()).select_from(User)) == 5
    statuses = session.scalars(select(Assessment.status)).all()
    assert statuses.count("validated") == 26 and "draft" in statuses and "submitted" in statuses
    unconfirmed = {r["code"] for r in load_facility_list()[1] if not r.get("confirmed")}
    placeholders = set(session.scalars(select(Facility.code).where(Facility.placeholder.is_(True))))
    assert placeholders == unconfirmed


def test_demo_follow_up_scores_all_but_the_two_not_reassessed(session, seed_set):
    load_demo(session, seed=7, password="demo-password-1")
    session.commit()
    results = round_overview(session, seed_set, find_round(session, None))
    overall = [r.score.overall.percent for r in results if r.score]
    assert len(overall) == 24 and all(0 <= p <= 100 for p in overall)


def test_demo_death_audits_are_synthetic_and_raise_some_priorities(session, seed_set, monkeypatch):
    from assessments.death_audits.codes import current_audit_codes
    from assessments.death_audits.summaries import named_factors
    from assessments.demo import load_demo
    from assessments.models import DeathAudit
    from assessments.plans.actions import list_plan_actions
    from tests.conftest import ROOT

    monkeypatch.setenv("WASHFIT_DEATH_AUDIT_CODES", str(ROOT / "death_audit_codes.yaml"))
    load_demo(session, password="demo-password-1")
    session.commit()
    cases = session.scalars(select(DeathAudit)).all()
    assert cases and all(c.synthetic and c.recommendation.startswith("(demo)") for c in cases)
    assert named_factors(session, current_audit_codes(), dt.date.today())
    raised = [a for a in list_plan_actions(session, seed_set)
              if a.reasons and a.reasons[0].startswith("audit AMP-SR: ")]
    assert raised


def test_demo_puskesmas_get_synthetic_dhis2_org_units_unless_the_list_gives_one(session, seed_set, monkeypatch):
    import assessments.demo as demo

    district, rows = load_facility_list()
    monkeypatch.setattr(demo, "load_facility_list", lambda: (district, [{**rows[0], "dhis2_org_unit": "DiszpKrYNg8"},
                                                                        *rows[1:]]))
    load_demo(session, password="demo-password-1")
    session.commit()
    units = dict(session.execute(select(Facility.code, Facility.dhis2_org_unit)).all())
    assert units.pop(rows[0]["code"]) == "DiszpKrYNg8"
    assert sorted(units.values()) == [f"DEMO-KPG-PKM-{n:02d}" for n in range(2, 27)]
    periods = dict(session.execute(select(AssessmentRound.name, AssessmentRound.dhis2_period)).all())
    assert periods == {"Baseline 2025 (demo)": "2025", "Follow-up 2026 (demo)": "2026S1"}
def test_demo_teams_are_synthetic_lead_every_visit_and_some_judgements_differ_with_a_reason(session, seed_set,
                                                                                             monkeypatch):
    from assessments.models import RiskJudgement, TeamMember
    from assessments.plans.actions import list_plan_actions
    from tests.conftest import ROOT

    monkeypatch.setenv("WASHFIT_DEATH_AUDIT_CODES", str(ROOT / "death_audit_codes.yaml"))
    load_demo(session, password="demo-password-1")
    session.commit()
    members = session.scalars(select(TeamMember)).all()
    assert all(m.synthetic and m.name.endswith("(demo)") for m in members)
    leaders = {m.facility_id: m.name for m in members if m.leader}
    assert len(leaders) == 26
    for assessment in session.scalars(select(Assessment)):
        assert assessment.team_leader == leaders[assessment.facility_id] and assessment.assessors
    assert session.scalars(select(RiskJudgement)).all()
    judged = [a for a in list_plan_actions(session, seed_set) if a.team_level]
    differing = [a for a in judged if a.priority != a.computed_priority]
    assert differing and all(a.team_reason.startswith("(demo)") for a in differing)


def test_demo_plans_show_validation_and_monitoring_on_synthetic_data(session, seed_set):
    from assessments.models import FacilityPlan
    from assessments.plans.progress import progress_report

    load_demo(session, password="demo-password")
    session.commit()
    states = sorted(session.scalars(select(FacilityPlan.state).where(FacilityPlan.state != "draft")))
    assert states == ["returned", "validated"]
    assert session.scalar(select(FacilityPlan.comment).where(FacilityPlan.state == "returned")).startswith(
        "Data demo sintetis")
    district = progress_report(session, seed_set).district
    assert all(district.counts[b] for b in ("done", "in_progress", "overdue", "dropped", "met", "not_started"))
    assert 0 < district.money.spent < district.money.planned
