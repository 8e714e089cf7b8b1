"""WTForms classes; score-entry forms are built at run time from the indicator set."""

from __future__ import annotations

from typing import Any

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from assessments.i18n.formats import format_rupiah, parse_rupiah
from assessments.i18n.labels import FUNDING_SOURCE, PLAN_STATUS, ROLE, SCORE
from assessments.models import ROLES
from assessments.scores.entry import MAX_COMMENT
from scoring import Domain, FacilityProfile


class _CatalogTranslations:
    """WTForms' own messages ("This field is required.", ...) through washfit's catalog.

    WTForms ships no Bahasa Indonesia; its message ids are in washfit's catalog instead.
    """

    # The catalog itself, not flask_babel.gettext/ngettext: those already fill in %(num)s, while
    # WTForms fills in its own values (%(min)d, %(max)d) afterwards.
    def gettext(self, string: str) -> str:
        return get_translations().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ngettext(singular, plural, n)


def _catalog_translations(meta: Any, form: Any) -> _CatalogTranslations:
    return _CatalogTranslations()


class WashfitForm(FlaskForm):
    """Every washfit form: Flask-WTF's CSRF, validation messages in the chosen language."""

    class Meta:
        get_translations = _catalog_translations


class LoginForm(WashfitForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def score_choices() -> list[SelectChoice]:
    """The four answers, in the guide's words."""
    return [SelectChoice(value, _l(label)) for value, label in SCORE.items()]


class DomainFormBase(WashfitForm):
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


class ActionForm(WashfitForm):
    """A form with nothing but the CSRF token, for buttons that change state."""


class UserForm(WashfitForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80), Regexp(r"^[\w.@-]+$")])
    role = SelectField(_l("Role"), choices=[SelectChoice(r, _l(ROLE[r])) for r in ROLES])
    facilities = SelectMultipleField(_l("Facilities"), choices=[], validate_choice=True)
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(min=10, max=200)])


class FacilityForm(WashfitForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20), Regexp(r"^[A-Za-z0-9_-]+$")])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kecamatan = StringField(_l("Kecamatan"), validators=[Optional(), Length(max=100)])
    district = StringField(_l("District"), validators=[Optional(), Length(max=100)])
    inpatient = BooleanField(_l("Inpatient (rawat inap)"))
    delivery = BooleanField(_l("Provides delivery services"))
    latitude = DecimalField(_l("Latitude"), places=6, validators=[Optional(), NumberRange(-90, 90)])
    longitude = DecimalField(_l("Longitude"), places=6, validators=[Optional(), NumberRange(-180, 180)])


class RoundForm(WashfitForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    starts_on = DateField(_l("Start date"), validators=[DataRequired()])


class WorkbookUploadForm(WashfitForm):
    """A filled-in assessment workbook; its content is checked by ``assessments.excel_import``."""

    workbook = FileField(_l("Filled-in workbook (.xlsx)"), validators=[FileRequired(_l("Choose a file to upload."))])


# -- improvement plans --------------------------------------------------------------------------

class RupiahField(IntegerField):
    """Whole rupiah, typed with or without thousands dots (``500.000.000``); no fractions.

    A text input, not a number input: browsers blank a number input that holds dots.
    """

    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = parse_rupiah(str(valuelist[0]))
        except ValueError:
            self.data = None
            raise ValidationError(_l("Enter whole rupiah, e.g. 1.500.000 (no decimals).")) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else format_rupiah(self.data).removeprefix("Rp ")

    def pre_validate(self, form: Any) -> None:
        """Stop at the parse error: a range check of the missing value would only repeat it."""
        if self.process_errors:
            raise StopValidation()


def plan_status_choices() -> list[SelectChoice]:
    return [SelectChoice(code, _l(label)) for code, label in PLAN_STATUS.items()]


def funding_choices(blank: str) -> list[SelectChoice]:
    """The funding sources, after a first choice meaning "none" (or "all" in a filter)."""
    return [SelectChoice("", blank)] + [SelectChoice(code, _l(label)) for code, label in FUNDING_SOURCE.items()]


class ItemLineForm(Form):
    """One catalog item of an action: its quantity and an optional unit-cost override."""

    class Meta:
        get_translations = _catalog_translations

    code = HiddenField()
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired(), NumberRange(min=1)])
    override = RupiahField(_l("Unit-cost override (Rp)"), validators=[Optional(), NumberRange(min=0)])
    remove = BooleanField(_l("Remove"))


class PlanActionForm(WashfitForm):
    """The fields a puskesmas head may change on an action, and one catalog item to add."""

    version = HiddenField()
    text = TextAreaField(_l("Action"), validators=[Optional(), Length(max=2000)])
    responsible = StringField(_l("Person responsible"), validators=[Optional(), Length(max=200)])
    target_date = DateField(_l("Target date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=plan_status_choices())
    funding_source = SelectField(_l("Funding source"), choices=funding_choices(_l("not decided yet")))
    items = FieldList(FormField(ItemLineForm))
    new_item = SelectField(_l("Add a catalog item"), choices=[], validate_choice=True)
    new_quantity = IntegerField(_l("Quantity"), validators=[Optional(), NumberRange(min=1)])


class CostPriceForm(WashfitForm):
    unit_cost = RupiahField(_l("Unit cost (Rp)"), validators=[InputRequired(), NumberRange(min=0)])
    source = StringField(_l("Source of the price"), validators=[Optional(), Length(max=300)])
    year = IntegerField(_l("Year of the price"), validators=[InputRequired(), NumberRange(1900, 2200)])
    estimate = BooleanField(_l("Still an estimate"))


class BudgetForm(WashfitForm):
    """Read from the query string: choosing what a budget buys changes nothing."""

    class Meta:
        csrf = False

    budget = RupiahField(_l("Budget (Rp)"), validators=[InputRequired(), NumberRange(min=0)])
    cap = RupiahField(_l("Cap per puskesmas (Rp, optional)"), validators=[Optional(), NumberRange(min=0)])
    round = SelectField(_l("Gaps found up to round"), choices=[], validate_choice=True)


# -- death audits (AMP-SR) ----------------------------------------------------------------------

class DeathAuditForm(WashfitForm):
    """A de-identified case summary: a facility, a month and year, and codes (choices set by the view)."""

    version = HiddenField()
    facility = SelectField(_l("Facility"), choices=[], validate_choice=True)
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2200)])
    month = SelectField(_l("Month"), choices=[SelectChoice(str(n), str(n)) for n in range(1, 13)], validate_choice=True)
    case_type = SelectField(_l("Case type"), choices=[], validate_choice=True)
    place = SelectField(_l("Place"), choices=[], validate_choice=True)
    cause_group = SelectField(_l("Cause group"), choices=[], validate_choice=True)
    factors = SelectMultipleField(_l("Avoidable factors"), choices=[], validate_choice=True,
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    recommendation = TextAreaField(_l("Recommendation"), validators=[Optional(), Length(max=2000)])
    response_status = SelectField(_l("Response status"), choices=[], validate_choice=True)


class AuditFileUploadForm(WashfitForm):
    """A CSV or XLSX file of de-identified case summaries (checked by ``excel.death_audit_import``)."""

    audit_file = FileField(_l("Audit summaries (.csv or .xlsx)"),
                           validators=[FileRequired(_l("Choose a file to upload."))])
