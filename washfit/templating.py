"""Values and helpers every template may use: labels, the demo banner, number formats."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from flask import Flask, current_app, g
from flask_babel import gettext
from sqlalchemy.exc import SQLAlchemyError

from assessments.death_audits.summaries import shown_count
from assessments.i18n.formats import format_date, format_moment, format_rupiah
from assessments.i18n.labels import (
    AUDIT_ENTITY,
    AUDIT_FIELD,
    JMP_CRITERION,
    JMP_DEFINITION,
    PLAN_STATE,
    PLAN_STATUS,
    PROGRESS_BIN,
    REOPEN_REASON,
    ROLE,
    SCORE,
    SERVICE_LEVEL,
    STATUS,
)
from assessments.plans.progress import BINS
from assessments.rounds import any_synthetic
from scoring import JmpCriterion, Score
from scoring.costs import estimated_share
from washfit.db import get_session
from washfit.i18n_web import select_locale


def signed(value: Decimal | None) -> str:
    """A change in percentage points with its sign; an em dash when there is none."""
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else ("±0.0" if value == 0 else f"−{-value}")


def score_label(value: Score | str | None) -> str:
    """An answer in words, in the current language; an em dash for unanswered."""
    if value is None:
        return "—"
    key = str(value.value) if isinstance(value, Score) else value
    return gettext(SCORE[key])


def criterion_label(criterion: JmpCriterion, lang: str) -> str:
    """A JMP criterion in words: the JMP's own from the catalog, a district's own from the set."""
    if criterion.text is not None:
        return criterion.text.get(lang)
    return str(gettext(JMP_CRITERION[criterion.code]))


def audit_value(field: str, value: str | None) -> str:
    """A stored old or new value in words where it is a code (a status, a score, yes or no)."""
    if value is None:
        return "—"
    if value in ("True", "False"):
        return gettext("yes") if value == "True" else gettext("no")
    if field == "score" and value in SCORE:
        return gettext(SCORE[value])
    if field == "status":
        label = STATUS.get(value) or PLAN_STATUS.get(value)
        return gettext(label) if label else value
    return value


def moment(value: dt.datetime) -> str:
    """A stored time on the district's clock (``WASHFIT_TIMEZONE``), in the page's language."""
    return format_moment(value, zoneinfo.ZoneInfo(current_app.config["TIMEZONE"]), select_locale())


def long_date(value: dt.date | None) -> str:
    """``3 Mei 2025`` in the page's language; an em dash for none."""
    return format_date(value, select_locale())


def reopen_reason(note: str) -> str:
    """Why a plan went back to draft, in the reader's language, from its stored ``reason:detail``."""
    reason, _sep, detail = note.partition(":")
    return gettext(REOPEN_REASON[reason], detail=detail) if reason in REOPEN_REASON else note


def demo_data() -> bool:
    """Whether any round holds synthetic demonstration scores (shown as a banner on every page)."""
    if g.get("user") is None:
        return False
    try:
        return any_synthetic(get_session())
    except SQLAlchemyError:  # the layout of an error page must not fail with the database
        return False


def init_app(app: Flask) -> None:
    app.jinja_env.filters["suppressed"] = shown_count  # the one rule of small-number suppression
    app.jinja_env.globals.update(
        status_labels=STATUS, role_labels=ROLE, service_level_labels=SERVICE_LEVEL, jmp_definitions=JMP_DEFINITION,
        signed=signed, score_label=score_label, criterion_label=criterion_label, rupiah=format_rupiah,
        estimated_share=estimated_share, audit_value=audit_value, moment=moment, long_date=long_date,
        audit_entity_labels=AUDIT_ENTITY, audit_field_labels=AUDIT_FIELD,
        plan_state_labels=PLAN_STATE, reopen_reason=reopen_reason, progress_bins=BINS, progress_bin_labels=PROGRESS_BIN,
    )

    @app.context_processor
    def banner() -> dict[str, object]:
        return {"demo_data": demo_data()}
