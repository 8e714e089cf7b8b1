"""A facility's history of changes as people read it: one save per group, things named, paged.

The audit trail (assessments/audit.py) stores codes and ids ("response 42:W1", "WATER_TANK_5000L×1").
This turns one page of it into words: the round an answer belongs to, the indicator's code and
text, an action's text, cost items by name with their rupiah, statuses and scores in words. The
entries of one transaction share a change set (migration 0015) and read as one group; entries
written before it are a group each. A feature of its own because it reads every other's records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, cast, func, select, true
from sqlalchemy.orm import Session, selectinload

from assessments.audit import CASE_LEVEL_ENTITIES
from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_rupiah
from assessments.i18n.labels import AUDIT_ENTITY, AUDIT_FIELD, PLAN_STATUS, SCORE, STATUS
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import Assessment, AssessmentRound, AuditEntry, PlanAction
from assessments.plans.actions import action_set, default_text
from assessments.plans.items import parse_item_summary
from assessments.plans.prices import unit_costs
from scoring import IndicatorSet

GROUPS_PER_PAGE = 20
_DRAFTED = re.compile(r"^(?P<code>\S+) \(assessment (?P<assessment>\d+)\)$")


@dataclass(frozen=True)
class HistoryLine:
    """One changed field in words: what changed, from which value, to which."""

    subject: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryGroup:
    """The changes one person saved at once."""

    at: dt.datetime
    username: str
    lines: list[HistoryLine]


@dataclass(frozen=True)
class HistoryPage:
    groups: list[HistoryGroup]
    page: int
    pages: int


def _group_key() -> ColumnElement[str]:
    """The change set, else the entry's own id: entries from before migration 0015 stand alone."""
    return func.coalesce(AuditEntry.change_set, cast(AuditEntry.id, String))


class _Namer:
    """Names the things one page of entries speaks of, loaded in a few queries."""

    def __init__(self, session: Session, entries: Sequence[AuditEntry], lang: str) -> None:
        self.lang = lang
        self.gettext = translator(lang)
        ids: dict[str, set[str]] = {}
        for e in entries:
            ids.setdefault(e.entity, set()).add(e.entity_id)
        assessment_ids = {int(i.split(":")[0]) for i in ids.get("response", ()) if i.split(":")[0].isdigit()}
        assessment_ids |= {int(i) for i in ids.get("assessment", ()) if i.isdigit()}
        for e in entries:
            if e.entity == "plan_action" and e.field == "assessment":
                assessment_ids |= {int(v) for v in (e.old_value, e.new_value) if v and v.isdigit()}
            if e.field == "drafted" and (m := _DRAFTED.match(e.new_value or "")):
                assessment_ids.add(int(m["assessment"]))
        self.assessments = {a.id: a for a in session.scalars(
            select(Assessment).options(selectinload(Assessment.round).selectinload(AssessmentRound.indicator_set))
            .where(Assessment.id.in_(assessment_ids)))}
        action_ids = [int(i) for i in ids.get("plan_action", ()) if i.isdigit()]
        self.actions = {a.id: a for a in session.scalars(
            select(PlanAction).options(selectinload(PlanAction.assessment).selectinload(Assessment.round))
            .where(PlanAction.id.in_(action_ids)))}
        round_ids = [int(i) for i in ids.get("round", ()) if i.isdigit()]
        self.rounds = {r.id: r for r in session.scalars(
            select(AssessmentRound).where(AssessmentRound.id.in_(round_ids)))}
        self.fallback = latest_indicator_set(session)
        self.prices = unit_costs(session, self.fallback) if any(e.field == "items" for e in entries) else {}

    def _label(self, labels: dict[str, str], key: str) -> str:
        return self.gettext(labels[key]) if key in labels else key

    def _assessment(self, raw: str | None) -> str:
        assessment = self.assessments.get(int(raw)) if raw and raw.isdigit() else None
        if assessment is None:
            return "—" if raw is None else self.gettext("assessment %(id)s") % {"id": raw}
        return self.gettext("assessment %(round)s") % {"round": assessment.round.name}

    def _indicator(self, indicator_set: IndicatorSet, code: str | None) -> str:
        if code is None:
            return "—"
        if code not in indicator_set:
            return code
        return f"{code} {indicator_set.indicator(code).text.get(self.lang)}"

    def _action_set(self, action: PlanAction | None) -> IndicatorSet:
        return self.fallback if action is None else action_set(action, self.fallback)

    def _items(self, indicator_set: IndicatorSet, summary: str | None) -> str:
        items = parse_item_summary(summary)
        if not items:
            return "—"
        parts = []
        for code, quantity, override in items:
            item = indicator_set.cost_items.get(code) or self.fallback.cost_items.get(code)
            name = item.name.get(self.lang) if item else code
            unit_cost = override if override is not None else (self.prices[code].cost if code in self.prices else 0)
            parts.append(f"{name} × {quantity} ({format_rupiah(unit_cost * quantity)})")
        return "; ".join(parts)

    def subject(self, entry: AuditEntry) -> str:
        if entry.entity == "response":
            number, _, code = entry.entity_id.partition(":")
            assessment = self.assessments.get(int(number)) if number.isdigit() else None
            if assessment is None:
                return f"{self.gettext('answer')} {code}"
            return f"{assessment.round.name} · {self._indicator(round_set(assessment.round), code)}"
        if entry.entity == "assessment":
            return self._assessment(entry.entity_id)
        if entry.entity == "plan_action":
            action = self.actions.get(int(entry.entity_id)) if entry.entity_id.isdigit() else None
            if action is None:
                return self.gettext("plan action (deleted)")
            text = action.text or default_text(self._action_set(action), action.indicator_code, self.lang)
            code = f"{action.indicator_code} " if action.indicator_code else ""
            return f"{self.gettext('plan action')} {code}“{text}”"
        if entry.entity == "round":
            round_ = self.rounds.get(int(entry.entity_id)) if entry.entity_id.isdigit() else None
            return f"{self.gettext('round')} {round_.name if round_ else entry.entity_id}"
        if entry.entity == "death_audit":
            return f"{self.gettext('death audit case')} #{entry.entity_id}"
        if entry.entity == "facility":
            return self.gettext("facility")
        return f"{self._label(AUDIT_ENTITY, entry.entity)} {entry.entity_id}"

    def value(self, entry: AuditEntry, raw: str | None) -> str:
        if raw is None or raw == "":
            return "—"
        action = self.actions.get(int(entry.entity_id)) if entry.entity_id.isdigit() else None
        field = entry.field
        if field == "items":
            return self._items(self._action_set(action), raw)
        if field == "assessment" and entry.entity == "plan_action":
            return self._assessment(raw)
        if field == "indicator_code":
            return self._indicator(self._action_set(action), raw)
        if field == "drafted" and (m := _DRAFTED.match(raw)):
            return self.gettext("from %(assessment)s") % {"assessment": self._assessment(m["assessment"])}
        if raw in ("True", "False"):
            return self.gettext("yes") if raw == "True" else self.gettext("no")
        if field == "score" and raw in SCORE:
            return self.gettext(SCORE[raw])
        if field in ("status", "response_status"):
            return self._label({**STATUS, **PLAN_STATUS}, raw)
        if field == "unit_cost" and raw.lstrip("-").isdigit():
            return format_rupiah(int(raw))
        return raw

    def line(self, entry: AuditEntry) -> HistoryLine:
        return HistoryLine(self.subject(entry), self._label(AUDIT_FIELD, entry.field),
                           self.value(entry, entry.old_value), self.value(entry, entry.new_value))


def facility_history_page(
    session: Session, facility_id: int, lang: str, page: int = 1, *, case_level: bool = False,
    per_page: int = GROUPS_PER_PAGE,
) -> HistoryPage:
    """Page ``page`` of a facility's changes, newest save first; death audit cases only when ``case_level``."""
    which = (AuditEntry.facility_id == facility_id) & (
        true() if case_level else AuditEntry.entity.not_in(CASE_LEVEL_ENTITIES))
    key = _group_key()
    total = session.scalar(select(func.count(func.distinct(key))).where(which)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    keys = session.scalars(
        select(key).where(which).group_by(key).order_by(func.max(AuditEntry.id).desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    entries = session.scalars(
        select(AuditEntry).where(which, key.in_(keys)).order_by(AuditEntry.id.desc())).all()
    namer = _Namer(session, entries, lang)
    groups: dict[str, list[AuditEntry]] = {k: [] for k in keys}
    for entry in entries:
        groups[entry.change_set or str(entry.id)].append(entry)
    return HistoryPage([_group(namer, members[::-1]) for members in groups.values() if members], page, pages)


def _group(namer: _Namer, entries: list[AuditEntry]) -> HistoryGroup:
    first = entries[0]
    return HistoryGroup(first.at, first.username, [namer.line(e) for e in entries])

