"""The facility list (scores of a round, filtered and sorted) and a facility's own page."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from assessments.audit import facility_history
from assessments.errors import NotFound
from assessments.indicator_sets import current_indicator_set
from assessments.permissions import can_enter_scores, can_view_all, can_view_facility, can_validate
from assessments.results import FacilityResult, facility_rounds, find_facility, rounds
from assessments.round_scores import round_overview
from washfit.db import get_session
from washfit.forms import ActionForm
from washfit.security import current_user, login_required, require

bp = Blueprint("facilities", __name__, url_prefix="/facilities")

SORT_KEYS = ("code", "name", "kecamatan", "overall", "essential", "status")
STATUS_FILTERS = ("none", "draft", "submitted", "validated")


def _chosen_round(all_rounds):  # type: ignore[no-untyped-def]
    wanted = request.args.get("round", type=int)
    if wanted is None:
        return all_rounds[-1] if all_rounds else None
    for round_ in all_rounds:
        if round_.id == wanted:
            return round_
    abort(404)


def _sort_value(row: FacilityResult, key: str) -> tuple[bool, object]:
    """Sort key that puts facilities without a value last."""
    if key in ("code", "name", "kecamatan"):
        return (False, getattr(row.facility, key).lower())
    if key == "status":
        return (row.assessment is None, row.assessment.status if row.assessment else "")
    score = row.score
    value: Decimal | None = None
    if score is not None:
        if key == "overall":
            value = score.overall.percent
        elif key == "essential":
            value = score.essential.percent
        else:
            value = next((d.percent for d in score.domains if d.domain == key), None)
    return (value is None, value if value is not None else Decimal(0))


def _matches(row: FacilityResult, args) -> bool:  # type: ignore[no-untyped-def]
    facility = row.facility
    query = (args.get("q") or "").strip().lower()
    if query and query not in f"{facility.code} {facility.name} {facility.kecamatan}".lower():
        return False
    if args.get("kecamatan") and facility.kecamatan != args["kecamatan"]:
        return False
    kind = args.get("type")
    if kind in ("inpatient", "outpatient") and facility.inpatient != (kind == "inpatient"):
        return False
    status = args.get("status")
    if status in STATUS_FILTERS:
        actual = row.assessment.status if row.assessment else "none"
        if actual != status:
            return False
    return True


@bp.route("/")
@login_required
def facility_list() -> ResponseReturnValue:
    user = current_user()
    db = get_session()
    indicator_set = current_indicator_set()
    all_rounds = rounds(db)
    round_ = _chosen_round(all_rounds)
    visible = None if can_view_all(user) else list(user.facilities)
    rows = round_overview(db, indicator_set, round_, visible) if round_ else []
    kecamatan = sorted({r.facility.kecamatan for r in rows if r.facility.kecamatan})
    rows = [r for r in rows if _matches(r, request.args)]
    domain_codes = [d.code for d in indicator_set.domains]
    sort = request.args.get("sort", "code")
    if sort not in SORT_KEYS and sort not in domain_codes:
        sort = "code"
    descending = request.args.get("dir") == "desc"
    rows.sort(key=lambda r: _sort_value(r, sort), reverse=descending)
    # Keep the facilities without a value at the end whichever the direction.
    if descending:
        rows.sort(key=lambda r: _sort_value(r, sort)[0])
    page_size = current_app.config["PAGE_SIZE"]
    pages = max(1, -(-len(rows) // page_size))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    return render_template(
        "facilities/list.html",
        rows=rows[(page - 1) * page_size: page * page_size],
        total=len(rows),
        page=page,
        pages=pages,
        rounds=all_rounds,
        round=round_,
        indicator_set=indicator_set,
        kecamatan=kecamatan,
        sort=sort,
        descending=descending,
        args=request.args,
    )


@bp.route("/<code>")
@login_required
def facility_detail(code: str) -> ResponseReturnValue:
    user = current_user()
    db = get_session()
    try:
        facility = find_facility(db, code)
    except NotFound:
        abort(404)
    require(can_view_facility(user, facility))
    indicator_set = current_indicator_set()
    history = facility_rounds(db, indicator_set, facility)
    assessed = {h.round.id for h in history}
    return render_template(
        "facilities/detail.html",
        facility=facility,
        history=history,
        indicator_set=indicator_set,
        open_rounds=[r for r in rounds(db) if r.id not in assessed],
        can_enter=can_enter_scores(user, facility),
        can_validate=can_validate(user),
        audit=facility_history(db, facility.id, limit=100),
        action_form=ActionForm(),
    )
