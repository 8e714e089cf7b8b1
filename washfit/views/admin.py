"""Administration: users, facilities and assessment rounds (admins only)."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

# SelectChoice is new in WTForms 3.3; the types-WTForms stubs (3.2) do not know it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from assessments.accounts.users import create_user, end_sessions, get_user, list_users, update_user, user_fields
from assessments.errors import InvalidInput, StaleVersion
from assessments.facilities import FacilityDetails, facility_fields, find_facility, list_facilities, save_facility
from assessments.indicator_sets import MAX_SET_BYTES, import_set, latest_set, list_sets, stored_set_by_id
from assessments.models import Facility, StoredIndicatorSet, User
from assessments.permissions import can_administer
from assessments.rounds import change_round_set, create_round, list_rounds, round_by_id
from assessments.scores.stored_tallies import rescore, store_facility_scores
from washfit.db import get_session
from washfit.errors import saved
from washfit.forms import (
    ActionForm,
    FacilityForm,
    IndicatorSetUploadForm,
    RoundForm,
    RoundSetForm,
    UserForm,
    VersionedForm,
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
        conflict = _conflict(form, stale)
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


def _conflict(form: VersionedForm, stale: StaleVersion) -> StaleVersion:
    """Show a stale form again: the fields someone else changed filled in, the person's own edits kept."""
    form.refill(stale.merged)
    form.remember(stale.current_version, stale.current)
    flash(_("Someone else saved this after you opened it. Nothing of yours was saved: check the fields listed "
            "below and save again."), "error")
    return stale


def _new_password(form: UserForm) -> str:
    if not form.password.data:
        raise InvalidInput("A new user needs a password.")
    return form.password.data


def _details(form: FacilityForm) -> FacilityDetails:
    return FacilityDetails(
        code=form.code.data or "", name=form.name.data or "", kecamatan=form.kecamatan.data or "",
        district=form.district.data or "", inpatient=bool(form.inpatient.data), delivery=bool(form.delivery.data),
        rainfall_sufficient=bool(form.rainfall_sufficient.data), sewered=bool(form.sewered.data),
        latitude=form.latitude.data, longitude=form.longitude.data,
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
        conflict = _conflict(form, stale)
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
    return render_template("admin/rounds.html", rounds=list_rounds(db), form=form, set_form=set_form)


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
    """Every stored set with its use, and an upload for a new set or version."""
    db = get_session()
    form = IndicatorSetUploadForm()
    if form.validate_on_submit():
        upload = form.set_file.data
        data = upload.read(MAX_SET_BYTES + 1)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = "\x00"  # refused below as not a text file
        if saved(lambda: import_set(db, text, current_user().username, upload.filename or ""),
                 _("Indicator set imported.")):
            return redirect(url_for("admin.indicator_sets"))
    return render_template("admin/indicator_sets.html", usages=list_sets(db), form=form)
