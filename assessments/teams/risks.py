"""The team's risk assessment (the guide's step 3): its judgement of each gap of an assessment.

For every indicator the assessment found not fully met, the team may record the problem found,
who is at risk, how likely and how severe the harm is (three-level scales) and so a risk level
(the matrix of ``team_codes.yaml``), with its reason where that level differs from washfit's
computed priority (``scoring.priority``), which stays the suggestion and the default. The
plans order by the team's level where it exists (``scoring.priority.judged_value``).
Recorded by ``permissions.can_judge_risk``; audited as entity ``risk_judgement``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.death_audits.codes import current_audit_codes
from assessments.death_audits.summaries import named_factors
from assessments.errors import InvalidInput, PermissionDenied, StaleVersion, Values, stale
from assessments.facilities import profile_of
from assessments.i18n.labels import N_
from assessments.models import Assessment, RiskJudgement, User
from assessments.permissions import can_judge_risk
from assessments.teams.codes import TeamCodes
from assessments.texts import checked_text
from scoring import IndicatorSet
from scoring.priority import Priority, gap_priority

MAX_TEXT = 2000
FIELDS = ("problem", "at_risk", "likelihood", "severity", "reason")


@dataclass(frozen=True)
class JudgementInput:
    """The team's judgement of one gap, as a form gives it."""

    problem: str
    at_risk: tuple[str, ...]
    likelihood: str
    severity: str
    reason: str = ""


@dataclass(frozen=True)
class GapRisk:
    """One gap of an assessment with washfit's priority and the team's judgement, if any."""

    indicator_code: str
    domain: str
    score: int                       # 0 not met, 1 partially met
    priority: Priority               # washfit's computed suggestion
    judgement: RiskJudgement | None
    team_level: str | None           # the matrix's level of the team's likelihood × severity

    @property
    def level(self) -> str:
        """The level the plan follows: the team's where it judged, washfit's otherwise."""
        return self.team_level or self.priority.level

    @property
    def differs(self) -> bool:
        return self.team_level is not None and self.team_level != self.priority.level


def judgement_fields(value: RiskJudgement | JudgementInput | None) -> dict[str, str | None]:
    """A judgement's values as the form carries them (``at_risk`` comma-separated)."""
    if value is None:
        return dict.fromkeys(FIELDS)
    at_risk = value.at_risk_codes if isinstance(value, RiskJudgement) else value.at_risk
    return {"problem": value.problem or None, "at_risk": ",".join(at_risk) or None,
            "likelihood": value.likelihood or None, "severity": value.severity or None,
            "reason": value.reason or None}


def assessment_gaps(
    session: Session, indicator_set: IndicatorSet, codes: TeamCodes, assessment: Assessment, today: dt.date,
) -> list[GapRisk]:
    """Every gap of ``assessment`` in the set's order, with washfit's priority and the team's level."""
    profile = profile_of(assessment.facility)
    audit_codes = current_audit_codes()
    evidence = named_factors(session, audit_codes, today).get(assessment.facility_id, frozenset())
    judged = {j.indicator_code: j for j in session.scalars(
        select(RiskJudgement).where(RiskJudgement.assessment_id == assessment.id))}
    scores = {r.indicator_code: r.score for r in assessment.responses}
    gaps = []
    for indicator in indicator_set.indicators:
        score = scores.get(indicator.code)
        if score not in (0, 1) or not indicator.applies(profile):
            continue
        assert score is not None
        priority = gap_priority(indicator, score, profile, evidence & audit_codes.factors_of(indicator.code))
        judgement = judged.get(indicator.code)
        level = None if judgement is None else codes.level(judgement.likelihood, judgement.severity)
        gaps.append(GapRisk(indicator.code, indicator.domain, score, priority, judgement, level))
    return gaps


def checked_judgement(codes: TeamCodes, data: JudgementInput) -> JudgementInput:
    """``data`` trimmed and checked against the code lists; ``InvalidInput`` for the first problem."""
    problem = checked_text(data.problem, MAX_TEXT, "problem")
    if not problem:
        raise InvalidInput(N_("describe the problem the team found"))
    for code in data.at_risk:
        if code not in codes.at_risk:
            raise InvalidInput(N_("unknown code %(code)s (known: %(known)s)"), code=code,
                               known=", ".join(codes.at_risk))
    if not data.at_risk:
        raise InvalidInput(N_("say who is at risk"))
    for value, known in ((data.likelihood, codes.likelihood), (data.severity, codes.severity)):
        if value not in known:
            raise InvalidInput(N_("unknown code %(code)s (known: %(known)s)"), code=value, known=", ".join(known))
    return JudgementInput(problem, tuple(dict.fromkeys(data.at_risk)), data.likelihood, data.severity,
                          checked_text(data.reason, MAX_TEXT, "reason"))


def save_judgement(
    session: Session, indicator_set: IndicatorSet, codes: TeamCodes, assessment: Assessment, indicator_code: str,
    data: JudgementInput, actor: User, expected_version: int, today: dt.date, loaded: Values | None = None,
) -> RiskJudgement:
    """Record or change the team's judgement of one gap (``expected_version`` 0: none yet).

    Refused with ``InvalidInput`` when the indicator is no gap of the assessment, a code is
    unknown, or the team's level differs from washfit's without a reason; ``StaleVersion`` when
    someone saved the judgement since the form was loaded. Nothing is written then.
    """
    if not can_judge_risk(actor, assessment.facility):
        raise PermissionDenied("only administrators, the puskesmas's head and its assessors record the team's "
                               "risk assessment")
    gap = next((g for g in assessment_gaps(session, indicator_set, codes, assessment, today)
                if g.indicator_code == indicator_code), None)
    if gap is None:
        raise InvalidInput(N_("%(code)s is not a gap of this assessment"), code=indicator_code)
    data = checked_judgement(codes, data)
    level = codes.level(data.likelihood, data.severity)
    if level != gap.priority.level and not data.reason:
        raise InvalidInput(N_("the team's level (%(team)s) differs from washfit's (%(washfit)s): say why"),
                           team=level, washfit=gap.priority.level)
    row = gap.judgement
    current_version = 0 if row is None else row.version
    if current_version != expected_version:
        raise stale(current_version, loaded or {}, judgement_fields(row), judgement_fields(data))
    before = judgement_fields(row)
    if row is None:
        row = RiskJudgement(assessment=assessment, indicator_code=indicator_code)
        session.add(row)
    row.problem, row.at_risk, row.reason = data.problem, " ".join(data.at_risk), data.reason
    row.likelihood, row.severity = data.likelihood, data.severity
    session.flush()
    for field, value in judgement_fields(row).items():
        record_change(session, actor.username, "risk_judgement", f"{assessment.id}:{indicator_code}", field,
                      before[field], value, assessment.facility_id)
    return row


def clear_judgement(
    session: Session, assessment: Assessment, indicator_code: str, actor: User, expected_version: int,
) -> None:
    """Remove the team's judgement of a gap: washfit's priority applies again."""
    if not can_judge_risk(actor, assessment.facility):
        raise PermissionDenied("only administrators, the puskesmas's head and its assessors record the team's "
                               "risk assessment")
    row = session.scalar(select(RiskJudgement).where(
        RiskJudgement.assessment_id == assessment.id, RiskJudgement.indicator_code == indicator_code))
    if row is None:
        return
    if row.version != expected_version:
        raise StaleVersion(row.version, [])
    for field, value in judgement_fields(row).items():
        record_change(session, actor.username, "risk_judgement", f"{assessment.id}:{indicator_code}", field,
                      value, None, assessment.facility_id)
    session.delete(row)
    session.flush()


def judgements_of(session: Session, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], RiskJudgement]:
    """The team's judgements of these (assessment id, indicator code) pairs, for the plans' readers."""
    wanted = set(pairs)
    assessment_ids = {a for a, _ in wanted}
    if not assessment_ids:
        return {}
    rows = session.scalars(select(RiskJudgement).where(RiskJudgement.assessment_id.in_(assessment_ids)))
    return {(r.assessment_id, r.indicator_code): r for r in rows if (r.assessment_id, r.indicator_code) in wanted}
