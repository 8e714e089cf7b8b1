"""Death audits (AMP-SR): suppressed aggregates for readers, case summaries for the audit team.

Everyone who may see the district (or a facility) sees counts per facility and year with small
counts shown as "< 3", never a case; the AMP-SR team and admins also see, enter, import and edit
the de-identified cases, and turn a recommendation into a plan action.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

# SelectChoice is new in WTForms 3.3; the types-WTForms stubs (3.2) do not know it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from assessments.death_audits.cases import CaseSummary, add_case, get_case, list_cases, update_case
from assessments.death_audits.codes import current_audit_codes
from assessments.death_audits.summaries import facility_year_aggregates
from assessments.errors import InvalidInput, StaleVersion
from assessments.excel.death_audit_import import import_audits
from assessments.excel.package_checks import MAX_FILE_BYTES
from assessments.excel.problems import Problem
from assessments.facilities import find_facility, list_facilities
from assessments.i18n.labels import PLAN_STATUS, RESPONSE_STATUS
from assessments.models import DeathAudit
from assessments.permissions import can_handle_audit_cases, can_view_all, can_view_facility
from assessments.plans.audit_responses import action_from_recommendation
from washfit.db import get_session
from washfit.errors import describe, describe_problem
from washfit.forms import ActionForm, AuditFileUploadForm, DeathAuditForm
from washfit.i18n_web import select_locale
from washfit.security import current_user, login_required, require

bp = Blueprint("death_audits", __name__, url_prefix="/death-audits")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@bp.context_processor
def audit_labels() -> dict[str, object]:
    return {"audit_codes": current_audit_codes(), "response_labels": RESPONSE_STATUS, "plan_status_labels": PLAN_STATUS}


@bp.route("")
@login_required
def district() -> ResponseReturnValue:
    """The district's aggregates; the case list too for the audit team. A head goes to their own facility."""
    user = current_user()
    if not can_view_all(user):
        if user.facilities:
            return redirect(url_for("death_audits.facility", code=user.facilities[0].code))
        require(False)
    db = get_session()
    codes = current_audit_codes()
    cases = list_cases(db, user) if can_handle_audit_cases(user) else None
    return render_template("death_audits/district.html", aggregates=facility_year_aggregates(db, codes),
                           cases=cases, action_form=ActionForm())


@bp.route("/facility/<code>")
@login_required
def facility(code: str) -> ResponseReturnValue:
    db = get_session()
    place = find_facility(db, code)
    require(can_view_facility(current_user(), place))
    return render_template("death_audits/facility.html", facility=place,
                           aggregates=facility_year_aggregates(db, current_audit_codes(), [place.id]))


def _form(row: DeathAudit | None) -> DeathAuditForm:
    codes = current_audit_codes()
    lang = select_locale()
    if row is None or request.method == "POST":
        form = DeathAuditForm()
    else:
        form = DeathAuditForm(data={
            "version": str(row.version), "facility": row.facility.code, "year": row.year, "month": str(row.month),
            "case_type": row.case_type, "place": row.place, "cause_group": row.cause_group,
            "factors": list(row.factor_codes), "recommendation": row.recommendation,
            "response_status": row.response_status,
        })
    form.facility.choices = [SelectChoice(f.code, f"{f.code} {f.name}") for f in list_facilities(get_session())]
    if row is not None:
        form.facility.data = row.facility.code  # a case stays at its facility; the edit form does not show it
    form.case_type.choices = [SelectChoice(c, t.get(lang)) for c, t in codes.case_types.items()]
    form.place.choices = [SelectChoice(c, t.get(lang)) for c, t in codes.places.items()]
    form.cause_group.choices = [SelectChoice(c, t.get(lang)) for c, t in codes.cause_groups.items()]
    form.factors.choices = [SelectChoice(c, f.label.get(lang)) for c, f in codes.factors.items()]
    form.response_status.choices = [SelectChoice(c, _(label)) for c, label in RESPONSE_STATUS.items()]
    if row is None and form.year.data is None:
        form.year.data = _today().year
    return form


def _summary(form: DeathAuditForm) -> CaseSummary:
    return CaseSummary(
        facility_code=form.facility.data or "", year=form.year.data or 0, month=int(form.month.data or 0),
        case_type=form.case_type.data or "", place=form.place.data or "", cause_group=form.cause_group.data or "",
        factors=tuple(form.factors.data or ()), recommendation=form.recommendation.data or "",
        response_status=form.response_status.data or "open",
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_case() -> ResponseReturnValue:
    require(can_handle_audit_cases(current_user()))
    form = _form(None)
    if form.validate_on_submit():
        db = get_session()
        try:
            add_case(db, current_audit_codes(), _summary(form), current_user(), _today())
        except InvalidInput as exc:
            db.rollback()
            flash(describe(exc), "error")
        else:
            db.commit()
            flash(_("Case summary saved."), "success")
            return redirect(url_for("death_audits.district"))
    return render_template("death_audits/case_form.html", form=form, row=None)


@bp.route("/<int:case_id>", methods=["GET", "POST"])
@login_required
def edit_case(case_id: int) -> ResponseReturnValue:
    user = current_user()
    require(can_handle_audit_cases(user))
    db = get_session()
    row = get_case(db, case_id, user)
    form = _form(row)
    if form.validate_on_submit():
        try:
            update_case(db, current_audit_codes(), row, _summary(form), user, int(form.version.data or 0), _today())
        except (InvalidInput, StaleVersion) as exc:
            db.rollback()
            flash(describe(exc), "error")
        else:
            db.commit()
            flash(_("Case summary saved."), "success")
            return redirect(url_for("death_audits.district"))
    return render_template("death_audits/case_form.html", form=form, row=row)


@bp.post("/<int:case_id>/plan")
@login_required
def plan_recommendation(case_id: int) -> ResponseReturnValue:
    """The case's recommendation becomes an action of its facility's plan, in one step."""
    user = current_user()
    require(can_handle_audit_cases(user))
    db = get_session()
    row = get_case(db, case_id, user)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("death_audits.district"))
    try:
        action_from_recommendation(db, row, user)
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
        return redirect(url_for("death_audits.district"))
    db.commit()
    flash(_("The recommendation is now an action of the plan; follow it there."), "success")
    return redirect(url_for("plans.facility_plan", code=row.facility.code))


@bp.route("/import", methods=["GET", "POST"])
@login_required
def upload() -> ResponseReturnValue:
    user = current_user()
    require(can_handle_audit_cases(user))
    form = AuditFileUploadForm()
    problems: tuple[Problem, ...] = ()
    if form.validate_on_submit():
        upload_file = form.audit_file.data
        data = upload_file.read(MAX_FILE_BYTES + 1)
        db = get_session()
        result = import_audits(db, current_audit_codes(), data, user, file_name=upload_file.filename or "",
                               today=_today())
        if result.accepted:
            db.commit()
            flash(_("Audit summaries imported: %(count)d cases.", count=result.stored), "success")
            return redirect(url_for("death_audits.district"))
        db.rollback()
        problems = result.problems
        flash(_("The file was refused and nothing was stored. Fix the problems listed below and upload it again."),
              "error")
    return render_template("death_audits/upload.html", form=form, problems=[describe_problem(p) for p in problems],
                           max_mb=MAX_FILE_BYTES // 2**20)
