"""The WASH FIT team of a puskesmas (step 1) and the team's risk assessment of an assessment's gaps (step 3).

Everyone who may see the facility reads its team and the risk table; admins and the facility's
head change the team and alone see the phones (``permissions.can_edit_team``); they and the
facility's assessors record the risk judgements (``permissions.can_judge_risk``).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

# SelectChoice is new in WTForms 3.3; the types-WTForms stubs (3.2) do not know it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from assessments.errors import InvalidInput, NotFound, StaleVersion
from assessments.facilities import find_facility
from assessments.i18n.labels import RISK_LEVEL
from assessments.indicator_sets import round_set
from assessments.models import Assessment, AssessmentRound, Facility, TeamMember
from assessments.permissions import can_edit_team, can_judge_risk, can_view_facility
from assessments.rounds import round_by_id
from assessments.scores.stored import find_assessment
from assessments.teams.codes import current_team_codes
from assessments.teams.members import MemberInput, add_member, get_member, list_team, member_fields, remove_member
from assessments.teams.members import update_member as update_member_service
from assessments.teams.risks import (
    JudgementInput,
    assessment_gaps,
    clear_judgement,
    judgement_fields,
    save_judgement,
)
from washfit.db import get_session
from washfit.errors import describe, saved_form
from washfit.forms import ActionForm, RiskJudgementForm, TeamMemberForm
from washfit.i18n_web import select_locale
from washfit.security import current_user, login_required, require

bp = Blueprint("teams", __name__, url_prefix="/facilities/<code>")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@bp.context_processor
def team_labels() -> dict[str, object]:
    return {"team_codes": current_team_codes(), "risk_labels": RISK_LEVEL}


def _facility(code: str) -> Facility:
    facility = find_facility(get_session(), code)
    require(can_view_facility(current_user(), facility))
    return facility


def _member_form(member: TeamMember | None) -> TeamMemberForm:
    lang = select_locale()
    if request.method == "POST":
        form = TeamMemberForm()
    else:
        form = TeamMemberForm(formdata=None, obj=member) if member else TeamMemberForm(formdata=None)
        form.remember(member.version if member else 0, member_fields(member) if member else {})
        if member is None:
            form.from_on.data = _today()
    form.position.choices = [SelectChoice(c, t.get(lang)) for c, t in current_team_codes().positions.items()]
    return form


def _member_input(form: TeamMemberForm) -> MemberInput:
    assert form.from_on.data is not None
    return MemberInput(
        name=form.name.data or "", position=form.position.data or "", from_on=form.from_on.data,
        position_other=form.position_other.data or "", team_role=form.team_role.data or "",
        phone=form.phone.data or "", leader=bool(form.leader.data), to_on=form.to_on.data)


@bp.route("/team", methods=["GET", "POST"])
@login_required
def team(code: str) -> ResponseReturnValue:
    """The facility's team, and for its editors the form that adds a member."""
    facility = _facility(code)
    user = current_user()
    editable = can_edit_team(user, facility)
    if request.method == "POST":
        require(editable)
    form = _member_form(None)
    if request.method == "POST" and form.validate_on_submit():
        db = get_session()
        try:
            add_member(db, current_team_codes(), facility, _member_input(form), user)
        except InvalidInput as exc:
            db.rollback()
            flash(describe(exc), "error")
        else:
            db.commit()
            flash(_("Team member added."), "success")
            return redirect(url_for("teams.team", code=code))
    elif request.method == "POST":
        flash(_("Some fields are not valid; nothing was saved."), "error")
    return render_template("facilities/team.html", facility=facility, members=list_team(get_session(), facility),
                           form=form, editable=editable, action_form=ActionForm(), today=_today())


@bp.route("/team/<int:member_id>", methods=["GET", "POST"])
@login_required
def edit_member(code: str, member_id: int) -> ResponseReturnValue:
    facility = _facility(code)
    require(can_edit_team(current_user(), facility))
    db = get_session()
    member = _member(facility, member_id)
    form = _member_form(member)
    conflict = None
    if request.method == "POST" and form.validate_on_submit():
        ok, conflict = saved_form(form, lambda: update_member_service(
            db, current_team_codes(), member, _member_input(form), current_user(), form.expected_version(),
            form.loaded_values()), _("Team member saved."))
        if ok:
            return redirect(url_for("teams.team", code=code))
    elif request.method == "POST":
        flash(_("Some fields are not valid; nothing was saved."), "error")
    return render_template("facilities/team_member.html", facility=facility, member=member, form=form,
                           conflict=conflict)


def _posted_version() -> int:
    """The version a button's form was rendered at; -1 (never stored) when missing or tampered with."""
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else -1


def _member(facility: Facility, member_id: int) -> TeamMember:
    try:
        return get_member(get_session(), facility, member_id)
    except NotFound:
        abort(404)


@bp.post("/team/<int:member_id>/remove")
@login_required
def remove(code: str, member_id: int) -> ResponseReturnValue:
    facility = _facility(code)
    require(can_edit_team(current_user(), facility))
    member = _member(facility, member_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        remove_member(db, member, current_user(), _posted_version())
    except StaleVersion:
        db.rollback()
        flash(_("Someone else changed this member after you opened the page. Nothing was removed."), "error")
    else:
        db.commit()
        flash(_("Team member removed."), "success")
    return redirect(url_for("teams.team", code=code))


# -- the team's risk assessment -------------------------------------------------------------------

def _assessment(code: str, round_id: int) -> tuple[Facility, AssessmentRound, Assessment]:
    facility = _facility(code)
    round_ = round_by_id(get_session(), round_id)
    assessment = find_assessment(get_session(), facility, round_)
    if assessment is None:
        abort(404)
    return facility, round_, assessment


@bp.route("/rounds/<int:round_id>/risks")
@login_required
def risks(code: str, round_id: int) -> ResponseReturnValue:
    """Every gap of the assessment, washfit's priority beside the team's judgement."""
    facility, round_, assessment = _assessment(code, round_id)
    indicator_set = round_set(round_)
    gaps = assessment_gaps(get_session(), indicator_set, current_team_codes(), assessment, _today())
    return render_template("entry/risks.html", facility=facility, round=round_, assessment=assessment,
                           indicator_set=indicator_set, gaps=gaps,
                           can_judge=can_judge_risk(current_user(), facility))


@bp.route("/rounds/<int:round_id>/risks/<indicator_code>", methods=["GET", "POST"])
@login_required
def judge(code: str, round_id: int, indicator_code: str) -> ResponseReturnValue:
    facility, round_, assessment = _assessment(code, round_id)
    require(can_judge_risk(current_user(), facility))
    db = get_session()
    indicator_set = round_set(round_)
    codes = current_team_codes()
    gap = next((g for g in assessment_gaps(db, indicator_set, codes, assessment, _today())
                if g.indicator_code == indicator_code), None)
    if gap is None:
        abort(404)
    lang = select_locale()
    if request.method == "POST":
        form = RiskJudgementForm()
    else:
        row = gap.judgement
        form = RiskJudgementForm(formdata=None, data={
            "problem": row.problem if row else "", "at_risk": list(row.at_risk_codes) if row else [],
            "likelihood": row.likelihood if row else "", "severity": row.severity if row else "",
            "reason": row.reason if row else ""})
        form.remember(row.version if row else 0, judgement_fields(row))
    form.at_risk.choices = [SelectChoice(c, t.get(lang)) for c, t in codes.at_risk.items()]
    form.likelihood.choices = [SelectChoice(c, t.get(lang)) for c, t in codes.likelihood.items()]
    form.severity.choices = [SelectChoice(c, t.get(lang)) for c, t in codes.severity.items()]
    conflict = None
    if request.method == "POST" and form.validate_on_submit():
        data = JudgementInput(form.problem.data or "", tuple(form.at_risk.data or ()), form.likelihood.data or "",
                              form.severity.data or "", form.reason.data or "")
        ok, conflict = saved_form(form, lambda: save_judgement(
            db, indicator_set, codes, assessment, indicator_code, data, current_user(), form.expected_version(),
            _today(), form.loaded_values()), _("The team's risk assessment of %(code)s is saved.", code=indicator_code))
        if ok:
            return redirect(url_for("teams.risks", code=code, round_id=round_id))
    elif request.method == "POST":
        flash(_("Some fields are not valid; nothing was saved."), "error")
    return render_template("entry/risk_form.html", facility=facility, round=round_, assessment=assessment,
                           indicator_set=indicator_set, gap=gap, form=form, conflict=conflict,
                           action_form=ActionForm())


@bp.post("/rounds/<int:round_id>/risks/<indicator_code>/clear")
@login_required
def clear(code: str, round_id: int, indicator_code: str) -> ResponseReturnValue:
    facility, _round, assessment = _assessment(code, round_id)
    require(can_judge_risk(current_user(), facility))
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        clear_judgement(db, assessment, indicator_code, current_user(), _posted_version())
    except StaleVersion:
        db.rollback()
        flash(_("Someone else changed this after you opened the page. Nothing was removed."), "error")
    else:
        db.commit()
        flash(_("washfit's priority applies again to %(code)s.", code=indicator_code), "success")
    return redirect(url_for("teams.risks", code=code, round_id=round_id))
