"""Administration: users, API tokens, facilities and assessment rounds (admins only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

# SelectChoice is new in WTForms 3.3; the types-WTForms stubs (3.2) do not know it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from assessments.accounts.tokens import find_token, issue_token, list_tokens, revoke_token, token_state
from assessments.accounts.users import create_user, end_sessions, get_user, list_users, update_user, user_fields
from assessments.errors import InvalidInput, StaleVersion
from assessments.excel.problems import Problem, WorkbookRejected
from assessments.excel.upload_bounds import XLSFORM
from assessments.facilities import FacilityDetails, facility_fields, find_facility, list_facilities, save_facility
from assessments.indicator_sets import (
    MAX_SET_BYTES,
    delete_set,
    import_set,
    latest_set,
    list_sets,
    stored_set_by_id,
)
from assessments.models import Facility, StoredIndicatorSet, User, utc_now
from assessments.permissions import can_administer
from assessments.rounds import (
    change_round_set,
    create_round,
    dhis2_period,
    list_rounds,
    round_by_id,
    set_round_closed,
    set_round_end,
    set_round_period,
)
from assessments.scores.stored_tallies import rescore, store_facility_scores
from assessments.xlsform.set_import import MAX_MAP_BYTES, import_form_set, is_xlsx
from washfit.db import get_session
from washfit.errors import describe, describe_problem, saved, show_conflict
from washfit.forms import (
    ActionForm,
    ApiTokenForm,
    FacilityForm,
    IndicatorSetUploadForm,
    RoundForm,
    RoundPeriodForm,
    RoundScheduleForm,
    RoundSetForm,
    UserForm,
)
from washfit.security import current_user, login_required, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def admins_only() -> None:
    require(can_administer(current_user()))


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=None) if user is None else UserForm(
        data={"username": user.username, "role": user.role, "active": user.active,
              "facilities": [f.code for f in user.facilities]},
        formdata=None,
    )
    form.facilities.choices = [SelectChoice(f.code, f"{f.code} — {f.name}") for f in list_facilities(get_session())]
    return form


@bp.route("/users", methods=["GET", "POST"])
def users() -> ResponseReturnValue:
    form = _user_form()
    db = get_session()
    if form.validate_on_submit() and saved(
        lambda: create_user(db, form.username.data or "", form.role.data or "", _new_password(form),
                            form.facilities.data or [], current_user().username),
        _("User %(name)s created.", name=form.username.data),
    ):
        return redirect(url_for("admin.users"))
    return render_template("admin/users.html", users=list_users(db), form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> ResponseReturnValue:
    db = get_session()
    user = get_user(db, user_id)
    if user is None:
        abort(404)
    form = _user_form(user)
    form.remember(user.version, user_fields(user))
    if form.is_submitted():
        form = _user_form()
    conflict = None
    try:
        if form.validate_on_submit() and saved(
            lambda: update_user(db, user, current_user().username, form.role.data or "", form.facilities.data or [],
                                bool(form.active.data), form.password.data or None,
                                expected_version=form.expected_version(), loaded=form.loaded_values()),
            _("User %(name)s saved.", name=user.username),
        ):
            return redirect(url_for("admin.users"))
    except StaleVersion as stale:
        conflict = show_conflict(form, stale)
    return render_template("admin/user_form.html", user=user, form=form, conflict=conflict,
                           action_form=ActionForm())


@bp.post("/users/<int:user_id>/end-sessions")
def end_user_sessions(user_id: int) -> ResponseReturnValue:
    """End every session the user has open, wherever they logged in (a lost phone, a shared computer)."""
    db = get_session()
    user = get_user(db, user_id)
    if user is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    saved(lambda: end_sessions(db, user, current_user().username),
          _("Every session of %(name)s has ended.", name=user.username))
    return redirect(url_for("admin.edit_user", user_id=user.id))


def _new_password(form: UserForm) -> str:
    if not form.password.data:
        raise InvalidInput("A new user needs a password.")
    return form.password.data


def _token_form(blank: bool = False) -> ApiTokenForm:
    """The new-token form; ``blank`` once a token is made, so the page does not offer to make it again."""
    form = ApiTokenForm(formdata=None) if blank else ApiTokenForm()
    form.user.choices = [SelectChoice(str(u.id), f"{u.username} ({u.role})") for u in list_users(get_session())
                         if u.active]
    return form


@bp.route("/tokens", methods=["GET", "POST"])
def api_tokens() -> ResponseReturnValue:
    """API tokens: create one (its secret is shown on this response only, never flashed into the
    session cookie, never stored), and every token with its state and last use."""
    db = get_session()
    form = _token_form()
    secret = None
    if form.validate_on_submit():
        user = get_user(db, int(form.user.data or 0))
        if user is None:
            abort(404)
        try:
            _token, secret = issue_token(db, user, form.name.data or "", form.days.data or 0, current_user().username)
        except InvalidInput as refused:
            db.rollback()
            flash(describe(refused), "error")
        else:
            db.commit()
            form = _token_form(blank=True)
    return render_template("admin/api_tokens.html", form=form, secret=secret, tokens=list_tokens(db), now=utc_now(),
                           token_state=token_state, revoke_form=ActionForm())


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_api_token(token_id: int) -> ResponseReturnValue:
    db = get_session()
    token = find_token(db, token_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    saved(lambda: revoke_token(db, token, current_user().username),
          _("Token %(name)s is revoked: every call with it is refused from now on.", name=token.name))
    return redirect(url_for("admin.api_tokens"))


def _details(form: FacilityForm) -> FacilityDetails:
    return FacilityDetails(
        code=form.code.data or "", name=form.name.data or "", kecamatan=form.kecamatan.data or "",
        district=form.district.data or "", inpatient=bool(form.inpatient.data), delivery=bool(form.delivery.data),
        rainfall_sufficient=bool(form.rainfall_sufficient.data), sewered=bool(form.sewered.data),
        latitude=form.latitude.data, longitude=form.longitude.data, dhis2_org_unit=form.dhis2_org_unit.data or None,
    )


@bp.route("/facilities", methods=["GET", "POST"])
def facilities() -> ResponseReturnValue:
    db = get_session()
    form = FacilityForm()
    if form.validate_on_submit() and saved(
        lambda: save_facility(db, _details(form), current_user().username),
        _("Facility %(code)s saved.", code=form.code.data),
    ):
        return redirect(url_for("admin.facilities"))
    return render_template("admin/facilities.html", facilities=list_facilities(db), form=form)


@bp.route("/facilities/<code>", methods=["GET", "POST"])
def edit_facility(code: str) -> ResponseReturnValue:
    db = get_session()
    facility: Facility = find_facility(db, code)
    form = FacilityForm() if FacilityForm().is_submitted() else FacilityForm(obj=facility, formdata=None)
    if not form.is_submitted():
        form.remember(facility.version, facility_fields(facility))
    conflict = None
    try:
        if form.validate_on_submit() and saved(
            lambda: store_facility_scores(db, save_facility(
                db, replace(_details(form), placeholder=facility.placeholder), current_user().username, facility,
                expected_version=form.expected_version(), loaded=form.loaded_values())),
            _("Facility %(code)s saved.", code=facility.code),
        ):
            return redirect(url_for("admin.facilities"))
    except StaleVersion as stale:
        conflict = show_conflict(form, stale)
    return render_template("admin/facility_form.html", facility=facility, form=form, conflict=conflict)


def _set_choices() -> list[SelectChoice]:
    """Every stored set, newest first (the default for a new round)."""
    return [SelectChoice(u.stored.id, f"{u.stored.ref} — {u.stored.title}") for u in reversed(list_sets(get_session()))]


def _chosen_set(row_id: int | None) -> StoredIndicatorSet | None:
    """The set a form chose (``NotFound`` for one that is not stored); None leaves the default."""
    return stored_set_by_id(get_session(), row_id) if row_id else None


@bp.route("/rounds", methods=["GET", "POST"])
def assessment_rounds() -> ResponseReturnValue:
    db = get_session()
    form = RoundForm()
    form.indicator_set.choices = _set_choices()
    if not form.is_submitted() and (latest := latest_set(db)) is not None:
        form.indicator_set.data = latest.id
    if form.validate_on_submit() and (starts_on := form.starts_on.data) and saved(
        lambda: create_round(db, form.name.data or "", starts_on, current_user().username,
                             indicator_set=_chosen_set(form.indicator_set.data)),
        _("Round %(name)s created.", name=form.name.data),
    ):
        return redirect(url_for("admin.assessment_rounds"))
    set_form = RoundSetForm(formdata=None)
    set_form.indicator_set.choices = form.indicator_set.choices
    return render_template("admin/rounds.html", rounds=list_rounds(db), form=form, set_form=set_form,
                           period_form=RoundPeriodForm(formdata=None), dhis2_period=dhis2_period,
                           schedule_form=RoundScheduleForm(formdata=None))


@bp.post("/rounds/<int:round_id>/dhis2-period")
def round_dhis2_period(round_id: int) -> ResponseReturnValue:
    """Set the DHIS2 period a round's figures are exported for; empty: the year it starts in."""
    db = get_session()
    round_ = round_by_id(db, round_id)
    form = RoundPeriodForm()
    if not form.validate_on_submit():
        abort(400)
    saved(lambda: set_round_period(db, round_, form.dhis2_period.data, current_user().username),
          _("DHIS2 period of round %(name)s saved.", name=round_.name))
    return redirect(url_for("admin.assessment_rounds"))


@bp.post("/rounds/<int:round_id>/schedule")
def round_schedule(round_id: int) -> ResponseReturnValue:
    """Set a round's end date and open or close it; a closed round's assessments are read-only."""
    db = get_session()
    round_ = round_by_id(db, round_id)
    form = RoundScheduleForm()
    if not form.validate_on_submit():
        flash(_("The end date is not a valid date; nothing was saved."), "error")
        return redirect(url_for("admin.assessment_rounds"))
    actor = current_user().username

    def change() -> None:
        set_round_end(db, round_, form.ends_on.data, actor)
        set_round_closed(db, round_, bool(form.closed.data), actor)

    saved(change, _("Round %(name)s is closed: its assessments are read-only.", name=round_.name)
          if form.closed.data else _("Round %(name)s saved; it is open.", name=round_.name))
    return redirect(url_for("admin.assessment_rounds"))


@bp.post("/rounds/<int:round_id>/indicator-set")
def round_indicator_set(round_id: int) -> ResponseReturnValue:
    """Move a round onto another set; refused once it has answers."""
    db = get_session()
    round_ = round_by_id(db, round_id)
    form = RoundSetForm()
    form.indicator_set.choices = _set_choices()
    if not form.validate_on_submit():
        abort(400)
    chosen = stored_set_by_id(db, form.indicator_set.data)

    def change() -> None:
        change_round_set(db, round_, chosen, current_user().username)
        rescore(db, round_.id)  # its assessments without answers yet are scored with the new set

    saved(change,
          _("Round %(name)s now uses indicator set %(set)s.", name=round_.name, set=chosen.ref))
    return redirect(url_for("admin.assessment_rounds"))


@bp.route("/indicator-sets", methods=["GET", "POST"])
def indicator_sets() -> ResponseReturnValue:
    """Every stored set with its use, an upload for a new set or version, and a delete for an unused one."""
    db = get_session()
    form = IndicatorSetUploadForm()
    problems: list[Problem] = []
    if form.validate_on_submit():
        upload = form.set_file.data
        name = upload.filename or ""
        data = upload.read(XLSFORM.file_bytes + 1)
        try:
            if is_xlsx(data) or name.lower().endswith(".xlsx"):
                map_text = _text(form.map_file.data.read(MAX_MAP_BYTES + 1)) if form.map_file.data else None
                change: Callable[[], object] = partial(import_form_set, db, data, map_text, current_user().username,
                                                       name)
            else:
                change = partial(import_set, db, _text(data[:MAX_SET_BYTES + 1]), current_user().username, name)
            if saved(change, _("Indicator set imported.")):
                return redirect(url_for("admin.indicator_sets"))
        except WorkbookRejected as refused:
            db.rollback()
            problems = refused.problems
            flash(_("The file was refused and nothing was saved. Fix the problems listed below and upload it again."),
                  "error")
    return render_template("admin/indicator_sets.html", usages=list_sets(db), form=form, problems=problems,
                           describe=describe_problem)


def _text(data: bytes) -> str:
    """An uploaded text file's text; one that is not UTF-8 is refused as not a text file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "\x00"


@bp.post("/indicator-sets/<int:set_id>/delete")
def delete_indicator_set(set_id: int) -> ResponseReturnValue:
    """Delete a set nothing uses (an import made by mistake); a set in use is refused with its use."""
    db = get_session()
    stored = stored_set_by_id(db, set_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    saved(lambda: delete_set(db, stored, current_user().username),
          _("Indicator set %(name)s deleted.", name=stored.ref))
    return redirect(url_for("admin.indicator_sets"))
