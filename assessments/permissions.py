"""Who may do what, as plain functions of a user and a facility, shared by views and the CLI.

- admin: everything, including validating or returning a submitted plan (never one they submitted);
- assessor: reads everything, enters scores only for the facilities assigned to them;
- facility_head: sees their own facility only, edits its improvement plan and its monitoring,
  submits the plan to the district, nothing of the assessment;
- viewer: reads everything, changes nothing;
- amp_sr: the district's maternal and perinatal death audit team: reads everything like a
  viewer, and with admins alone sees and edits death audit cases (everyone else who may see a
  facility sees only its suppressed aggregates).
"""

from __future__ import annotations

from assessments.models import Facility, User


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


def can_handle_audit_cases(user: User) -> bool:
    """Case-level death audit records (AMP-SR): the audit team and admins only."""
    return user.role in ("admin", "amp_sr")
