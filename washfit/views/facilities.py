"""The facility list (scores of a round, filtered and sorted) and a facility's own page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from assessments.charts import district
from assessments.facilities import find_facility
from assessments.history import facility_history_page
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import AssessmentRound
from assessments.permissions import (
    can_enter_scores,
    can_handle_audit_cases,
    can_validate,
    can_view_all,
    can_view_facility,
)
from assessments.plans.progress import closed_actions, progress_report
from assessments.rounds import default_round, list_rounds, round_progress
from assessments.scores.facility_list import FIELD_SORTS, ListPage, ListQuery, kecamatan_options, list_page
from assessments.scores.facility_scores import FacilityRound, facility_rounds
from assessments.scores.medians import DistrictMedians, district_medians
from assessments.scores.validation_queue import awaiting_validation
from washfit.boundary import query_id
from washfit.db import get_session
from washfit.forms import ActionForm
from washfit.i18n_web import select_locale
from washfit.security import current_user, login_required, require

bp = Blueprint("facilities", __name__, url_prefix="/facilities")


SORT_KEYS = (*FIELD_SORTS, "overall", "essential")


def _chosen_round(all_rounds: Sequence[AssessmentRound]) -> AssessmentRound | None:
    """The round of ``?round=`` (404 when unknown), else the default one (``rounds.default_round``)."""
    wanted = query_id("round")
    if wanted is None:
        return default_round(get_session())
    for round_ in all_rounds:
        if round_.id == wanted:
            return round_
    abort(404)


@login_required
def home() -> ResponseReturnValue:
    """The first page after login: a puskesmas head's own puskesmas, everyone else the list."""
    user = current_user()
    if not can_view_all(user) and len(user.facilities) == 1:
        return redirect(url_for("facilities.facility_detail", code=user.facilities[0].code))
    return facility_list()


@bp.route("/")
@login_required
def facility_list() -> ResponseReturnValue:
    user = current_user()
    db = get_session()
    all_rounds = list_rounds(db)
    round_ = _chosen_round(all_rounds)
    indicator_set = round_set(round_) if round_ else latest_indicator_set(db)
    visible = None if can_view_all(user) else [f.id for f in user.facilities]
    domain_codes = [d.code for d in indicator_set.domains]
    sort = request.args.get("sort", "code")
    if sort not in SORT_KEYS and sort not in domain_codes:
        sort = "code"
    query = ListQuery(
        text=request.args.get("q", ""), kecamatan=request.args.get("kecamatan", ""), kind=request.args.get("type", ""),
        status=request.args.get("status", ""), sort=sort, descending=request.args.get("dir") == "desc",
        page=request.args.get("page", 1, type=int), page_size=current_app.config["PAGE_SIZE"],
    )
    progress = round_progress(db, round_, visible) if round_ else None
    listing = (list_page(db, indicator_set, round_, query, visible) if round_ and progress and not progress.empty
               else ListPage([], 0, 1, 1))
    return render_template(
        "facilities/list.html",
        rows=listing.rows,
        total=listing.total,
        page=listing.page,
        pages=listing.pages,
        rounds=all_rounds,
        round=round_,
        progress=progress,
        indicator_set=indicator_set,
        kecamatan=kecamatan_options(db, visible),
        sort=sort,
        descending=query.descending,
        args=request.args,
    )


@bp.route("/awaiting-validation")
@login_required
def validation_queue() -> ResponseReturnValue:
    """The submitted assessments the district has still to validate, the longest waiting first."""
    require(can_validate(current_user()))
    return render_template("facilities/validation_queue.html", waiting=awaiting_validation(get_session()))


def _medians(db: Session, latest: FacilityRound) -> DistrictMedians:
    """The district's medians in the facility's latest round, kept until the round's data changes:
    they read every assessment of the round (1.5 s at 10,000 puskesmas)."""
    indicator_set, round_ = latest.indicator_set, latest.round
    return district.round_kept(db, round_, ("medians", indicator_set.id, indicator_set.version),
                               lambda: district_medians(db, indicator_set, round_))


@bp.route("/<code>")
@login_required
def facility_detail(code: str) -> ResponseReturnValue:
    user = current_user()
    db = get_session()
    facility = find_facility(db, code)
    require(can_view_facility(user, facility))
    history = facility_rounds(db, facility)
    indicator_set = history[-1].indicator_set if history else latest_indicator_set(db)
    assessed = {h.round.id for h in history}
    medians = _medians(db, history[-1]) if history else None
    # The plan's progress and closed actions read every action of the puskesmas: kept until a
    # plan changes (the day is in the key: an action becomes overdue).
    lang, today = select_locale(), dt.datetime.now(dt.UTC).date()
    plans = district.plans_version(db, indicator_set)  # read once for both
    return render_template(
        "facilities/detail.html",
        facility=facility,
        history=history,
        indicator_set=indicator_set,
        open_rounds=[r for r in list_rounds(db) if r.id not in assessed],
        can_enter=can_enter_scores(user, facility),
        can_validate=can_validate(user),
        medians=medians,
        audit=facility_history_page(db, facility.id, select_locale(), request.args.get("page", 1, type=int),
                                    case_level=can_handle_audit_cases(user)),
        action_form=ActionForm(),
        progress=district.plans_kept(db, indicator_set, ("facility progress", facility.id, lang, today), lambda: (
            progress_report(db, indicator_set, facility_ids=[facility.id], today=today, lang=lang)), plans),
        closed=district.plans_kept(db, indicator_set, ("closed actions", facility.id, lang), lambda: (
            tuple(closed_actions(db, indicator_set, facility, lang=lang))), plans),
    )
