"""People's changes to a plan: edit an action, add an own action. Checked, locked and audited.

Only the fields the issue lists can change: text, person responsible, target date, status,
funding source, and the items' quantities and unit-cost overrides. Each changed field is
recorded in the audit log and in the action's ``edited`` list, which a re-draft respects.
An edit made from a stale form (the action changed since it was loaded) saves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assessments.audit import record_change
from assessments.errors import ChangedField, InvalidInput, NotFound, PermissionDenied, StaleVersion, Values, stale
from assessments.i18n.formats import format_rupiah
from assessments.models import FUNDING_SOURCES, PLAN_STATUSES, Facility, PlanAction, User, utc_now
from assessments.permissions import can_edit_plan
from assessments.plans.actions import action_set, default_text
from assessments.plans.items import MAX_QUANTITY, item_summary, replace_items, stored_items
from assessments.plans.plan_records import SCOPE_LOCKED, find_plan, reopen_for_scope
from assessments.plans.prices import MAX_RUPIAH, seed_cost_catalog, unit_costs
from scoring import IndicatorSet

MAX_TEXT = 2000
MAX_RESPONSIBLE = 200


@dataclass(frozen=True)
class ItemLine:
    """A catalog item wanted in an action: its code, a quantity > 0 and an optional override >= 0."""

    code: str
    quantity: int
    override: int | None = None


@dataclass(frozen=True)
class ActionChanges:
    """Everything a person sets on an action; ``text`` empty means the set's default text."""

    text: str
    responsible: str
    target_date: dt.date | None
    status: str
    funding_source: str | None
    items: tuple[ItemLine, ...]
    reopen: bool = False  # the person agreed to re-open a submitted or validated plan for a change of scope


_FIELDS = ("text", "responsible", "target_date", "status", "funding_source")
# What the district validates; the status is monitoring and changes freely after validation.
SCOPE_FIELDS = frozenset(("text", "responsible", "target_date", "funding_source", "items"))


def _guard_scope(session: Session, facility_id: int, what: str, reopen: bool, actor: str) -> None:
    """Refuse a change of scope to a submitted or validated plan unless the person re-opens it; re-open it then."""
    plan = find_plan(session, facility_id)
    if plan is None or plan.state not in SCOPE_LOCKED:
        return
    if not reopen:
        raise InvalidInput("this plan is %(state)s: changing its scope (%(what)s) re-opens it for the district; "
                           "tick “re-open the plan” to do so", state=plan.state, what=what)
    reopen_for_scope(session, plan, f"scope:{what}", actor)


def get_action(session: Session, facility: Facility, action_id: int) -> PlanAction:
    """The action ``action_id`` of ``facility``; ``NotFound`` for any other facility's."""
    action = session.scalar(select(PlanAction).where(PlanAction.id == action_id, PlanAction.facility_id == facility.id))
    if action is None:
        raise NotFound("no action %(id)s in the plan of %(code)s", id=action_id, code=facility.code)
    return action


def _check(session: Session, indicator_set: IndicatorSet, changes: ActionChanges, own_action: bool) -> None:
    if changes.status not in PLAN_STATUSES:
        raise InvalidInput("%(status)s is not a plan status", status=changes.status)
    if changes.funding_source is not None and changes.funding_source not in FUNDING_SOURCES:
        raise InvalidInput("%(source)s is not a funding source", source=changes.funding_source)
    if len(changes.text) > MAX_TEXT or len(changes.responsible) > MAX_RESPONSIBLE:
        raise InvalidInput("the action text or the person responsible is too long")
    if own_action and not changes.text.strip():
        raise InvalidInput("an own action needs a text")
    known = unit_costs(session, indicator_set)
    seen = set()
    for line in changes.items:
        if line.code not in known:
            raise InvalidInput("unknown cost item %(code)s", code=line.code)
        if line.code in seen:
            raise InvalidInput("%(code)s is listed twice", code=line.code)
        seen.add(line.code)
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise InvalidInput("%(code)s: the quantity must be between 1 and %(limit)d", code=line.code,
                               limit=MAX_QUANTITY)
        if line.override is not None and not 0 <= line.override <= MAX_RUPIAH:
            raise InvalidInput("%(code)s: a unit cost must be between 0 and %(limit)s", code=line.code,
                               limit=format_rupiah(MAX_RUPIAH))


def _wanted(action: PlanAction, indicator_set: IndicatorSet, changes: ActionChanges, lang: str) -> dict[str, object]:
    """The new field values; text equal to the default (as the editor saw it) stays the default."""
    text = changes.text.strip()
    if text == default_text(indicator_set, action.indicator_code, lang) and action.indicator_code is not None:
        text = ""
    return {
        "text": text or None,
        "responsible": changes.responsible.strip(),
        "target_date": changes.target_date,
        "status": changes.status,
        "funding_source": changes.funding_source,
    }


def _items(changes: ActionChanges) -> list[tuple[str, int, int | None]]:
    return [(line.code, line.quantity, line.override) for line in changes.items]


def _shown(value: object) -> str | None:
    return None if value is None else str(value)


def action_fields(action: PlanAction) -> dict[str, str | None]:
    """The action as its edit form carries it, as text: what a stale form is compared on."""
    values = {f: _shown(getattr(action, f)) for f in _FIELDS}
    values["items"] = item_summary(sorted(stored_items(action)))
    return values


def _wanted_fields(wanted: dict[str, object], items: list[tuple[str, int, int | None]]) -> dict[str, str | None]:
    values = {f: _shown(wanted[f]) for f in _FIELDS}
    values["items"] = item_summary(sorted(items))
    return values


def _differences(
    action: PlanAction, wanted: dict[str, object], items: list[tuple[str, int, int | None]]
) -> list[ChangedField]:
    changed = [ChangedField(f, _shown(getattr(action, f)), _shown(wanted[f])) for f in _FIELDS
               if _shown(getattr(action, f)) != _shown(wanted[f])]
    if sorted(stored_items(action)) != sorted(items):
        changed.append(ChangedField("items", item_summary(stored_items(action)), item_summary(items)))
    return changed


def edit_action(
    session: Session,
    indicator_set: IndicatorSet,
    action: PlanAction,
    changes: ActionChanges,
    actor: User,
    expected_version: int,
    lang: str = "id",
    loaded: Values | None = None,
) -> int:
    """Apply ``changes`` if nobody saved since ``expected_version``; return how many fields changed.

    ``lang`` is the language the editor saw the default text in. A stale version raises
    ``StaleVersion`` naming the fields someone else changed since the form was ``loaded``
    (``action_fields`` then), with the form to show again: the editor's own edits kept, every
    other field as stored now. Nothing is written. ``indicator_set`` serves own actions; an
    action drafted from a gap is read with its source assessment's round's set.
    """
    if not can_edit_plan(actor, action.facility):
        raise PermissionDenied("you may not edit this facility's plan")
    indicator_set = action_set(action, indicator_set)
    _check(session, indicator_set, changes, own_action=action.indicator_code is None)
    if action.assessment is not None and changes.target_date is not None \
            and changes.target_date < action.assessment.round.starts_on:
        raise InvalidInput("the target date %(date)s is before the round the action was drafted in (%(round)s, "
                           "from %(start)s)", date=changes.target_date.isoformat(), round=action.assessment.round.name,
                           start=action.assessment.round.starts_on.isoformat())
    wanted = _wanted(action, indicator_set, changes, lang)
    items = _items(changes)
    if action.version != expected_version:
        raise stale(action.version, loaded or {}, action_fields(action), _wanted_fields(wanted, items))
    changed = _differences(action, wanted, items)
    if not changed:
        return 0
    scope = sorted(c.field for c in changed if c.field in SCOPE_FIELDS)
    if scope:
        _guard_scope(session, action.facility_id, f"{action.indicator_code or action.id}: {', '.join(scope)}",
                     changes.reopen, actor.username)
    seed_cost_catalog(session, indicator_set, actor.username)
    for field in _FIELDS:
        record_change(session, actor.username, "plan_action", action.id, field, getattr(action, field), wanted[field],
                      action.facility_id)
        setattr(action, field, wanted[field])
    replace_items(session, action, items, actor.username)
    action.edited = " ".join(sorted(action.edited_fields | {c.field for c in changed}))
    action.updated_at = utc_now()
    try:
        session.flush()
    except StaleDataError:
        # Someone saved between our read and our update; the caller rolls back.
        raise StaleVersion(expected_version + 1, changed) from None
    return len(changed)


def add_custom_action(
    session: Session, indicator_set: IndicatorSet, facility: Facility, changes: ActionChanges, actor: User,
    form_token: str | None = None,
) -> tuple[PlanAction, bool]:
    """Add an own action (no indicator behind it) to ``facility``'s plan; the action and whether it is new.

    ``form_token`` is the one-time token of the form it was typed in: the same form sent twice
    (a double click, a re-sent page) finds the action the first post added instead of adding
    a second, costed twin. Two posts racing meet the unique token: the caller rolls back and
    calls again, and finds the first.
    """
    if not can_edit_plan(actor, facility):
        raise PermissionDenied("you may not edit this facility's plan")
    token = (form_token or "").strip()[:64] or None
    if token is not None:
        existing = session.scalar(select(PlanAction).where(PlanAction.form_token == token))
        if existing is not None:
            if existing.facility_id != facility.id:
                raise InvalidInput("this form was already used; open a new one")
            return existing, False
    _check(session, indicator_set, changes, own_action=True)
    _guard_scope(session, facility.id, "new action", changes.reopen, actor.username)
    seed_cost_catalog(session, indicator_set, actor.username)
    action = PlanAction(facility_id=facility.id, text=changes.text.strip(), responsible=changes.responsible.strip(),
                        target_date=changes.target_date, status=changes.status, funding_source=changes.funding_source,
                        form_token=token)
    session.add(action)
    session.flush()
    record_change(session, actor.username, "plan_action", action.id, "added", None, action.text, facility.id)
    replace_items(session, action, _items(changes), actor.username)
    session.flush()
    return action, True
