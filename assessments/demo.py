"""Demonstration data: the puskesmas of Kabupaten Kupang with synthetic scores from a fixed seed.

The facility names and kecamatan come from public sources (assessments/data/kupang_puskesmas.yaml
lists them and marks the placeholders); every score is generated and every round it creates is
flagged ``synthetic``, which the app and the exports show as demonstration data.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.accounts.users import create_user
from assessments.audit import record_change
from assessments.death_audits.codes import AuditCodes, current_audit_codes
from assessments.facilities import FacilityDetails, profile_of, save_facility
from assessments.indicator_sets import ensure_first_set, indicator_set_of
from assessments.models import (
    Assessment,
    AssessmentRound,
    DeathAudit,
    Facility,
    PlanAction,
    Response,
    RiskJudgement,
    TeamMember,
    User,
)
from assessments.plans.actions import plan_action_view
from assessments.plans.drafting import draft_all_plans
from assessments.plans.edits import ActionChanges, ItemLine, edit_action
from assessments.plans.monitoring import Progress, record_progress
from assessments.plans.validation import return_plan, submit_plan, validate_plan
from assessments.rounds import create_round, set_round_period
from assessments.scores.stored_tallies import store_scores
from assessments.teams.codes import current_team_codes
from assessments.teams.risks import assessment_gaps
from scoring import IndicatorSet

FACILITIES_FILE = Path(__file__).resolve().parent / "data" / "kupang_puskesmas.yaml"
ACTOR = "demo"
# Each round with its DHIS2 period: the baseline the year it starts in, the follow-up a half year.
ROUNDS = (("Baseline 2025 (demo)", dt.date(2025, 5, 1), "2025"),
          ("Follow-up 2026 (demo)", dt.date(2026, 5, 1), "2026S1"))


def demo_org_unit(number: int) -> str:
    """The SYNTHETIC DHIS2 org unit code of the ``number``-th demo puskesmas, made up and saying so:
    a real district sets its own (the facility form, or ``dhis2_org_unit`` in the facility list)."""
    return f"DEMO-KPG-PKM-{number:02d}"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    password: str
    facilities: tuple[str, ...]


def load_facility_list(path: Path = FACILITIES_FILE) -> tuple[str, list[dict[str, Any]]]:
    """The district name and its facilities from the demo list."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["district"], data["facilities"]


def is_empty(session: Session) -> bool:
    """True when the database holds no facility yet."""
    return not session.scalar(select(func.count()).select_from(Facility))


def _draw(rng: random.Random, quality: float, essential: bool) -> int | None:
    """One synthetic answer; weaker facilities miss essentials more often."""
    if not essential and rng.random() < 0.04:
        return None  # not applicable
    q = quality - (0.05 if essential else 0.0)
    r = rng.random()
    return 2 if r < q else (1 if r < q + (1 - q) * 0.55 else 0)


def _improve(rng: random.Random, score: int | None) -> int | None:
    """The follow-up answer: gaps close often, sometimes things get worse."""
    if score is None:
        return None
    r = rng.random()
    if score < 2 and r < 0.4:
        return score + 1
    if score > 0 and r > 0.96:
        return score - 1
    return score


def _nothing() -> None:
    return None


def demo_steps() -> int:
    """How many times ``load_demo`` calls its ``step``: once per puskesmas, then once for the plans."""
    return len(load_facility_list()[1]) + 1


def load_demo(
    session: Session, seed: int = 2025, password: str | None = None, step: Callable[[], None] = _nothing
) -> list[DemoLogin]:
    """Create facilities, two synthetic rounds, assessments and one user per role; return the logins.

    Both rounds use the first indicator set (stored now if the database has none yet). ``step``
    is called after each puskesmas's assessments and once more after the plans (``demo_steps``).
    """
    rng = random.Random(seed)
    stored = ensure_first_set(session, ACTOR)
    indicator_set = indicator_set_of(stored)
    district, rows = load_facility_list()
    facilities = [
        save_facility(session, FacilityDetails(
            code=row["code"], name=row["name"], kecamatan=row.get("kecamatan", ""), district=district,
            inpatient=bool(row.get("inpatient")), delivery=bool(row.get("delivery")),
            dhis2_org_unit=row.get("dhis2_org_unit") or demo_org_unit(number),
            placeholder=not row.get("confirmed", False),
        ), ACTOR)
        for number, row in enumerate(rows, start=1)
    ]
    baseline, follow_up = (create_round(session, name, day, ACTOR, synthetic=True, indicator_set=stored)
                           for name, day, _period in ROUNDS)
    for round_, (_name, _day, period) in zip((baseline, follow_up), ROUNDS, strict=True):
        set_round_period(session, round_, period, ACTOR)
    gaps: dict[int, set[str]] = {}  # each facility's gaps in its latest submitted or validated assessment
    sources: list[Assessment] = []  # each facility's latest submitted or validated assessment
    team_rng = random.Random(seed + 1)  # apart, so the scores stay those of the seed without teams
    for index, facility in enumerate(facilities):
        team = _add_team(session, team_rng, facility, baseline.starts_on - dt.timedelta(days=30))
        quality = rng.uniform(0.25, 0.8)
        first = {i.code: _draw(rng, quality, i.essential)
                 for i in indicator_set.indicators if i.applies(profile_of(facility))}
        source = _add_assessment(session, indicator_set, facility, baseline, first, "validated", team)
        latest = first  # the answers plans are drafted from: the follow-up's once it is submitted
        if index < len(facilities) - 2:  # two puskesmas have not been re-assessed yet
            second = {code: _improve(rng, score) for code, score in first.items()}
            if index >= len(facilities) - 6:
                # four follow-ups are drafts, half way through
                second = dict(list(second.items())[: len(second) // 2])
            status = "draft" if index >= len(facilities) - 6 else "submitted"
            added = _add_assessment(session, indicator_set, facility, follow_up, second, status, team)
            if status == "submitted":
                latest, source = second, added
        gaps[facility.id] = {code for code, score in latest.items() if score in (0, 1)}
        sources.append(source)
        step()
    # Plans drafted after the baseline, then re-drafted from the follow-up: closed gaps show as met.
    draft_all_plans(session, actor=ACTOR, up_to=baseline)
    draft_all_plans(session, actor=ACTOR)
    _add_risk_judgements(session, indicator_set, sources)
    step()
    _add_death_audits(session, rng, current_audit_codes(), facilities, gaps, dt.datetime.now(dt.UTC).date())
    logins = _demo_users(session, facilities, password)
    _add_plan_progress(session, rng, indicator_set, facilities, dt.datetime.now(dt.UTC).date())
    return logins


MONITORED_FACILITIES = 8  # the first puskesmas record progress on their plans


def _add_plan_progress(
    session: Session, rng: random.Random, indicator_set: IndicatorSet, facilities: list[Facility], today: dt.date,
) -> None:
    """Synthetic monitoring: targets, actions done, late, in progress (with spending) and dropped; one plan validated
    (submitted by the head, validated by the district), one returned with comments. Notes say "demo"."""
    users = {u.username: u for u in session.scalars(select(User).where(User.username.like("demo-%")))}
    admin, head = users["demo-admin"], users["demo-kapus"]
    for facility in facilities[:MONITORED_FACILITIES]:
        actions = session.scalars(select(PlanAction).where(PlanAction.facility_id == facility.id)
                                  .order_by(PlanAction.id)).all()
        for action in actions:
            start = action.assessment.round.starts_on if action.assessment else ROUNDS[0][1]
            days = (today - start).days
            if days < 30:
                continue  # too soon after the round for anything to have happened
            kind = rng.choice(("done", "in_progress", "late", "planned", "done", "in_progress", "late", "dropped"))
            target = start + dt.timedelta(days=rng.randint(20, days - 5) if kind == "late" else days + 90)
            edit_action(session, indicator_set, action, ActionChanges(
                text=action.text or "", responsible=action.responsible, target_date=target, status=action.status,
                funding_source=action.funding_source or rng.choice(("APBD", "DAK", "BOK")),
                items=tuple(ItemLine(i.cost_item_code, i.quantity, i.unit_cost_override) for i in action.items),
            ), admin, action.version)
            cost = plan_action_view(session, indicator_set, action, "id").cost
            started = start + dt.timedelta(days=rng.randint(5, days // 2))
            if kind == "done":
                completed = started + dt.timedelta(days=rng.randint(1, (today - started).days))
                progress = Progress("done", started, completed, "Selesai dikerjakan (data demo sintetis)",
                                    round(cost * rng.uniform(0.8, 1.1)))
            elif kind == "in_progress":
                progress = Progress("in_progress", started, None, "Sedang dikerjakan (data demo sintetis)",
                                    round(cost * rng.uniform(0.2, 0.6)))
            elif kind == "dropped":
                progress = Progress("dropped", None, None, "Dibatalkan: diganti tindakan lain (demo sintetis)", None)
            else:
                continue
            record_progress(session, action, progress, admin, action.version, today)
    first, second = facilities[0], facilities[1]
    submit_plan(session, first, head)
    validate_plan(session, indicator_set, first, admin)
    submit_plan(session, second, admin)
    return_plan(session, second, "Data demo sintetis: lengkapi penanggung jawab dan sumber dana untuk tindakan "
                "berprioritas tinggi, lalu ajukan lagi.", admin)


DEATH_AUDIT_FACILITIES = 4


def _add_death_audits(
    session: Session, rng: random.Random, codes: AuditCodes, facilities: list[Facility], gaps: dict[int, set[str]],
    today: dt.date,
) -> None:
    """Synthetic, de-identified audit summaries at a few puskesmas with delivery services (never real cases).

    Each names WASH-related factors linked to gaps its puskesmas really has in the demo scores,
    within the last months, so the demo shows priorities raised by audit evidence.
    """
    def linked(facility: Facility) -> list[str]:
        found = gaps.get(facility.id, set())
        return [code for code in codes.wash_factors if set(codes.factors[code].indicators) & found]

    chosen = [f for f in facilities if f.delivery and linked(f)][:DEATH_AUDIT_FACILITIES]
    for facility in chosen:
        factors_at = linked(facility)
        for n in range(rng.randint(1, 4)):
            months_back = rng.randint(1, 18)
            index = today.year * 12 + today.month - 1 - months_back
            factors = rng.sample(factors_at, k=min(len(factors_at), rng.randint(1, 2)))
            case = DeathAudit(
                facility=facility, year=index // 12, month=index % 12 + 1, synthetic=True,
                case_type=rng.choice(("neonatal_death", "neonatal_death", "stillbirth", "maternal_death")),
                place=rng.choice(("facility", "facility", "referral")),
                cause_group=rng.choice(("infection", "asphyxia")),
                factors=" ".join([*factors, *(["referral_delay"] if n % 2 else [])]),
                recommendation="(demo) " + codes.factors[factors[0]].label.id,
            )
            session.add(case)
            session.flush()
            record_change(session, ACTOR, "death_audit", case.id, "created", None, "synthetic", facility.id)


def _add_assessment(
    session: Session,
    indicator_set: IndicatorSet,
    facility: Facility,
    round_: AssessmentRound,
    answers: dict[str, int | None],
    status: str,
    team: list[TeamMember],
) -> Assessment:
    leader = next(m.name for m in team if m.leader)
    assessment = Assessment(
        facility=facility, round=round_, status=status, assessed_on=round_.starts_on + dt.timedelta(days=facility.id),
        assessors=", ".join(m.name for m in team[:3]), team_leader=leader,
        set_id=indicator_set.id, set_version=indicator_set.version,
        responses=[Response(indicator_code=code, score=score) for code, score in answers.items()],
    )
    session.add(assessment)
    session.flush()
    record_change(session, ACTOR, "assessment", assessment.id, "status", None, status, facility.id)
    store_scores(session, assessment)
    return assessment


# Synthetic given names; every demo member's name ends in "(demo)", so none can pass for a real person.
_DEMO_NAMES = ("Ani", "Benny", "Citra", "Dedi", "Erna", "Frans", "Gita", "Hendrik", "Imelda", "Yosef", "Maria",
               "Lukas", "Nona", "Paulus", "Rosa", "Simon")
_DEMO_TEAM = (("head", "anggota, penanggung jawab"), ("sanitarian", "ketua tim"),
              ("midwife_coord", "ruang bersalin"), ("cleaning", "kebersihan dan limbah"))


def _add_team(session: Session, rng: random.Random, facility: Facility, since: dt.date) -> list[TeamMember]:
    """A synthetic WASH FIT team: head, sanitarian (the leader), coordinating midwife, cleaning staff."""
    members = [
        TeamMember(facility=facility, name=f"{rng.choice(_DEMO_NAMES)} {facility.code} {n + 1} (demo)",
                   position=position, team_role=role, leader=position == "sanitarian", from_on=since,
                   synthetic=True)
        for n, (position, role) in enumerate(_DEMO_TEAM)
    ]
    if facility.id % 5 == 0:  # someone who has left the team, kept in its history
        members.append(TeamMember(facility=facility, name=f"{rng.choice(_DEMO_NAMES)} {facility.code} 5 (demo)",
                                  position="other", position_other="tukang kebun", team_role="anggota",
                                  from_on=since, to_on=since + dt.timedelta(days=200), synthetic=True))
    session.add_all(members)
    session.flush()
    for member in members:
        record_change(session, ACTOR, "team_member", member.id, "created", None, "synthetic", facility.id)
    members.sort(key=lambda m: not m.leader)
    return members


RISK_FACILITIES = 3
# (likelihood, severity, reason when it differs) for the team's two judgements at a facility.
_RAISED = ("likely", "major", "(demo) Persalinan setiap hari; ibu dan bayi terpapar langsung")
_LOWERED = ("unlikely", "moderate", "(demo) Masalah sudah ditangani sementara dengan dana BOK bulan ini")


def _add_risk_judgements(session: Session, indicator_set: IndicatorSet, assessments: list[Assessment]) -> None:
    """The team's risk assessment at a few puskesmas: one gap raised above washfit's level, one lowered."""
    codes = current_team_codes()
    for assessment in assessments[:RISK_FACILITIES]:
        gaps = assessment_gaps(session, indicator_set, codes, assessment, dt.datetime.now(dt.UTC).date())
        lowered = next((g for g in gaps if g.priority.level == "high"), None)
        raised = next((g for g in gaps if g.priority.level != "high"), None)
        for gap, (likelihood, severity, reason) in ((raised, _RAISED), (lowered, _LOWERED)):
            if gap is None:
                continue
            row = RiskJudgement(
                assessment=assessment, indicator_code=gap.indicator_code, likelihood=likelihood, severity=severity,
                problem="(demo) " + indicator_set.indicator(gap.indicator_code).text.id,
                at_risk="mothers patients" if likelihood == "likely" else "staff",
                reason=reason if codes.level(likelihood, severity) != gap.priority.level else "")
            session.add(row)
            session.flush()
            record_change(session, ACTOR, "risk_judgement", f"{assessment.id}:{gap.indicator_code}", "created", None,
                          "synthetic", assessment.facility_id)


def _demo_users(session: Session, facilities: list[Facility], password: str | None) -> list[DemoLogin]:
    plan = [
        ("admin", "admin", ()),
        # The assessor's puskesmas are those whose follow-up is still a draft or not started.
        ("penilai", "assessor", tuple(f.code for f in facilities[-6:])),
        ("kapus", "facility_head", (facilities[0].code,)),
        ("pemantau", "viewer", ()),
        ("amp", "amp_sr", ()),
    ]
    logins = []
    for username, role, codes in plan:
        secret = password or secrets.token_urlsafe(9)
        create_user(session, f"demo-{username}", role, secret, codes, ACTOR)
        logins.append(DemoLogin(f"demo-{username}", role, secret, codes))
    return logins
