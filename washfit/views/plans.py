"""Improvement plans: a facility's plan and its edits, the district view, the budget, the cost catalog."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

# SelectChoice is new in WTForms 3.3; the types-WTForms stubs (3.2) do not know it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from assessments.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from assessments.excel.budget_workbook import budget_file_name
from assessments.excel.exports import export_budget_answer
from assessments.excel.package_checks import MAX_FILE_BYTES
from assessments.excel.price_list_reader import preview_price_file
from assessments.excel.problems import WorkbookRejected
from assessments.facilities import find_facility
from assessments.i18n.formats import format_rupiah
from assessments.i18n.labels import FUNDING_SOURCE, PLAN_STATUS, RISK_LEVEL
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.models import AssessmentRound, Facility, PlanAction, User
from assessments.permissions import (
    can_administer,
    can_decide_budget,
    can_edit_plan,
    can_submit_plan,
    can_validate_plan,
    can_view_all,
    can_view_facility,
)
from assessments.plans.actions import action_set, default_text, list_plan_actions, plan_action_view, plan_totals
from assessments.plans.budget import BudgetResult, fund_plans
from assessments.plans.budget_decision import (
    FundingChange,
    changes_from_text,
    changes_to_text,
    chosen_from_values,
    record_funding,
    undo_funding,
)
from assessments.plans.district_list import SORTS, TOTALS_ORDERS, PlanQuery, plan_page
from assessments.plans.drafting import draft_plan
from assessments.plans.edits import ActionChanges, ItemLine, action_fields, add_custom_action, edit_action, get_action
from assessments.plans.freight import list_freight, set_freight
from assessments.plans.items import parse_item_summary
from assessments.plans.monitoring import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    Progress,
    add_photo,
    get_photo,
    monitoring_fields,
    photo_ids,
    record_progress,
)
from assessments.plans.plan_records import SCOPE_LOCKED, find_plan, plan_status, statuses_by_code
from assessments.plans.price_lists import (
    PriceListInfo,
    PriceListRefused,
    apply_price_list,
    list_mappings,
    map_price_item,
    rows_from_json,
    rows_to_json,
    unmap_price_item,
)
from assessments.plans.prices import CatalogEntry, PriceChange, cost_catalog, price_fields, price_history, update_price
from assessments.plans.progress import progress_report
from assessments.plans.sources import draft_source
from assessments.plans.validation import return_plan, submit_plan, validate_plan, validated_snapshot
from assessments.rounds import default_round, list_rounds
from scoring.priority import RISK_LEVELS, risk_level
from washfit.db import get_session
from washfit.errors import describe, saved_form
from washfit.forms import (
    ActionForm,
    BudgetDecisionForm,
    BudgetForm,
    BudgetUndoForm,
    CostPriceForm,
    FreightForm,
    PhotoForm,
    PlanActionForm,
    PlanDecisionForm,
    PriceApplyForm,
    PriceListForm,
    PriceMappingForm,
    PriceUnmapForm,
    ProgressForm,
    funding_choices,
)
from washfit.i18n_web import select_locale
from washfit.security import current_user, login_required, require
from washfit.views.exports import workbook_response

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.context_processor
def plan_labels() -> dict[str, object]:
    return {"plan_status_labels": PLAN_STATUS, "funding_labels": FUNDING_SOURCE, "risk_labels": RISK_LEVEL,
            "risk_level": risk_level}


def _facility(code: str) -> Facility:
    return find_facility(get_session(), code)


# -- a facility's plan --------------------------------------------------------------------------

@bp.route("/<code>")
@login_required
def facility_plan(code: str) -> ResponseReturnValue:
    facility = _facility(code)
    user = current_user()
    require(can_view_facility(user, facility))
    db = get_session()
    source = draft_source(db, facility)
    indicator_set = round_set(source.round) if source else latest_indicator_set(db)
    actions = list_plan_actions(db, indicator_set, lang=select_locale(), facility_ids=[facility.id])
    status = plan_status(db, facility)
    record = find_plan(db, facility.id)
    actions.sort(key=lambda a: not a.counted)  # stable: priority order within each part
    return render_template(
        "plans/facility.html",
        facility=facility,
        actions=actions,
        totals=plan_totals(actions),
        indicator_set=indicator_set,
        source=source,
        status=status,
        record=record,
        can_edit=can_edit_plan(user, facility),
        can_submit=can_submit_plan(user, facility),
        can_decide=can_validate_plan(user),
        action_form=ActionForm(),
        decision_form=PlanDecisionForm(formdata=None, version=str(record.version) if record else ""),
        snapshot=validated_snapshot(db, facility),
        progress=progress_report(db, indicator_set, facility_ids=[facility.id], lang=select_locale()),
        photos=photo_ids(db, [a.id for a in actions]),
    )


def _decision(code: str, may: Callable[[User, Facility], bool], decide: Callable[[Facility, PlanDecisionForm], None],
              done: str) -> ResponseReturnValue:
    """Submit, validate or return the plan of ``code`` if ``may``: one service call, committed, flashed."""
    facility = _facility(code)
    require(can_view_facility(current_user(), facility) and may(current_user(), facility))
    form = PlanDecisionForm()
    if not form.validate_on_submit():
        flash(_("Some fields are not valid; nothing was saved."), "error")
        return redirect(url_for("plans.facility_plan", code=facility.code))
    db = get_session()
    try:
        decide(facility, form)
    except PermissionDenied:
        db.rollback()
        abort(403)
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(done, "success")
    return redirect(url_for("plans.facility_plan", code=facility.code))


def _district(user: User, _facility: Facility) -> bool:
    return can_validate_plan(user)


@bp.post("/<code>/submit")
@login_required
def submit(code: str) -> ResponseReturnValue:
    def decide(facility: Facility, form: PlanDecisionForm) -> None:
        submit_plan(get_session(), facility, current_user(), form.expected_version())
    return _decision(code, can_submit_plan, decide, _("The plan was submitted to the district."))


@bp.post("/<code>/return")
@login_required
def return_to_puskesmas(code: str) -> ResponseReturnValue:
    def decide(facility: Facility, form: PlanDecisionForm) -> None:
        return_plan(get_session(), facility, form.comment.data or "", current_user(), form.expected_version())
    return _decision(code, _district, decide, _("The plan was returned to the puskesmas with your comments."))


@bp.post("/<code>/validate")
@login_required
def validate(code: str) -> ResponseReturnValue:
    def decide(facility: Facility, form: PlanDecisionForm) -> None:
        db = get_session()
        source = draft_source(db, facility)
        validate_plan(db, round_set(source.round) if source else latest_indicator_set(db), facility, current_user(),
                      form.expected_version())
    return _decision(code, _district, decide, _("The plan was validated; its snapshot is kept for the report."))


@bp.post("/<code>/draft")
@login_required
def draft(code: str) -> ResponseReturnValue:
    facility = _facility(code)
    require(can_edit_plan(current_user(), facility))
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        result = draft_plan(db, facility, current_user())
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(_("Plan drafted: %(added)d actions added, %(met)d marked as met, %(reopened)d open again.",
                added=result.added, met=result.now_met, reopened=result.reopened), "success")
    return redirect(url_for("plans.facility_plan", code=facility.code))


def _catalog() -> dict[str, CatalogEntry]:
    return {e.code: e for e in cost_catalog(get_session(), latest_indicator_set(get_session()))}


def _item_choices(catalog: dict[str, CatalogEntry], lang: str) -> list[SelectChoice]:
    choices = [SelectChoice("", _("— none —"))]
    for entry in catalog.values():
        if entry.name is not None and entry.unit is not None:
            label = f"{entry.name.get(lang)} ({format_rupiah(entry.unit_cost)} / {entry.unit.get(lang)})"
            choices.append(SelectChoice(entry.code, label))
    return choices


def _form(action: PlanAction | None, lang: str) -> PlanActionForm:
    """The edit form, filled from ``action`` on GET and from the request on POST."""
    if request.method == "POST":
        return PlanActionForm()
    form = PlanActionForm(formdata=None)
    if action is None:
        form.form_token.data = secrets.token_urlsafe(24)
        return form
    _fill(form, action_fields(action), action.indicator_code, lang)
    form.remember(action.version, action_fields(action))
    return form


def _fill(form: PlanActionForm, values: Mapping[str, str | None], indicator_code: str | None, lang: str) -> None:
    """Put ``values`` (as ``action_fields`` gives them) into the form's fields."""
    form.refill({name: value for name, value in values.items() if name not in ("text", "items")})
    form.text.data = values.get("text") or default_text(latest_indicator_set(get_session()), indicator_code, lang)
    form.status.data = form.status.data or "planned"
    while form.items.entries:
        form.items.pop_entry()
    for code, quantity, override in parse_item_summary(values.get("items")):
        form.items.append_entry({"code": code, "quantity": quantity, "override": override, "remove": False})
    form.new_item.data, form.new_quantity.data = "", None


def _changes(form: PlanActionForm) -> ActionChanges:
    items = [ItemLine(sub.code.data or "", sub.quantity.data or 0, sub.override.data)
             for sub in form.items if not sub.remove.data]
    if form.new_item.data:
        if not form.new_quantity.data:
            raise InvalidInput("give the quantity of the item you add")
        items.append(ItemLine(form.new_item.data, form.new_quantity.data))
    return ActionChanges(
        text=form.text.data or "", responsible=form.responsible.data or "", target_date=form.target_date.data,
        status=form.status.data or "planned", funding_source=form.funding_source.data or None, items=tuple(items),
        reopen=bool(form.reopen.data),
    )


def _add(facility: Facility, form: PlanActionForm) -> ResponseReturnValue:
    """Add the own action of ``form``; the same form sent again leads to the action it added."""
    db = get_session()
    try:
        _action, new = add_custom_action(db, latest_indicator_set(db), facility, _changes(form), current_user(),
                                         form.form_token.data)
        db.commit()
    except IntegrityError:
        db.rollback()  # the same form, sent twice at once: the other post's action holds the token
        new = False
    if new:
        flash(_("Saved %(count)d changed fields.", count=1), "success")
    else:
        flash(_("This action was already added (the form was sent twice); it is shown once."), "info")
    return redirect(url_for("plans.facility_plan", code=facility.code))


def _action_page(facility: Facility, action: PlanAction | None) -> ResponseReturnValue:
    """Edit ``action``, or add an own action when it is None; 403 for anyone who may not edit."""
    user = current_user()
    require(can_edit_plan(user, facility))
    db = get_session()
    lang = select_locale()
    catalog = _catalog()
    form = _form(action, lang)
    form.new_item.choices = _item_choices(catalog, lang)
    conflict = None
    if form.validate_on_submit():
        try:
            if action is None:
                return _add(facility, form)
            saved = edit_action(db, latest_indicator_set(db), action, _changes(form), user, form.expected_version(),
                                lang, loaded=form.loaded_values())
        except StaleVersion as stale:
            db.rollback()
            conflict = stale
            if stale.merged:
                _fill(form, stale.merged, action.indicator_code if action else None, lang)
            form.remember(stale.current_version, stale.current)
            flash(_("Someone else saved this action after you opened it. Nothing of yours was saved: "
                    "check the fields listed below and save again."), "error")
        except InvalidInput as exc:
            db.rollback()
            flash(describe(exc), "error")
        else:
            db.commit()
            flash(_("Saved %(count)d changed fields.", count=saved) if saved else _("Nothing changed."), "success")
            return redirect(url_for("plans.facility_plan", code=facility.code))
    elif form.is_submitted():
        flash(_("Some fields are not valid; nothing was saved."), "error")
    fallback = latest_indicator_set(db)
    view = None if action is None else plan_action_view(db, fallback, action, lang)
    record = find_plan(db, facility.id)
    return render_template("plans/action_form.html", facility=facility, action=action, view=view, form=form,
                           catalog=catalog, conflict=conflict,
                           plan_locked=bool(record and record.state in SCOPE_LOCKED),
                           indicator_set=fallback if action is None else action_set(action, fallback))


@bp.route("/<code>/actions/<int:action_id>", methods=["GET", "POST"])
@login_required
def edit(code: str, action_id: int) -> ResponseReturnValue:
    facility = _facility(code)
    action = get_action(get_session(), facility, action_id)
    return _action_page(facility, action)


@bp.route("/<code>/actions/new", methods=["GET", "POST"])
@login_required
def add(code: str) -> ResponseReturnValue:
    return _action_page(_facility(code), None)


# -- monitoring ---------------------------------------------------------------------------------

@bp.route("/<code>/actions/<int:action_id>/progress", methods=["GET", "POST"])
@login_required
def progress(code: str, action_id: int) -> ResponseReturnValue:
    """Record an action's progress: status, start and completion dates, a note, money spent; its photos."""
    facility = _facility(code)
    user = current_user()
    require(can_edit_plan(user, facility))
    db = get_session()
    action = get_action(db, facility, action_id)
    form = ProgressForm() if request.method == "POST" else ProgressForm(formdata=None, obj=action)
    if request.method != "POST":
        form.remember(action.version, monitoring_fields(action))
    if form.validate_on_submit():
        change = Progress(form.status.data or "planned", form.started_on.data, form.completed_on.data,
                          form.progress_note.data or "", form.spent.data)
        try:
            saved = record_progress(db, action, change, user, form.expected_version())
        except StaleVersion:
            db.rollback()
            flash(_("Someone else saved this action after you opened it. Nothing of yours was saved: "
                    "here it is as stored now; record your progress again."), "error")
            return redirect(url_for("plans.progress", code=facility.code, action_id=action_id))
        except InvalidInput as exc:
            db.rollback()
            flash(describe(exc), "error")
        else:
            db.commit()
            flash(_("Saved %(count)d changed fields.", count=saved) if saved else _("Nothing changed."), "success")
            return redirect(url_for("plans.facility_plan", code=facility.code))
    elif form.is_submitted():
        flash(_("Some fields are not valid; nothing was saved."), "error")
    view = plan_action_view(db, latest_indicator_set(db), action, select_locale())
    return render_template("plans/progress_form.html", facility=facility, action=action, view=view, form=form,
                           photo_form=PhotoForm(formdata=None), photos=photo_ids(db, [action.id]).get(action.id, []),
                           max_photos=MAX_PHOTOS, max_mb=MAX_PHOTO_BYTES // 2**20)


@bp.post("/<code>/actions/<int:action_id>/photos")
@login_required
def add_evidence(code: str, action_id: int) -> ResponseReturnValue:
    facility = _facility(code)
    user = current_user()
    require(can_edit_plan(user, facility))
    db = get_session()
    action = get_action(db, facility, action_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(_("Choose a file to upload."), "error")
    else:
        try:
            add_photo(db, action, form.photo.data.read(MAX_PHOTO_BYTES + 1), user)
        except InvalidInput as exc:
            db.rollback()
            flash(describe(exc), "error")
        else:
            db.commit()
            flash(_("The photo was kept."), "success")
    return redirect(url_for("plans.progress", code=facility.code, action_id=action_id))


@bp.route("/<code>/photos/<int:photo_id>")
@login_required
def photo(code: str, photo_id: int) -> ResponseReturnValue:
    """An evidence photo, to whoever may read the plan; only ever as the image washfit re-encoded."""
    facility = _facility(code)
    require(can_view_facility(current_user(), facility))
    stored = get_photo(get_session(), facility, photo_id)
    response = current_app.response_class(stored.data, mimetype=stored.media_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    suffix = "png" if stored.media_type == "image/png" else "jpg"
    response.headers["Content-Disposition"] = f'inline; filename="washfit-{facility.code}-{photo_id}.{suffix}"'
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


# -- the district -------------------------------------------------------------------------------

@bp.route("/")
@login_required
def district() -> ResponseReturnValue:
    """Every action of every facility, filtered; a puskesmas head is taken to their own plan."""
    user = current_user()
    if not can_view_all(user):
        require(bool(user.facilities))
        return redirect(url_for("plans.facility_plan", code=user.facilities[0].code))
    indicator_set = latest_indicator_set(get_session())
    args = request.args
    query = PlanQuery(domain=args.get("domain", ""), priority=args.get("priority", ""), status=args.get("status", ""),
                      facility=args.get("facility", ""), funding=args.get("funding", ""),
                      page=args.get("page", 1, type=int), page_size=current_app.config["PAGE_SIZE"],
                      sort=_choice(args.get("sort"), SORTS), totals_order=_choice(args.get("totals"), TOTALS_ORDERS))
    listing = plan_page(get_session(), query, select_locale())
    return render_template(
        "plans/district.html",
        rows=listing.rows,
        shown=listing.shown,
        counted=listing.counted,
        others=listing.others,
        totals=listing.totals,
        totals_facilities=listing.totals_facilities,
        sort=query.sort,
        totals_order=query.totals_order,
        page=listing.page,
        pages=listing.pages,
        facilities=listing.facilities,
        indicator_set=indicator_set,
        risk_levels=RISK_LEVELS,
        funding_filter=funding_choices(_("all")),
        args=args,
        filtered=query.filtered,
        progress=progress_report(get_session(), indicator_set, lang=select_locale()),
    )


def _choice(value: str | None, choices: tuple[str, ...]) -> str:
    """``value`` when it is one of ``choices``, else the first (the default): a bad query string is no error."""
    return value if value in choices else choices[0]


def _budget() -> tuple[BudgetForm, BudgetResult | None, AssessmentRound | None]:
    """The budget form read from the query string, and its answer when it is valid."""
    require(can_view_all(current_user()))
    db = get_session()
    all_rounds = list(list_rounds(db))
    form = BudgetForm(request.args)
    form.round.choices = [SelectChoice(str(r.id), r.name) for r in reversed(all_rounds)]
    if not request.args.get("round") and (default := default_round(db)) is not None:
        form.round.data = str(default.id)
    up_to = next((r for r in all_rounds if str(r.id) == form.round.data), None)
    if not (request.args and form.validate() and form.budget.data is not None):
        return form, None, up_to
    result = fund_plans(db, latest_indicator_set(get_session()), form.budget.data, form.cap.data, up_to=up_to,
                        lang=select_locale(), sourced_only=bool(form.sourced_only.data))
    return form, result, up_to


@bp.route("/budget")
@login_required
def budget() -> ResponseReturnValue:
    """What a budget buys first, per puskesmas and action; an administrator can record the decision."""
    form, result, _up_to = _budget()
    may_decide = can_decide_budget(current_user())
    out_of_date = [s for s in statuses_by_code(get_session()).values() if s.out_of_date]
    return render_template("plans/budget.html", form=form, result=result, may_decide=may_decide,
                           decision_form=BudgetDecisionForm() if may_decide else None, out_of_date=out_of_date)


@bp.route("/budget.xlsx")
@login_required
def budget_workbook() -> ResponseReturnValue:
    """The budget's answer as a workbook; without a valid budget, back to the form."""
    form, result, up_to = _budget()
    if result is None or form.budget.data is None:
        flash(_("Give a budget first; the workbook holds its answer."), "error")
        values: dict[str, Any] = dict(request.args.items())
        return redirect(url_for("plans.budget", **values))
    db, lang = get_session(), select_locale()
    return workbook_response(lambda out: export_budget_answer(db, result, up_to, out, lang),
                             budget_file_name(form.budget.data))


@bp.post("/budget/decision")
@login_required
def budget_decision() -> ResponseReturnValue:
    """Mark the chosen actions as funded from one source; the page shows what changed and how to undo it."""
    user = current_user()
    require(can_decide_budget(user))
    form = BudgetDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    try:
        changes = record_funding(db, chosen_from_values(request.form.getlist("choose")), form.funding_source.data or "",
                                 user)
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
        return redirect(url_for("plans.budget"))
    db.commit()
    return _decision_page(changes, undone=False)


@bp.post("/budget/decision/undo")
@login_required
def undo_budget_decision() -> ResponseReturnValue:
    """Set the actions of a recorded decision back to the funding source each had before."""
    user = current_user()
    require(can_decide_budget(user))
    form = BudgetUndoForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    try:
        changes = undo_funding(db, changes_from_text(form.changes.data or ""), user)
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
        return redirect(url_for("plans.budget"))
    db.commit()
    return _decision_page(changes, undone=True)


def _decision_page(changes: list[FundingChange], undone: bool) -> ResponseReturnValue:
    db = get_session()
    ids = [c.action_id for c in changes]
    actions = {a.id: a for a in list_plan_actions(db, latest_indicator_set(db), lang=select_locale())
               if a.id in set(ids)}
    undo = None if undone else BudgetUndoForm(formdata=None, changes=changes_to_text(changes))
    return render_template("plans/budget_decision.html", changes=changes, actions=actions, undo_form=undo,
                           undone=undone, total=sum(actions[i].cost for i in ids if i in actions))


# -- the cost catalog (administrators keep it; the district reads it) ----------------------------

@bp.route("/costs")
@login_required
def costs() -> ResponseReturnValue:
    """The prices behind every plan: read by everyone who reviews plans district-wide, changed by admins."""
    user = current_user()
    require(can_view_all(user))
    db = get_session()
    return render_template("plans/costs.html", entries=cost_catalog(db, latest_indicator_set(get_session())),
                           freight=list_freight(db), freight_form=FreightForm(), can_edit=can_administer(user))


@bp.post("/costs/freight")
@login_required
def freight() -> ResponseReturnValue:
    """Set a kecamatan's freight factor on material items; every plan there moves at once."""
    user = current_user()
    require(can_administer(user))
    form = FreightForm()
    if not form.validate_on_submit() or form.percent.data is None:
        flash(_("A freight factor is a whole percent from 100 (none) to 500."), "error")
        return redirect(url_for("plans.costs", _anchor="freight"))
    db = get_session()
    try:
        set_freight(db, form.kecamatan.data or "", form.percent.data, user)
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(_("Freight of %(kecamatan)s saved; every plan there uses it now.", kecamatan=form.kecamatan.data),
              "success")
    return redirect(url_for("plans.costs", _anchor="freight"))


@bp.route("/costs/<item_code>", methods=["GET", "POST"])
@login_required
def edit_cost(item_code: str) -> ResponseReturnValue:
    require(can_administer(current_user()))
    db = get_session()
    entry = _catalog().get(item_code)
    if entry is None:
        abort(404)
    form = CostPriceForm() if request.method == "POST" else CostPriceForm(formdata=None, obj=entry)
    if request.method != "POST":
        form.remember(entry.version, price_fields(entry))
    conflict = None
    if form.validate_on_submit() and form.unit_cost.data is not None and form.year.data is not None:
        change = PriceChange(form.unit_cost.data, form.source.data or "", form.year.data, bool(form.estimate.data),
                             form.region.data or "", form.valid_from.data)
        ok, conflict = saved_form(form, lambda: update_price(
            db, latest_indicator_set(get_session()), item_code, change, current_user(),
            expected_version=form.expected_version(), loaded=form.loaded_values()),
            _("Price of %(code)s saved; every plan uses it now.", code=item_code))
        if ok:
            return redirect(url_for("plans.costs"))
    return render_template("plans/cost_form.html", entry=entry, form=form, conflict=conflict,
                           history=price_history(db, item_code))


# -- the district's price list (administrators) -------------------------------------------------

def _mapping_form() -> PriceMappingForm:
    form = PriceMappingForm()
    form.item.choices = _item_choices(_catalog(), select_locale())
    return form


def _import_page(form: PriceListForm, problems: list[str] | None = None, status: int = 200) -> ResponseReturnValue:
    page = render_template("plans/price_import.html", form=form, problems=problems or [],
                           mappings=list_mappings(get_session()), mapping_form=_mapping_form(),
                           unmap_form=PriceUnmapForm(), max_mb=MAX_FILE_BYTES // 2**20)
    return page, status


@bp.route("/costs/import", methods=["GET", "POST"])
@login_required
def import_prices() -> ResponseReturnValue:
    """Upload the district's price list: every line checked, then a preview of every change; nothing written."""
    user = current_user()
    require(can_administer(user))
    form = PriceListForm()
    if not form.validate_on_submit():
        return _import_page(form, status=400 if request.method == "POST" else 200)
    upload_file = form.price_list.data
    name = (upload_file.filename or "price-list")[:200]
    info = PriceListInfo((form.document.data or "").strip() or name, form.year.data, form.region.data or "")
    db = get_session()
    try:
        data = upload_file.read(MAX_FILE_BYTES + 1)
        preview = preview_price_file(db, latest_indicator_set(db), data, name, info, user)
    except WorkbookRejected as exc:
        db.rollback()
        flash(_("The price list was refused and nothing was saved. Fix the problems listed below and upload it again."),
              "error")
        return _import_page(form, [_(p.message, **p.params) for p in exc.problems], 422)
    db.rollback()  # a preview writes nothing, not even the seeded catalog
    apply_form = PriceApplyForm(formdata=None, rows=rows_to_json(preview.lines), fingerprint=preview.fingerprint,
                                name=name, year=str(info.year or ""), document=info.document, region=info.region)
    return render_template("plans/price_preview.html", preview=preview, apply_form=apply_form, name=name,
                           errors=[describe(e) for e in preview.errors], catalog=_catalog())


@bp.post("/costs/import/apply")
@login_required
def apply_prices() -> ResponseReturnValue:
    """Import a previewed price list all or nothing, as the preview showed it."""
    user = current_user()
    require(can_administer(user))
    form = PriceApplyForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    year = form.year.data or ""
    try:
        rows = rows_from_json(form.rows.data or "")
        info = PriceListInfo(form.document.data or "", int(year) if year.isdigit() else None, form.region.data or "")
        result = apply_price_list(db, latest_indicator_set(db), rows, info, user, name=form.name.data or "",
                                  expected=form.fingerprint.data)
    except PriceListRefused as exc:
        db.rollback()
        for error in exc.problems:
            flash(describe(error), "error")
        return redirect(url_for("plans.import_prices"))
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
        return redirect(url_for("plans.import_prices"))
    db.commit()
    flash(_("Price list imported: %(count)d prices set; every plan uses them now.", count=result.updated), "success")
    return render_template("plans/price_preview.html", preview=result.preview, apply_form=None, name=form.name.data,
                           errors=[], catalog=_catalog(), imported=True)


@bp.post("/costs/mappings")
@login_required
def map_price() -> ResponseReturnValue:
    user = current_user()
    require(can_administer(user))
    form = _mapping_form()
    if not form.validate_on_submit() or form.per_item.data is None:
        flash(_("The mapping was not saved: check the fields."), "error")
        return redirect(url_for("plans.import_prices"))
    db = get_session()
    try:
        map_price_item(db, latest_indicator_set(db), form.key.data or "", form.item.data or "", user,
                       form.list_unit.data or "", form.per_item.data)
    except (InvalidInput, NotFound) as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(_("Mapping saved; next year's price list uses it too."), "success")
    return redirect(url_for("plans.import_prices"))


@bp.post("/costs/mappings/remove")
@login_required
def unmap_price() -> ResponseReturnValue:
    user = current_user()
    require(can_administer(user))
    form = PriceUnmapForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    try:
        unmap_price_item(db, form.key.data or "", user)
    except NotFound as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(_("Mapping removed."), "success")
    return redirect(url_for("plans.import_prices"))
