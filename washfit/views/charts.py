"""Chart PNGs, the district dashboard and the printable facility report.

A chart answers to exactly who may see the data behind it: a facility's charts to anyone who may
open the facility, the district charts to admin, assessor and viewer (a puskesmas head gets 403).
PNGs go out ``Cache-Control: private, no-cache`` with an ETag of their bytes: the browser keeps
them and asks again each time, and gets 304 until the data (hence the picture) changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import cast

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments.charts import district, drawing, words
from assessments.charts import facility as facility_charts
from assessments.charts.death_audits import delivery_room_rows
from assessments.death_audits.codes import current_audit_codes
from assessments.death_audits.summaries import facility_year_aggregates
from assessments.facilities import find_facility
from assessments.i18n.labels import FUNDING_SOURCE, PLAN_STATUS, RISK_LEVEL
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import AssessmentRound, Facility
from assessments.permissions import can_view_all, can_view_facility
from assessments.plans.actions import PlanActionView, list_plan_actions, plan_totals
from assessments.plans.plan_records import plan_status
from assessments.plans.progress import ProgressReport, most_behind, progress_report
from assessments.plans.validation import validated_snapshot
from assessments.rounds import default_round, list_rounds, round_by_id, round_progress
from assessments.scores.facility_scores import FacilityRound, facility_rounds
from assessments.teams.codes import current_team_codes
from assessments.teams.members import current_leader
from scoring import IndicatorSet
from washfit.boundary import query_id
from washfit.db import get_session
from washfit.i18n_web import select_locale
from washfit.security import current_user, login_required, require

bp = Blueprint("charts", __name__)


def chart_words() -> drawing.ChartWords:
    return words.chart_words(select_locale())


def png_response(png: bytes) -> Response:
    """The PNG with an ETag of its bytes; 304 when the browser already holds these bytes."""
    response = Response(png, mimetype="image/png")
    response.set_etag(hashlib.sha256(png).hexdigest())
    response.headers["Cache-Control"] = "private, no-cache"
    response.make_conditional(request)  # in place: a 304 without the body when the ETag matches
    return response


# -- a facility's charts ------------------------------------------------------------------------


def _facility_history(code: str) -> tuple[Facility, IndicatorSet, list[FacilityRound]]:
    """The facility (404 if unknown, 403 if not the user's to see) and its rounds up to ``?round=``."""
    db = get_session()
    facility = find_facility(db, code)
    require(can_view_facility(current_user(), facility))
    history = facility_rounds(db, facility)
    wanted = query_id("round")
    if wanted is not None:
        ids = [h.round.id for h in history]
        if wanted not in ids:
            abort(404)
        history = history[: ids.index(wanted) + 1]
    if not history:
        abort(404)
    return facility, history[-1].indicator_set, history


@bp.route("/facilities/<code>/charts/profile.png")
@login_required
def facility_profile(code: str) -> ResponseReturnValue:
    facility, indicator_set, history = _facility_history(code)
    latest = history[-1]
    title = _("Domain scores · %(facility)s · %(round)s", facility=facility.name, round=latest.round.name)
    data = facility_charts.domain_profile(indicator_set, latest.score, select_locale(), title)
    return png_response(drawing.domain_profile(data, chart_words()))


@bp.route("/facilities/<code>/charts/change.png")
@login_required
def facility_change(code: str) -> ResponseReturnValue:
    facility, indicator_set, history = _facility_history(code)
    title = _("Change per domain · %(facility)s", facility=facility.name)
    data = facility_charts.round_change(indicator_set, history, select_locale(), title)
    return png_response(drawing.round_change(data, chart_words()))


# -- the district's charts ----------------------------------------------------------------------


def _district_round() -> AssessmentRound:
    """The round of ``?round=`` (the default round without it), for users who may see the whole district."""
    require(can_view_all(current_user()))
    db = get_session()
    wanted = query_id("round")
    round_ = default_round(db) if wanted is None else round_by_id(db, wanted)
    if round_ is None:
        abort(404)
    return round_


_VERSION = re.compile(f"[0-9a-f]{{{district.VERSION_LENGTH}}}")


def _seen_version() -> str | None:
    """The version of the data the dashboard read and put in an image link (``?v=``), if it looks
    like one: the image is then looked up under it first (``district.round_seen``, ``plans_seen``,
    ``kept``)."""
    value = request.args.get("v", "")
    return value if _VERSION.fullmatch(value) else None


def _heat_map_request() -> tuple[str | None, int]:
    """The grouping and page the dashboard asks for; an unknown grouping is none (the finest that
    fits), so that it keys nothing of its own."""
    grouping = request.args.get("group")
    return grouping if grouping in district.GROUPINGS else None, request.args.get("page", 1, type=int)


@bp.route("/dashboard/heat-map.png")
@login_required
def heat_map() -> ResponseReturnValue:
    require(can_view_all(current_user()))
    db, lang, (grouping, page), seen = get_session(), select_locale(), _heat_map_request(), _seen_version()
    key = ("heat_map", lang, grouping, page)
    if (found := _seen_round_png(key, seen)) is not None:
        return png_response(found)
    round_ = _district_round()
    return png_response(district.round_kept(db, round_, key, lambda: drawing.heat_map(
        district.heat_map(db, round_set(round_), round_, lang, grouping, page)[0], chart_words())))


@bp.route("/dashboard/service-ladder.png")
@login_required
def service_ladder() -> ResponseReturnValue:
    require(can_view_all(current_user()))
    db, lang, seen = get_session(), select_locale(), _seen_version()
    key = ("service_ladder", lang)
    if (found := _seen_round_png(key, seen)) is not None:
        return png_response(found)
    round_ = _district_round()
    return png_response(district.round_kept(db, round_, key, lambda: drawing.service_ladder(
        district.service_ladder(db, round_set(round_), round_, lang), chart_words())))


def _seen_round_png(key: tuple[object, ...], seen: str | None) -> bytes | None:
    """The round chart the link's round and version name, when it is kept: served without loading
    the round (``district.round_seen``)."""
    round_id = query_id("round")
    return None if round_id is None else cast(bytes | None, district.round_seen(get_session(), round_id, key, seen))


@bp.route("/dashboard/plan-cost.png")
@login_required
def plan_cost() -> ResponseReturnValue:
    """What the district's improvement plans still need: open actions whose gap is not closed."""
    require(can_view_all(current_user()))
    db, lang, seen = get_session(), select_locale(), _seen_version()
    key = ("plan_cost", lang)
    if (found := district.plans_seen(db, key, seen)) is not None:
        return png_response(cast(bytes, found))
    indicator_set = latest_indicator_set(db)
    return png_response(district.plans_kept(db, indicator_set, key, lambda: drawing.plan_cost(
        district.plan_cost(db, indicator_set, lang), chart_words())))


@bp.route("/dashboard/progress.png")
@login_required
def progress_chart() -> ResponseReturnValue:
    require(can_view_all(current_user()))
    db, lang = get_session(), select_locale()
    # With no round at all the chart shows the plans alone; the dashboard's link names its round.
    round_ = _district_round() if query_id("round") is not None or list_rounds(db) else None
    indicator_set, today = latest_indicator_set(db), dt.datetime.now(dt.UTC).date()
    key = ("progress", lang, None if round_ is None else (round_.id, round_.name), today)
    seen = _seen_version()
    return png_response(district.plans_kept(db, indicator_set, key, lambda: drawing.progress(district.progress_chart(
        _progress_report(db, indicator_set, round_, today, lang, seen), lang), chart_words()), seen))


def _progress_report(db: Session, indicator_set: IndicatorSet, round_: AssessmentRound | None, today: dt.date,
                     lang: str, seen: str | None) -> ProgressReport:
    """The plans' progress the dashboard shows, kept until a plan changes (``seen``: the plans'
    version as the page read it). The day is in the key: an action becomes overdue, and the
    chart's note says the date. At most ``district.PROGRESS_ROWS`` puskesmas, those most behind
    when there are more (``most_behind``): the plans page lists them all."""
    key = ("progress report", lang, None if round_ is None else (round_.id, round_.name), today)
    return district.plans_kept(db, indicator_set, key, lambda: most_behind(progress_report(
        db, indicator_set, round_=round_, today=today, lang=lang), district.PROGRESS_ROWS), seen)


@bp.route("/dashboard")
@login_required
def dashboard() -> ResponseReturnValue:
    require(can_view_all(current_user()))
    db = get_session()
    all_rounds = list_rounds(db)
    round_ = _district_round() if all_rounds else None
    # The versions of the round's data and of the plans are read once, for what the page keeps
    # and for its image links: an image request then finds its picture without reading them.
    latest = latest_indicator_set(db)
    versions = {"round": district.round_version(db, round_) if round_ else None,
                "plans": district.plans_version(db, latest)}
    # Reads the whole round (35 ms at 10,000 puskesmas): kept until its data changes.
    progress = district.round_kept(db, round_, ("progress",), lambda: round_progress(db, round_),
                                   versions["round"]) if round_ else None
    shown = round_ if progress and not progress.empty else None  # an empty round shows its progress instead
    # The heat map is a table on the page (its PNG is drawn only when someone downloads it): read
    # grouped in the database, kept until the round's data changes.
    asked, lang = _heat_map_request(), select_locale()
    heat = district.round_kept(db, shown, ("heat map table", lang, *asked), lambda: district.heat_map(
        db, round_set(shown), shown, lang, *asked), versions["round"]) if shown else None
    codes = current_audit_codes()
    today = dt.datetime.now(dt.UTC).date()
    audits = delivery_room_rows(db, round_set(shown), codes, shown, today) if shown else []
    plan_progress = _progress_report(db, latest, round_, today, lang, versions["plans"]) if round_ else None
    return render_template("charts/dashboard.html", rounds=all_rounds, round=round_, progress=progress,
                           heat_map=heat[0] if heat else None, page=heat[1] if heat else None,
                           groupings=district.GROUPINGS, audit_rows=audits, audit_window=codes.window_months,
                           plan_progress=plan_progress, versions=versions)


# -- the printable facility report --------------------------------------------------------------


TOP_PRIORITIES = 5  # what fits beside the charts on the first pages and can be discussed in a meeting


@bp.route("/facilities/<code>/report")
@login_required
def facility_report(code: str) -> ResponseReturnValue:
    """One A4 document for the dissemination meeting: scores, charts, change, plan and sign-off."""
    facility, indicator_set, history = _facility_history(code)
    actions = [
        a for a in list_plan_actions(get_session(), indicator_set, lang=select_locale(), facility_ids=[facility.id])
        if a.status != "dropped"
    ]
    priorities = [a for a in actions if a.counted][:TOP_PRIORITIES]  # already by priority
    codes = current_audit_codes()
    today = dt.datetime.now(dt.UTC).date()

    def indicator_text(action: PlanActionView) -> str:
        code = action.indicator_code or ""
        return indicator_set.indicator(code).text.get(select_locale()) if code in indicator_set else ""

    return render_template("charts/report.html", facility=facility, indicator_set=indicator_set,
                           team_codes=current_team_codes(), risk_labels=RISK_LEVEL, indicator_text=indicator_text,
                           team_leader=current_leader(get_session(), facility, today),
                           audit_codes=codes, audits=facility_year_aggregates(get_session(), codes, [facility.id]),
                           latest=history[-1], previous=history[-2] if len(history) > 1 else None,
                           actions=actions, priorities=priorities, still_needed=plan_totals(actions),
                           plan_status_labels=PLAN_STATUS, funding_labels=FUNDING_SOURCE,
                           plan_state=plan_status(get_session(), facility),
                           snapshot=validated_snapshot(get_session(), facility))
