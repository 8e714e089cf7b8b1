"""Who may do what, as plain functions of a user and a facility, shared by views and the CLI.

- admin: everything, including validating or returning a submitted plan (never one they submitted);
- assessor: reads everything, enters scores only for the facilities assigned to them;
- facility_head: sees their own facility only, edits its improvement plan and its monitoring,
  submits the plan to the district, nothing of the assessment;
- viewer: reads everything, changes nothing;
- the WASH FIT team of a facility: everyone who may see the facility reads its members (names,
  positions, roles, dates); admins and the facility's head edit them and alone see the phones;
- the team's risk judgements of an assessment's gaps: recorded by admins, the facility's head and
  the assessors assigned to it (the people who assess with the team), read like the assessment;
- amp_sr: the district's maternal and perinatal death audit team: reads everything like a
  viewer, and with admins alone sees and edits death audit cases (everyone else who may see a
  facility sees only its suppressed aggregates).
"""

from __future__ import annotations

from assessments.models import Assessment, AssessmentRound, Facility, User


def _assigned(user: User, facility: Facility) -> bool:
    return any(f.id == facility.id for f in user.facilities)


def can_view_all(user: User) -> bool:
    """District-wide pages (lists, comparisons, summaries)."""
    return user.role in ("admin", "assessor", "viewer", "amp_sr")


def can_view_facility(user: User, facility: Facility) -> bool:
    return can_view_all(user) or (user.role == "facility_head" and _assigned(user, facility))


def can_enter_scores(user: User, facility: Facility) -> bool:
    return user.role == "admin" or (user.role == "assessor" and _assigned(user, facility))


def can_enter_any_scores(user: User) -> bool:
    """Whether the user enters scores for some facility: the round's phone form and its imports are theirs.

    Each imported submission is still checked against ``can_enter_scores`` for its facility.
    """
    return user.role in ("admin", "assessor")


def can_validate(user: User) -> bool:
    """Validation and reopening are the district's (admin's) call."""
    return user.role == "admin"


def can_edit_plan(user: User, facility: Facility) -> bool:
    return user.role == "admin" or (user.role == "facility_head" and _assigned(user, facility))


def can_submit_plan(user: User, facility: Facility) -> bool:
    """Submitting a facility's plan to the district: whoever edits it (its head, or an admin)."""
    return can_edit_plan(user, facility)


def can_validate_plan(user: User) -> bool:
    """Validating or returning a submitted plan: the district, as for assessments (admins).

    No separate district role: the admins who validate assessments validate plans too, and
    ``plans.validation`` refuses anyone validating a plan they submitted themselves.
    """
    return can_validate(user)


def can_administer(user: User) -> bool:
    return user.role == "admin"


def can_decide_budget(user: User) -> bool:
    """Record the district's budget decision (funding sources on the chosen actions), and undo it."""
    return user.role == "admin"


def can_handle_audit_cases(user: User) -> bool:
    """Case-level death audit records (AMP-SR): the audit team and admins only."""
    return user.role in ("admin", "amp_sr")


def can_edit_team(user: User, facility: Facility) -> bool:
    """The facility's WASH FIT team (members, phones): admins and the facility's own head."""
    return user.role == "admin" or (user.role == "facility_head" and _assigned(user, facility))


def can_judge_risk(user: User, facility: Facility) -> bool:
    """The team's risk assessment of the facility's gaps: its head, its assessors, admins."""
    return can_edit_team(user, facility) or can_enter_scores(user, facility)
# Why an assessment's answers cannot be changed here, most decisive first (labels in
# assessments/i18n/labels.py READ_ONLY_REASON).
READ_ONLY_REASONS = ("round_closed", "no_rights", "validated", "submitted")


def read_only_reason(
    user: User, facility: Facility, round_: AssessmentRound, assessment: Assessment | None
) -> str | None:
    """Which of ``READ_ONLY_REASONS`` keeps ``user`` from changing the answers; None when they may."""
    if round_.closed:
        return "round_closed"
    if not can_enter_scores(user, facility):
        return "no_rights"
    if assessment is not None and assessment.status in ("validated", "submitted"):
        return assessment.status
    return None
