"""Score entry: one page per domain, then submit, validate or reopen the assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.errors import InvalidInput, PermissionDenied, StaleVersion
from assessments.facilities import find_facility, profile_of
from assessments.i18n.labels import AUDIT_FIELD, READ_ONLY_REASON, STATUS
from assessments.indicator_sets import round_set
from assessments.models import Assessment, AssessmentRound, Facility
from assessments.permissions import can_enter_scores, can_view_facility, read_only_reason
from assessments.plans.drafting import validate_assessment
from assessments.rounds import round_by_id
from assessments.scores import entry as service
from assessments.scores.stored import find_assessment, score_of, stored_answers
from assessments.teams.members import current_leader
from scoring import Domain, IndicatorSet
from washfit.db import get_session
from washfit.errors import describe
from washfit.forms import ActionForm, DomainFormBase, VisitForm, build_domain_form
from washfit.security import current_user, login_required, require

bp = Blueprint("entry", __name__, url_prefix="/facilities/<code>/rounds/<int:round_id>")


def load_assessment(code: str, round_id: int) -> tuple[Facility, AssessmentRound, Assessment | None]:
    """The facility and round of the URL (404 when either is unknown) and its assessment, if any."""
    db = get_session()
    facility = find_facility(db, code)
    round_ = round_by_id(db, round_id)
    return facility, round_, find_assessment(db, facility, round_)


def _domain(indicator_set: IndicatorSet, domain_code: str) -> Domain:
    try:
        return indicator_set.domain(domain_code)
    except KeyError:
        abort(404)


@bp.route("/")
@login_required
def overview(code: str, round_id: int) -> ResponseReturnValue:
    """The domains with how far each is answered, and the status actions."""
    facility, round_, assessment = load_assessment(code, round_id)
    user = current_user()
    require(can_view_facility(user, facility))
    indicator_set = round_set(round_)
    leader = current_leader(get_session(), facility, dt.datetime.now(dt.UTC).date())
    visit_form = VisitForm(formdata=None, obj=assessment)
    if assessment is not None:
        visit_form.remember(assessment.version, service.visit_fields(assessment))
        if not assessment.team_leader:
            visit_form.team_leader.data = leader  # the team page's leader, as the suggestion
    reason = read_only_reason(user, facility, round_, assessment)
    return render_template(
        "entry/overview.html",
        visit_form=visit_form,
        current_leader=leader,
        facility=facility,
        round=round_,
        assessment=assessment,
        indicator_set=indicator_set,
        score=score_of(indicator_set, assessment) if assessment else None,
        can_enter=can_enter_scores(user, facility),
        editable=reason is None,
        reason=reason,
        read_only=READ_ONLY_REASON.get(reason or ""),
        action_form=ActionForm(),
    )


@bp.post("/visit")
@login_required
def visit(code: str, round_id: int) -> ResponseReturnValue:
    """The visit date, the assessors and the WASH FIT team leader of a draft assessment."""
    facility, _round, assessment = load_assessment(code, round_id)
    require(can_enter_scores(current_user(), facility))
    if assessment is None:
        abort(404)
    form = VisitForm()
    back = redirect(url_for("entry.overview", code=code, round_id=round_id))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return back
    db = get_session()
    entered = service.Visit(form.assessed_on.data, form.assessors.data or "", form.team_leader.data or "")
    try:
        changed = service.save_visit(db, assessment, entered, current_user(), form.expected_version(),
                                     dt.datetime.now(dt.UTC).date(), form.loaded_values())
    except StaleVersion as stale:
        db.rollback()
        names = ", ".join(_(audit_field(c.field)) for c in stale.changes) or _("the assessment")
        flash(_("Someone else changed %(what)s after you opened the page. Nothing of yours was saved.", what=names),
              "error")
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(_("The visit is saved.") if changed else _("Nothing changed."), "success")
    return back


def audit_field(name: str) -> str:
    return AUDIT_FIELD.get(name, name)


@bp.route("/domains/<domain_code>", methods=["GET", "POST"])
@login_required
def domain_page(code: str, round_id: int, domain_code: str) -> ResponseReturnValue:
    facility, round_, assessment = load_assessment(code, round_id)
    user = current_user()
    require(can_view_facility(user, facility))
    indicator_set = round_set(round_)
    domain = _domain(indicator_set, domain_code)
    reason = read_only_reason(user, facility, round_, assessment)
    editable = reason is None
    if request.method == "POST":
        require(can_enter_scores(user, facility))
    form_class = build_domain_form(domain, profile_of(facility))
    stored = stored_answers(assessment) if assessment else {}
    codes = _codes(domain, form_class)
    if request.method == "POST":
        form = form_class()
    else:
        form = form_class(formdata=None, data=_initial(service.answer_fields(stored, codes)))
        form.remember(assessment.version if assessment else 0, service.answer_fields(stored, codes))
    conflict = None
    if request.method == "POST" and editable and form.validate():
        try:
            saved = service.save_facility_answers(get_session(), indicator_set, facility, round_, _answers(codes, form),
                                                  user, form.expected_version(), loaded=form.loaded_values())
            get_session().commit()
        except StaleVersion as stale:
            get_session().rollback()
            conflict = stale
            if stale.merged:
                form.process(formdata=None, data=_initial(stale.merged))
            form.remember(stale.current_version, stale.current)
            flash(_("Someone else saved this assessment after you opened it. Nothing of yours was saved: "
                    "check the answers listed below and save again."), "error")
        except InvalidInput as exc:
            get_session().rollback()
            flash(describe(exc), "error")
        else:
            flash(_("Saved %(count)d changed answers.", count=saved) if saved else _("Nothing changed."), "success")
            return redirect(url_for("entry.domain_page", code=code, round_id=round_id, domain_code=domain.code))
    elif request.method == "POST" and not editable:
        flash(_(READ_ONLY_REASON[reason or "submitted"]), "error")
    elif request.method == "POST":
        flash(_("Some answers are not valid; nothing was saved."), "error")
    return render_template(
        "entry/domain.html",
        facility=facility,
        round=round_,
        assessment=assessment,
        indicator_set=indicator_set,
        domain=domain,
        profile=profile_of(facility),
        form=form,
        editable=editable,
        read_only=READ_ONLY_REASON.get(reason or ""),
        conflict=conflict,
    )


def _codes(domain: Domain, form_class: type[DomainFormBase]) -> list[str]:
    """The indicators of the domain that the form has (those that apply to the facility)."""
    return [i.code for i in domain.indicators if hasattr(form_class, f"score_{i.code}")]


def _initial(values: Mapping[str, str | None]) -> dict[str, object]:
    """Form data from ``answer_fields`` values: empty comments as empty text."""
    return {name: (value or "") if name.startswith("comment_") else value for name, value in values.items()}


def _answers(codes: list[str], form: DomainFormBase) -> dict[str, service.Answer]:
    """The domain's answers as the form holds them, for the indicators the form has."""
    return {code: service.parse_answer(code, form[f"score_{code}"].data, form[f"comment_{code}"].data or "")
            for code in codes}


def _status_action(code: str, round_id: int, action: str) -> ResponseReturnValue:
    facility, _round, assessment = load_assessment(code, round_id)
    user = current_user()
    require(can_view_facility(user, facility))
    if assessment is None or not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    redrafted = None
    try:
        if action == "submit":
            service.submit(db, round_set(assessment.round), assessment, user)
        elif action == "validate":
            redrafted = validate_assessment(db, assessment, user)
        else:
            service.reopen(db, assessment, user)
    except PermissionDenied:
        abort(403)
    except InvalidInput as exc:
        db.rollback()
        flash(describe(exc), "error")
    else:
        db.commit()
        flash(_("The assessment is now: %(status)s.", status=_(STATUS[assessment.status])), "success")
        if redrafted is not None:
            flash(_("The plan of %(code)s was re-drafted from this assessment: %(added)d actions added, "
                    "%(met)d marked as met, %(reopened)d open again; every edit was kept.", code=facility.code,
                    added=redrafted.added, met=redrafted.now_met, reopened=redrafted.reopened), "success")
    return redirect(url_for("entry.overview", code=code, round_id=round_id))


@bp.post("/submit")
@login_required
def submit(code: str, round_id: int) -> ResponseReturnValue:
    return _status_action(code, round_id, "submit")


@bp.post("/validate")
@login_required
def validate(code: str, round_id: int) -> ResponseReturnValue:
    return _status_action(code, round_id, "validate")


@bp.post("/reopen")
@login_required
def reopen(code: str, round_id: int) -> ResponseReturnValue:
    return _status_action(code, round_id, "reopen")
