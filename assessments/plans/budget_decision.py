"""Recording what the district decided to fund: the chosen actions get their funding source, and back.

The budget page (``assessments.plans.budget``) only proposes; the decision is kept on the actions
themselves, in ``plan_actions.funding_source``, so every plan page, total and workbook shows it
("Per funding source") without a record of its own. Each action changed is audited, and the
decision is reversible: ``undo_funding`` sets every action back to the source it had, from the
``FundingChange`` list that ``record_funding`` returned. Both refuse, writing nothing, when any
chosen action changed since the page that chose it was shown (its version moved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assessments.audit import record_change
from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import FUNDING_SOURCES, PlanAction, User, utc_now
from assessments.permissions import can_decide_budget
from assessments.plans.actions import OPEN_STATUSES

MAX_CHOSEN = 5000  # more than a district's plans hold: a longer list is not from the budget page


@dataclass(frozen=True)
class Chosen:
    """An action as the page showed it: its id and the version it had then."""

    action_id: int
    version: int


@dataclass(frozen=True)
class FundingChange:
    """One action's funding source before and after, and its version after: what an undo needs."""

    action_id: int
    old: str | None
    new: str | None
    version: int


def _moved(count: int) -> InvalidInput:
    return InvalidInput("%(count)d of the chosen actions were changed or removed since the page was shown: "
                        "nothing was saved. Open the budget again and choose again.", count=count)


def _not_from_the_page() -> InvalidInput:
    return InvalidInput("the list of chosen actions is not one the budget page sent")


def _numbers(pieces: Sequence[str]) -> tuple[int, int]:
    """An action id and version from the page; refused unless both are plain, bounded numbers."""
    if not all(p.isdigit() and len(p) <= 9 for p in pieces):
        raise _not_from_the_page()
    return int(pieces[0]), int(pieces[1])


def _load(session: Session, chosen: Sequence[Chosen]) -> dict[int, PlanAction]:
    """The chosen actions; refused (nothing written) when one is gone or changed since it was shown."""
    if not chosen:
        raise InvalidInput("choose at least one action")
    if len(chosen) > MAX_CHOSEN or len({c.action_id for c in chosen}) != len(chosen):
        raise _not_from_the_page()
    found = {a.id: a for a in session.scalars(select(PlanAction).where(
        PlanAction.id.in_([c.action_id for c in chosen])))}
    moved = [c for c in chosen if c.action_id not in found or found[c.action_id].version != c.version]
    if moved:
        raise _moved(len(moved))
    return found


def _apply(session: Session, actor: User, found: dict[int, PlanAction], wanted: dict[int, str | None]
           ) -> list[FundingChange]:
    changes = []
    for action_id, source in wanted.items():
        action = found[action_id]
        old = action.funding_source
        record_change(session, actor.username, "plan_action", action.id, "funding_source", old, source,
                      action.facility_id)
        action.funding_source = source
        action.edited = " ".join(sorted(action.edited_fields | {"funding_source"}))
        action.updated_at = utc_now()
        changes.append((action, old, source))
    try:
        session.flush()
    except StaleDataError:
        # Someone saved one of them between our read and our update; the caller rolls back.
        raise _moved(1) from None
    return [FundingChange(action.id, old, new, action.version) for action, old, new in changes]


def record_funding(session: Session, chosen: Sequence[Chosen], source: str, actor: User) -> list[FundingChange]:
    """Mark the chosen open actions as funded from ``source``; return the changes (for the undo)."""
    if not can_decide_budget(actor):
        raise PermissionDenied("only an administrator records the budget decision")
    if source not in FUNDING_SOURCES:
        raise InvalidInput("unknown funding source %(source)s", source=source)
    found = _load(session, chosen)
    closed = [a for a in found.values() if a.status not in OPEN_STATUSES]
    if closed:
        raise InvalidInput("%(count)d of the chosen actions are done or dropped: nothing was saved",
                           count=len(closed))
    return _apply(session, actor, found, {c.action_id: source for c in chosen})


def undo_funding(session: Session, changes: Sequence[FundingChange], actor: User) -> list[FundingChange]:
    """Set every action of a recorded decision back to its funding source before it; audited like the decision."""
    if not can_decide_budget(actor):
        raise PermissionDenied("only an administrator records the budget decision")
    if any(c.old is not None and c.old not in FUNDING_SOURCES for c in changes):
        raise _not_from_the_page()
    found = _load(session, [Chosen(c.action_id, c.version) for c in changes])
    return _apply(session, actor, found, {c.action_id: c.old for c in changes})


def changes_to_text(changes: Sequence[FundingChange]) -> str:
    """The undo form's hidden value: ``id:version:old`` per action, ``-`` for no source before."""
    return " ".join(f"{c.action_id}:{c.version}:{c.old or '-'}" for c in changes)


def changes_from_text(text: str) -> list[FundingChange]:
    """What ``changes_to_text`` wrote; ``InvalidInput`` for anything else (nothing is written)."""
    changes = []
    for part in text.split()[: MAX_CHOSEN + 1]:
        pieces = part.split(":")
        if len(pieces) != 3:
            raise _not_from_the_page()
        action_id, version = _numbers(pieces[:2])
        changes.append(FundingChange(action_id, None if pieces[2] == "-" else pieces[2], None, version))
    return changes


def chosen_from_values(values: Sequence[str]) -> list[Chosen]:
    """The budget page's checkboxes, ``id:version`` each; ``InvalidInput`` for anything else."""
    chosen = []
    for value in values[: MAX_CHOSEN + 1]:
        pieces = value.split(":")
        if len(pieces) != 2:
            raise _not_from_the_page()
        chosen.append(Chosen(*_numbers(pieces)))
    return chosen
