"""Demonstration data: the puskesmas of Kabupaten Kupang with synthetic scores from a fixed seed.

The facility names and kecamatan come from public sources (assessments/data/kupang_puskesmas.yaml
lists them and marks the placeholders); every score is generated and every round it creates is
flagged ``synthetic``, which the app and the exports show as demonstration data.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
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
from assessments.models import Assessment, AssessmentRound, DeathAudit, Facility, Response
from assessments.plans.drafting import draft_all_plans
from assessments.rounds import create_round
from assessments.scores.stored_tallies import store_scores
from scoring import IndicatorSet

FACILITIES_FILE = Path(__file__).resolve().parent / "data" / "kupang_puskesmas.yaml"
ACTOR = "demo"
ROUNDS = (("Baseline 2025 (demo)", dt.date(2025, 5, 1)), ("Follow-up 2026 (demo)", dt.date(2026, 5, 1)))


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


def load_demo(session: Session, seed: int = 2025, password: str | None = None) -> list[DemoLogin]:
    """Create facilities, two synthetic rounds, assessments and one user per role; return the logins.

    Both rounds use the first indicator set (stored now if the database has none yet).
    """
    rng = random.Random(seed)
    stored = ensure_first_set(session, ACTOR)
    indicator_set = indicator_set_of(stored)
    district, rows = load_facility_list()
    facilities = [
        save_facility(session, FacilityDetails(
            code=row["code"], name=row["name"], kecamatan=row.get("kecamatan", ""), district=district,
            inpatient=bool(row.get("inpatient")), delivery=bool(row.get("delivery")),
            placeholder=not row.get("confirmed", False),
        ), ACTOR)
        for row in rows
    ]
    baseline, follow_up = (create_round(session, name, day, ACTOR, synthetic=True, indicator_set=stored)
                           for name, day in ROUNDS)
    gaps: dict[int, set[str]] = {}  # each facility's gaps in its latest submitted or validated assessment
    for index, facility in enumerate(facilities):
        quality = rng.uniform(0.25, 0.8)
        first = {i.code: _draw(rng, quality, i.essential)
                 for i in indicator_set.indicators if i.applies(profile_of(facility))}
        _add_assessment(session, indicator_set, facility, baseline, first, "validated")
        latest = first  # the answers plans are drafted from: the follow-up's once it is submitted
        if index < len(facilities) - 2:  # two puskesmas have not been re-assessed yet
            second = {code: _improve(rng, score) for code, score in first.items()}
            if index >= len(facilities) - 6:
                # four follow-ups are drafts, half way through
                second = dict(list(second.items())[: len(second) // 2])
            status = "draft" if index >= len(facilities) - 6 else "submitted"
            _add_assessment(session, indicator_set, facility, follow_up, second, status)
            if status == "submitted":
                latest = second
        gaps[facility.id] = {code for code, score in latest.items() if score in (0, 1)}
    # Plans drafted after the baseline, then re-drafted from the follow-up: closed gaps show as met.
    draft_all_plans(session, actor=ACTOR, up_to=baseline)
    draft_all_plans(session, actor=ACTOR)
    _add_death_audits(session, rng, current_audit_codes(), facilities, gaps, dt.datetime.now(dt.UTC).date())
    return _demo_users(session, facilities, password)


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
) -> None:
    assessment = Assessment(
        facility=facility, round=round_, status=status, assessed_on=round_.starts_on + dt.timedelta(days=facility.id),
        assessors="Tim gabungan (demo)", set_id=indicator_set.id, set_version=indicator_set.version,
        responses=[Response(indicator_code=code, score=score) for code, score in answers.items()],
    )
    session.add(assessment)
    session.flush()
    record_change(session, ACTOR, "assessment", assessment.id, "status", None, status, facility.id)
    store_scores(session, assessment)


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
