"""Improvement plans: a facility's plan and its edits, the district view, the budget, the cost catalog."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from assessments.errors import InvalidInput, StaleVersion
from assessments.facilities import find_facility
from assessments.i18n.formats import format_rupiah
from assessments.i18n.labels import FUNDING_SOURCE, PLAN_STATUS, RISK_LEVEL
from assessments.indicator_sets import current_indicator_set
from assessments.models import Facility, PlanAction
from assessments.permissions import can_administer, can_edit_plan, can_view_all, can_view_facility
from assessments.plans.actions import default_text, list_plan_actions, plan_action_view, plan_totals
from assessments.plans.budget import fund_plans
from assessments.plans.district_list import PlanQuery, plan_page
from assessments.plans.drafting import draft_plan, draft_source
from assessments.plans.edits import ActionChanges, ItemLine, add_custom_action, edit_action, get_action
from assessments.plans.prices import CatalogEntry, PriceChange, cost_catalog, update_price
from assessments.rounds import list_rounds
from scoring.priority import RISK_LEVELS, risk_level
from washfit.boundary import form_int
from washfit.db import get_session
from washfit.errors import describe
from washfit.forms import ActionForm, BudgetForm, CostPriceForm, PlanActionForm, funding_choices
from washfit.i18n_web import select_locale
from washfit.security import current_user, login_required, require

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
    actions = list_plan_actions(db, current_indicator_set(), lang=select_locale(), facility_ids=[facility.id])
    actions.sort(key=lambda a: not a.counted)  # stable: priority order within each part
    return render_template(
        "plans/facility.html",
        facility=facility,
        actions=actions,
        totals=plan_totals(actions),
        indicator_set=current_indicator_set(),
        source=draft_source(db, facility),
        can_edit=can_edit_plan(user, facility),
        action_form=ActionForm(),
    )


@bp.post("/<code>/draft")
@login_required
def draft(code: str) -> ResponseReturnValue:
    facility = _facility(code)
    require(can_edit_plan(current_user(), facility))
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        result = draft_plan(db, current_indicator_set(), facility, current_user())
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(_("Plan drafted: %(added)d actions added, %(met)d marked as met, %(reopened)d open again.",
                added=result.added, met=result.now_met, reopened=result.reopened), "success")
    return redirect(url_for("plans.facility_plan", code=facility.code))


def _catalog() -> dict[str, CatalogEntry]:
    return {e.code: e for e in cost_catalog(get_session(), current_indicator_set())}


def _item_choices(catalog: dict[str, CatalogEntry], lang: str) -> list[SelectChoice]:
    choices = [SelectChoice("", _("— none —"))]
    for entry in catalog.values():
        if entry.name is not None and entry.unit is not None:
            label = f"{entry.name.get(lang)} ({format_rupiah(entry.unit_cost)} / {entry.unit.get(lang)})"
            choices.append(SelectChoice(entry.code, label))
    return choices


def _form(action: PlanAction | None, lang: str) -> PlanActionForm:
    """The edit form, filled from ``action`` on GET and from the request on POST."""
    if request.method == "POST" or action is None:
        form = PlanActionForm()
    else:
        form = PlanActionForm(formdata=None, data={
            "version": str(action.version),
            "text": action.text or default_text(current_indicator_set(), action.indicator_code, lang),
            "responsible": action.responsible,
            "target_date": action.target_date,
            "status": action.status,
            "funding_source": action.funding_source or "",
            "items": [{"code": i.cost_item_code, "quantity": i.quantity, "override": i.unit_cost_override}
                      for i in action.items],
        })
    return form


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
    )


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
            changes = _changes(form)
            if action is None:
                action = add_custom_action(db, current_indicator_set(), facility, changes, user)
                saved = 1
            else:
                expected = form_int(form.version.data, -1)
                saved = edit_action(db, current_indicator_set(), action, changes, user, expected, lang)
        except StaleVersion as stale:
            db.rollback()
            conflict = stale
            form.version.data = str(stale.current_version)
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
    view = None if action is None else plan_action_view(db, current_indicator_set(), action, lang)
    return render_template("plans/action_form.html", facility=facility, action=action, view=view, form=form,
                           catalog=catalog, conflict=conflict, indicator_set=current_indicator_set())


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


# -- the district -------------------------------------------------------------------------------

@bp.route("/")
@login_required
def district() -> ResponseReturnValue:
    """Every action of every facility, filtered; a puskesmas head is taken to their own plan."""
    user = current_user()
    if not can_view_all(user):
        require(bool(user.facilities))
        return redirect(url_for("plans.facility_plan", code=user.facilities[0].code))
    indicator_set = current_indicator_set()
    args = request.args
    query = PlanQuery(domain=args.get("domain", ""), priority=args.get("priority", ""), status=args.get("status", ""),
                      facility=args.get("facility", ""), funding=args.get("funding", ""),
                      page=args.get("page", 1, type=int), page_size=current_app.config["PAGE_SIZE"])
    listing = plan_page(get_session(), indicator_set, query, select_locale())
    return render_template(
        "plans/district.html",
        rows=listing.rows,
        shown=listing.shown,
        totals=listing.totals,
        page=listing.page,
        pages=listing.pages,
        facilities=listing.facilities,
        indicator_set=indicator_set,
        risk_levels=RISK_LEVELS,
        funding_filter=funding_choices(_("all")),
        args=args,
        filtered=query.filtered,
    )


@bp.route("/budget")
@login_required
def budget() -> ResponseReturnValue:
    """What a budget buys first: funded and not funded, with the running total. Changes nothing."""
    require(can_view_all(current_user()))
    db = get_session()
    all_rounds = list(list_rounds(db))
    form = BudgetForm(request.args)
    form.round.choices = [SelectChoice(str(r.id), r.name) for r in reversed(all_rounds)]
    if not request.args.get("round") and all_rounds:
        form.round.data = str(all_rounds[-1].id)
    result = None
    if request.args and form.validate() and form.budget.data is not None:
        up_to = next((r for r in all_rounds if str(r.id) == form.round.data), None)
        result = fund_plans(db, current_indicator_set(), form.budget.data, form.cap.data, up_to=up_to,
                            lang=select_locale())
    return render_template("plans/budget.html", form=form, result=result)


# -- the cost catalog (administrators) ----------------------------------------------------------

@bp.route("/costs")
@login_required
def costs() -> ResponseReturnValue:
    require(can_administer(current_user()))
    return render_template("plans/costs.html", entries=cost_catalog(get_session(), current_indicator_set()))


@bp.route("/costs/<item_code>", methods=["GET", "POST"])
@login_required
def edit_cost(item_code: str) -> ResponseReturnValue:
    require(can_administer(current_user()))
    db = get_session()
    entry = _catalog().get(item_code)
    if entry is None:
        abort(404)
    form = CostPriceForm() if request.method == "POST" else CostPriceForm(formdata=None, obj=entry)
    if form.validate_on_submit() and form.unit_cost.data is not None and form.year.data is not None:
        change = PriceChange(form.unit_cost.data, form.source.data or "", form.year.data, bool(form.estimate.data))
        try:
            update_price(db, current_indicator_set(), item_code, change, current_user())
        except InvalidInput as exc:
            db.rollback()
            flash(describe(exc), "error")
        else:
            db.commit()
            flash(_("Price of %(code)s saved; every plan uses it now.", code=item_code), "success")
            return redirect(url_for("plans.costs"))
    return render_template("plans/cost_form.html", entry=entry, form=form)
