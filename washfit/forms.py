"""WTForms classes; score-entry forms are built at run time from the indicator set."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
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

# SelectChoice is new in WTForms 3.3; the types-WTForms stubs (3.2) do not know it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
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
from assessments.plans.items import MAX_QUANTITY
from assessments.plans.monitoring import MAX_NOTE, MAX_SPENT
from assessments.plans.prices import MAX_RUPIAH
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


class VersionedForm(WashfitForm):
    """A form that edits a stored row: it carries the version and the values it was loaded with.

    With both, a stale save is answered field by field (``assessments.errors.stale``): only what
    someone else changed is named, and the form shown again keeps the person's own edits.
    """

    version = HiddenField()
    loaded = HiddenField()

    def remember(self, version: int, values: Mapping[str, str | None]) -> None:
        """Record what the form shows now as loaded at ``version`` (on GET, and after a conflict)."""
        self.version.data = str(version)
        self.loaded.data = json.dumps(dict(values), ensure_ascii=False, sort_keys=True)

    def refill(self, values: Mapping[str, str | None]) -> None:
        """Show ``values`` (text, as the services compare them) in the fields of the same names."""
        for name, text in values.items():
            if name not in self:
                continue
            field = self[name]
            if isinstance(field, BooleanField):
                field.data = text == "True"
            elif isinstance(field, SelectMultipleField):
                field.data = [code for code in (text or "").split(",") if code]
            elif isinstance(field, DecimalField):
                field.data = Decimal(text) if text else None
            elif isinstance(field, DateField):
                field.data = dt.date.fromisoformat(text) if text else None
            elif isinstance(field, IntegerField):
                field.data = int(text) if text else None
            elif isinstance(field, RadioField):
                field.data = text
            else:
                field.data = text or ""
            field.raw_data = None

    def expected_version(self) -> int:
        """The version the form was made from; -1 (never stored) when it was tampered with."""
        raw = self.version.data or "0"
        return int(raw) if raw.isdigit() and len(raw) < 10 else -1

    def loaded_values(self) -> dict[str, str | None]:
        """The values the form was loaded with; nothing when the field is missing or damaged."""
        try:
            values = json.loads(self.loaded.data or "{}")
        except ValueError:
            return {}
        if not isinstance(values, dict):
            return {}
        return {str(k): v for k, v in values.items() if v is None or isinstance(v, str)}


class LoginForm(WashfitForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def score_choices() -> list[SelectChoice]:
    """The four answers, in the guide's words."""
    return [SelectChoice(value, _l(label)) for value, label in SCORE.items()]


class DomainFormBase(VersionedForm):
    """A domain page's answers; built per domain by ``build_domain_form``."""


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


class UserForm(VersionedForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80), Regexp(r"^[\w.@-]+$")])
    role = SelectField(_l("Role"), choices=[SelectChoice(r, _l(ROLE[r])) for r in ROLES])
    facilities = SelectMultipleField(_l("Facilities"), choices=[], validate_choice=True)
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(min=10, max=200)])


class ApiTokenForm(WashfitForm):
    """A new API token: whose, what for, and for how many days (its secret is shown once, after saving)."""

    user = SelectField(_l("User"), choices=[], validate_choice=True)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    days = IntegerField(_l("Valid for (days)"), default=90, validators=[DataRequired(), NumberRange(min=1, max=366)])


class FiniteDecimalField(DecimalField):
    """A decimal number; ``NaN``, ``sNaN`` and ``Infinity``, which ``Decimal`` reads, are refused.

    A signalling NaN would crash the range check itself (a 500), and none is a coordinate.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():  # left empty: no number, and no error
            self.data = None
            return
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))

    def pre_validate(self, form: Any) -> None:
        """Stop at the parse error: a range check of the missing value would only repeat it."""
        if self.process_errors:
            raise StopValidation()


class FacilityForm(VersionedForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20), Regexp(r"^[A-Za-z0-9_-]+$")])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kecamatan = StringField(_l("Kecamatan"), validators=[Optional(), Length(max=100)])
    district = StringField(_l("District"), validators=[Optional(), Length(max=100)])
    inpatient = BooleanField(_l("Inpatient (rawat inap)"))
    delivery = BooleanField(_l("Provides delivery services"))
    rainfall_sufficient = BooleanField(_l("Rainfall is sufficient and regular for rainwater harvesting"))
    sewered = BooleanField(_l("Toilets are connected to a sewer (not on-site sanitation)"))
    latitude = FiniteDecimalField(_l("Latitude"), places=6, validators=[Optional(), NumberRange(-90, 90)])
    longitude = FiniteDecimalField(_l("Longitude"), places=6, validators=[Optional(), NumberRange(-180, 180)])
    # The service checks the uid or code itself (assessments.facilities.check_org_unit).
    dhis2_org_unit = StringField(_l("DHIS2 org unit"), validators=[Optional(), Length(max=50)])


class DayField(DateField):
    """A date typed as Indonesians write it (``31/12/2026``); ISO dates are accepted too.

    A text input, not ``type=date``: a browser's date picker follows the browser's own locale
    (often English, month first), so the same page would show different formats on different
    computers. Shown back as day/month/year, the format of every date washfit prints.
    """

    widget = TextInput()
    FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        render_kw = {"placeholder": _l("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off",
                     **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, format=list(self.FORMATS), render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        text = str(valuelist[0]).strip()
        for pattern in self.FORMATS:
            try:
                day = dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if 1900 <= day.year <= 2200:
                self.data = day
                return
        self.data = None
        raise ValidationError(_l("Enter a date as day/month/year, e.g. 31/12/2026."))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else self.data.strftime("%d/%m/%Y")

    def pre_validate(self, form: Any) -> None:
        """Stop at the parse error, as RupiahField does."""
        if self.process_errors:
            raise StopValidation()


class RoundForm(WashfitForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    starts_on = DayField(_l("Start date"), validators=[DataRequired()])
    # Checked by the view against the stored sets; left out, the round gets the latest set.
    indicator_set = SelectField(_l("Indicator set"), coerce=int, validate_choice=False)


class RoundPeriodForm(WashfitForm):
    """A round's DHIS2 period (``2025``, ``2025S1``); empty goes back to the year the round starts in."""

    dhis2_period = StringField(_l("DHIS2 period"), validators=[Optional(), Length(max=7)])


class RoundSetForm(WashfitForm):
    """Move a round onto another set: allowed only while the round has no answers."""

    indicator_set = SelectField(_l("Indicator set"), coerce=int, validate_choice=True)


class RoundScheduleForm(WashfitForm):
    """A round's planned end (may be left empty) and whether it is closed (read-only everywhere)."""

    ends_on = DayField(_l("End date"), validators=[Optional()])
    closed = BooleanField(_l("Closed"))


class IndicatorSetUploadForm(WashfitForm):
    """A set to store as a new set or version: washfit's YAML, or an XLSForm with an optional mapping file."""

    set_file = FileField(_l("Indicator set file (.yaml) or XLSForm (.xlsx)"),
                         validators=[FileRequired(_l("Choose a file to upload."))])
    map_file = FileField(_l("Mapping file for an XLSForm (.yaml, optional)"))


class WorkbookUploadForm(WashfitForm):
    """A filled-in assessment workbook; its content is checked by ``assessments.excel_import``."""

    workbook = FileField(_l("Filled-in workbook (.xlsx)"), validators=[FileRequired(_l("Choose a file to upload."))])
    changed_answers = RadioField(
        _l("Answers changed in washfit after the download"),
        choices=[SelectChoice("keep", _l("Keep washfit's answers for these and import the rest")),
                 SelectChoice("overwrite", _l("Use the workbook's answers for these too"))],
        validators=[Optional()], validate_choice=True,
    )


class SubmissionsUploadForm(WashfitForm):
    """A KoboToolbox or ODK Central export; its content is checked by ``assessments.xlsform``."""

    export = FileField(_l("Submissions exported from KoboToolbox or ODK Central"),
                       validators=[FileRequired(_l("Choose a file to upload."))])


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
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired(), NumberRange(min=1, max=MAX_QUANTITY)])
    override = RupiahField(_l("Unit-cost override (Rp)"), validators=[Optional(), NumberRange(min=0, max=MAX_RUPIAH)])
    remove = BooleanField(_l("Remove"))


class PlanActionForm(VersionedForm):
    """The fields a puskesmas head may change on an action, and one catalog item to add.

    ``form_token`` is new on every form that adds an own action: sent twice, it adds one.
    """

    form_token = HiddenField()
    text = TextAreaField(_l("Action"), validators=[Optional(), Length(max=2000)])
    responsible = StringField(_l("Person responsible"), validators=[Optional(), Length(max=200)])
    target_date = DayField(_l("Target date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=plan_status_choices())
    funding_source = SelectField(_l("Funding source"), choices=funding_choices(_l("not decided yet")))
    items = FieldList(FormField(ItemLineForm))
    new_item = SelectField(_l("Add a catalog item"), choices=[], validate_choice=True)
    new_quantity = IntegerField(_l("Quantity"), validators=[Optional(), NumberRange(min=1, max=MAX_QUANTITY)])
    reopen = BooleanField(_l("Re-open the plan for this change (it goes back to draft for the district)"))


class ProgressForm(VersionedForm):
    """Monitoring an action: its status, dates, progress note and money spent (``plans.monitoring``)."""

    status = SelectField(_l("Status"), choices=plan_status_choices())
    started_on = DayField(_l("Start date"), validators=[Optional()])
    completed_on = DayField(_l("Completion date"), validators=[Optional()])
    progress_note = TextAreaField(_l("Progress note"), validators=[Optional(), Length(max=MAX_NOTE)])
    spent = RupiahField(_l("Money spent so far (Rp)"), validators=[Optional(), NumberRange(min=0, max=MAX_SPENT)])


class PhotoForm(WashfitForm):
    """One evidence photo of an action; what it holds is checked by ``plans.monitoring``."""

    photo = FileField(_l("Evidence photo (JPEG, PNG, WebP, GIF or BMP)"),
                      validators=[FileRequired(_l("Choose a file to upload."))])


class PlanDecisionForm(WashfitForm):
    """Submit, validate or return a plan: the plan's version, and the district's comment when returning."""

    version = HiddenField()
    comment = TextAreaField(_l("Comments for the puskesmas"), validators=[Optional(), Length(max=2000)])

    def expected_version(self) -> int | None:
        """The plan's version the page showed; None for a plan that had no record yet, -1 when damaged."""
        raw = self.version.data or ""
        if not raw:
            return None
        return int(raw) if raw.isdigit() and len(raw) < 10 else -1


class CostPriceForm(VersionedForm):
    unit_cost = RupiahField(_l("Unit cost (Rp)"), validators=[InputRequired(), NumberRange(min=0, max=MAX_RUPIAH)])
    source = StringField(_l("Source of the price"), validators=[Optional(), Length(max=300)])
    year = IntegerField(_l("Year of the price"), validators=[InputRequired(), NumberRange(1900, 2200)])
    region = StringField(_l("Region of the price"), validators=[Optional(), Length(max=100)])
    valid_from = DayField(_l("Valid from"), validators=[Optional()])
    estimate = BooleanField(_l("Still an estimate"))


class PriceListForm(WashfitForm):
    """The district's price list (SSH export); its lines are checked by ``excel.price_list_reader``."""

    price_list = FileField(_l("Price list (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file to upload."))])
    year = IntegerField(_l("Year of the price"), validators=[Optional(), NumberRange(1900, 2200)])
    document = StringField(_l("Regulation or document of the list"), validators=[Optional(), Length(max=300)])
    region = StringField(_l("Region of the price"), default="Kabupaten Kupang",
                         validators=[Optional(), Length(max=100)])


class PriceApplyForm(WashfitForm):
    """The confirmation of a previewed price list: its mapped lines and what the preview was made against."""

    rows = HiddenField(validators=[DataRequired()])
    fingerprint = HiddenField(validators=[DataRequired(), Length(max=64)])
    name = HiddenField(validators=[Length(max=200)])
    year = HiddenField(validators=[Length(max=4)])
    document = HiddenField(validators=[Length(max=300)])
    region = HiddenField(validators=[Length(max=100)])


class PriceMappingForm(WashfitForm):
    key = StringField(_l("Item code or name in the price list"), validators=[DataRequired(), Length(max=200)])
    item = SelectField(_l("Catalog item"), choices=[], validate_choice=True)
    list_unit = StringField(_l("Unit in the list, if different"), validators=[Optional(), Length(max=40)])
    per_item = IntegerField(_l("Units of the list per catalog unit"), default=1,
                            validators=[InputRequired(), NumberRange(1, 100_000)])


class FreightForm(WashfitForm):
    kecamatan = HiddenField(validators=[DataRequired(), Length(max=100)])
    percent = IntegerField(_l("Freight factor"), validators=[InputRequired(), NumberRange(100, 500)])


class PriceUnmapForm(WashfitForm):
    key = HiddenField(validators=[DataRequired(), Length(max=200)])


class BudgetForm(WashfitForm):
    """Read from the query string: choosing what a budget buys changes nothing."""

    class Meta:
        csrf = False

    budget = RupiahField(_l("Budget (Rp)"), validators=[InputRequired(), NumberRange(min=0, max=MAX_RUPIAH)])
    cap = RupiahField(_l("Cap per puskesmas (Rp, optional)"),
                      validators=[Optional(), NumberRange(min=0, max=MAX_RUPIAH)])
    round = SelectField(_l("Gaps found up to round"), choices=[], validate_choice=True)
    sourced_only = BooleanField(_l("Only actions costed at sourced prices"))


class BudgetDecisionForm(WashfitForm):
    """The decision on a budget's answer: a funding source for the chosen actions (checkboxes ``choose``).

    The checkboxes carry ``id:version`` each and are read by the view from the request, as their
    number follows the budget; ``assessments.plans.budget_decision`` checks them.
    """

    funding_source = SelectField(_l("Funding source"), choices=[SelectChoice(c, _l(label))
                                                                 for c, label in FUNDING_SOURCE.items()],
                                 validate_choice=True)


class BudgetUndoForm(WashfitForm):
    """Undo a recorded decision: each action's version after it and its source before (``changes_to_text``)."""

    changes = HiddenField(validators=[DataRequired(), Length(max=200_000)])


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


class TeamMemberForm(VersionedForm):
    """A member of the facility's WASH FIT team (position choices set by the view from the code list)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    position = SelectField(_l("Position"), choices=[], validate_choice=True)
    position_other = StringField(_l("Other position"), validators=[Optional(), Length(max=200)])
    team_role = StringField(_l("Role in the team"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Telephone (optional)"), validators=[Optional(), Length(max=30)])
    leader = BooleanField(_l("Team leader"))
    from_on = DayField(_l("Member from"), validators=[InputRequired()])
    to_on = DayField(_l("Member until (empty while a member)"), validators=[Optional()])


class RiskJudgementForm(VersionedForm):
    """The team's risk assessment of one gap (choices set by the view from the code list)."""

    problem = TextAreaField(_l("Problem found"), validators=[DataRequired(), Length(max=2000)])
    at_risk = SelectMultipleField(_l("Who is at risk"), choices=[], validate_choice=True,
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    likelihood = SelectField(_l("Likelihood"), choices=[], validate_choice=True)
    severity = SelectField(_l("Severity"), choices=[], validate_choice=True)
    reason = TextAreaField(_l("The team's reason (needed where its level differs from washfit's)"),
                           validators=[Optional(), Length(max=2000)])


class VisitForm(VersionedForm):
    """The visit of an assessment: its date, the assessors and the WASH FIT team leader."""

    assessed_on = DayField(_l("Visit date"), validators=[Optional()])
    assessors = StringField(_l("Assessors"), validators=[Optional(), Length(max=300)])
    team_leader = StringField(_l("WASH FIT team leader"), validators=[Optional(), Length(max=200)])
