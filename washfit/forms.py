"""WTForms classes; score-entry forms are built at run time from the indicator set."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from assessments.entry import MAX_COMMENT
from assessments.models import ROLES
from scoring import Domain, FacilityProfile
from washfit.labels import ROLE, SCORE


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def score_choices() -> list[SelectChoice]:
    """The four answers, in the guide's words."""
    return [SelectChoice(value, _l(label)) for value, label in SCORE.items()]


class DomainFormBase(FlaskForm):
    version = HiddenField()


def build_domain_form(domain: Domain, profile: FacilityProfile) -> type[DomainFormBase]:
    """A form class with a score and a comment field per indicator that applies to the facility.

    Fields are named ``score_<code>`` and ``comment_<code>``; a score may be left empty (unanswered)
    but never hold anything outside the four answers.
    """
    fields: dict[str, Any] = {}
    for indicator in domain.indicators:
        if not indicator.applies(profile):
            continue
        fields[f"score_{indicator.code}"] = RadioField(
            indicator.code, choices=score_choices(), validators=[Optional()], validate_choice=True
        )
        fields[f"comment_{indicator.code}"] = TextAreaField(
            _l("Comment"), validators=[Optional(), Length(max=MAX_COMMENT)]
        )
    return type(f"DomainForm_{domain.code}", (DomainFormBase,), fields)


class ActionForm(FlaskForm):
    """A form with nothing but the CSRF token, for buttons that change state."""


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80), Regexp(r"^[\w.@-]+$")])
    role = SelectField(_l("Role"), choices=[SelectChoice(r, _l(ROLE[r])) for r in ROLES])
    facilities = SelectMultipleField(_l("Facilities"), choices=[], validate_choice=True)
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(min=10, max=200)])


class FacilityForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20), Regexp(r"^[A-Za-z0-9_-]+$")])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kecamatan = StringField(_l("Kecamatan"), validators=[Optional(), Length(max=100)])
    district = StringField(_l("District"), validators=[Optional(), Length(max=100)])
    inpatient = BooleanField(_l("Inpatient (rawat inap)"))
    delivery = BooleanField(_l("Provides delivery services"))
    latitude = DecimalField(_l("Latitude"), places=6, validators=[Optional(), NumberRange(-90, 90)])
    longitude = DecimalField(_l("Longitude"), places=6, validators=[Optional(), NumberRange(-180, 180)])


class RoundForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    starts_on = DateField(_l("Start date"), validators=[DataRequired()])
