"""Form classes: CSRF and rendering through Flask-WTF; register values checked by ``domain.entries``.

A register form holds its values as the text a user typed and hands them to the same
parser a CSV row goes through, so a form and a file give the same answer and the
same message for the same input. Field names are the CSV column names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from flask_wtf.file import FileField, FileRequired, MultipleFileField
from sqlalchemy.orm import Session
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2+, newer than its stubs
from wtforms.validators import DataRequired, Length

from ..db import transaction
from ..domain import entries, planning_entries, standard_rates
from ..domain.entries import InvalidEntry
from ..domain.permissions import ROLE_NAMES, ROLES
from ..domain.results import DIRECTIONS, KINDS
from ..domain.settings import DESCRIPTIONS, convert
from .date_input import DateParts
from .govuk import GovForm


def _text(label: str, **render: str) -> StringField:
    return StringField(label, render_kw=render or None)


def _date(label: str) -> DateParts:
    return DateParts(label)


def _amount(label: str) -> StringField:
    return StringField(label, render_kw={"inputmode": "decimal"})


class LoginForm(GovForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired()])


class UploadForm(GovForm):
    files = MultipleFileField("Calendar files", validators=[DataRequired(message="Choose at least one file")])


class CsvForm(GovForm):
    file = FileField("CSV file", validators=[FileRequired(message="Choose a CSV file")])


def show_error(form: GovForm, error: InvalidEntry) -> None:
    """Put a rule's message beside its field (or the first field, for a rule about the whole entry)."""
    fields = [(name, field) for name, field in form._fields.items() if name != "csrf_token"]
    field = dict(fields).get(error.field) or fields[0][1]
    field.errors = [*field.errors, error.message]


def attempt(form: GovForm, change: Callable[[Session], Any]) -> bool:
    """Make a change through a service in one transaction; a rule it breaks is shown beside the form's field."""
    try:
        with transaction() as session:
            change(session)
    except InvalidEntry as exc:
        show_error(form, exc)
        return False
    return True


class EntryForm(GovForm):
    """A form whose values are checked by a ``domain.entries`` parser; ``entry`` holds the result.

    Choices are not checked against their lists here (``validate_choice=False``): the parser or the
    service says what is wrong with a value, in the words a register file would get.
    """

    parse: ClassVar[Callable[..., Any]]
    entry: Any = None

    def raw(self) -> dict[str, str]:
        """The typed text of every field, keyed by field name (the CSV column)."""
        out = {}
        for name, field in self._fields.items():
            if name != "csrf_token":
                out[name] = "" if field.data is None else str(field.data)
        return out

    def validate(self, extra_validators=None, *, given: Mapping[str, str] | None = None) -> bool:
        if not super().validate(extra_validators):
            return False
        try:
            self.entry = type(self).parse({**self.raw(), **(given or {})})
        except InvalidEntry as exc:
            show_error(self, exc)
            return False
        return True

    def check(self, given: Mapping[str, str] | None = None) -> bool:
        """Validate a submitted form, with values the page supplies itself (such as the person's address)."""
        return self.is_submitted() and self.validate(given=given)


class UserForm(GovForm):
    """Checked by ``store.users.create_user``, as ``tracker users create`` is."""

    email = EmailField("Email address")
    name = StringField("Name", validators=[Length(max=200)])
    role = SelectField(
        "Role",
        validate_choice=False,
        choices=[SelectChoice(role, ROLE_NAMES[role]) for role in ROLES],
    )
    # Filled by the page from the staff register; "" is the host, for the administrators who run the app.
    organisation = SelectField("Organisation", validate_choice=False, choices=[])
    password = PasswordField("Password (at least 10 characters)")


class SourceForm(GovForm):
    """A calendar to connect (``services/sources.connect`` checks it, as ``tracker sources add`` is checked)."""

    owner = EmailField(
        "Whose calendar (their email address)", validators=[DataRequired(message="Enter whose calendar it is")]
    )
    url = StringField(
        "The calendar's address",
        validators=[DataRequired(message="Enter the calendar's address"), Length(max=2000)],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    kind = SelectField(
        "Kind of calendar",
        validate_choice=False,
        choices=[
            SelectChoice("", "Tell from the address"),
            SelectChoice("caldav", "CalDAV calendar (Nextcloud, iCloud, Fastmail, SOGo, Radicale)"),
            SelectChoice("ics", "Published ICS address (https:// or webcal://)"),
        ],
    )
    username = StringField("User name (if the server asks for one)", validators=[Length(max=320)])
    password = PasswordField("Password or app password (stored encrypted, never shown again)")


class PersonForm(EntryForm):
    parse = staticmethod(entries.person_entry)
    name = _text("Name")
    job_title = _text("Job title")
    grade = _text("Grade")
    organisation = _text("Organisation", list="organisation-names")
    directorate = _text("Directorate")
    cost_centre = _text("Cost centre")
    fte = _amount("FTE (1 is full time)")
    aliases = _text("Other email addresses, separated by ;")


class NewPersonForm(PersonForm):
    email = EmailField("Email address")


class SalaryForm(EntryForm):
    parse = staticmethod(entries.salary_entry)
    annual_salary = _amount("Full-time annual salary (£)")
    salary_effective_from = _date("In force from")

    def validate(self, extra_validators=None, *, given: Mapping[str, str] | None = None) -> bool:
        if not super().validate(extra_validators, given=given):
            return False
        if self.entry is None:
            show_error(self, InvalidEntry("annual_salary", "cannot be empty"))
            return False
        return True


class PartnershipForm(EntryForm):
    parse = staticmethod(entries.partnership_entry)
    name = _text("Name")
    parent = SelectField("Part of", validate_choice=False)
    purpose = TextAreaField("Purpose")
    lead_organisation = _text("Lead organisation")
    lead_email = EmailField("Lead manager's email (may report outcomes)")
    keywords = _text("Title keywords, separated by ; (re: for a pattern)")
    categories = _text("Calendar categories, separated by ;")
    priority = _text("Priority (lower wins)", inputmode="numeric")
    review_on = _date("Next review")
    last_reviewed = _date("Last reviewed")
    preparation_hours = _text("Preparation: hours of reading for each attendance", inputmode="decimal")
    travel_hours = _text("Travel: hours for each attendance", inputmode="decimal")


class OnCostForm(EntryForm):
    parse = staticmethod(entries.oncost_entry)
    organisation = _text("Organisation", list="organisation-names")
    financial_year = _text("Financial year starting (e.g. 2025 for 2025/26)", inputmode="numeric")
    employer_ni_rate = _text("Employer NI rate (e.g. 15%)")
    ni_threshold = _amount("NI secondary threshold (£ a year)")
    pension_rate = _text("Employer pension rate (e.g. 20%)")
    apprenticeship_levy_rate = _text("Apprenticeship levy (e.g. 0.5%)")
    other_rate = _text("Other on-costs (e.g. 0%)")
    source = TextAreaField("Source: where these rates come from (the scheme, the year, what each rate is)")


class GradeForm(EntryForm):
    parse = staticmethod(entries.grade_entry)
    grade = _text("Grade")
    band_min = _amount("Band minimum (£)")
    band_max = _amount("Band maximum (£)")


class StandardRateForm(EntryForm):
    parse = staticmethod(standard_rates.standard_rate_entry)
    grade = _text("Grade")
    financial_year = _text("Financial year starting (e.g. 2025 for 2025/26)", inputmode="numeric")
    hourly_rate = _amount("Standard hourly rate (£)")


class MeasureForm(EntryForm):
    parse = staticmethod(entries.measure_entry)
    name = _text("Measure")
    kind = SelectField("Kind", choices=[SelectChoice(k, label) for k, label in KINDS.items()], validate_choice=False)
    unit = _text("Unit")
    baseline = _amount("Baseline")
    target = _amount("Target")
    direction = SelectField(
        "Better is", choices=[SelectChoice(k, label) for k, label in DIRECTIONS.items()], validate_choice=False
    )
    unit_value = _amount("Value of one unit (£, optional)")
    unit_value_source = _text("Source of that value")


class ComparatorForm(EntryForm):
    parse = staticmethod(planning_entries.comparator_entry)
    name = _text("Name")
    unit = _text("Unit")
    cost_per_unit = _amount("Cost of one unit (£)")
    source = _text("Source")


class FundingForm(EntryForm):
    parse = staticmethod(planning_entries.funding_entry)
    partnership = SelectField("Partnership", validate_choice=False)
    source = _text("Source")
    amount = _amount("Amount (£)")
    period_start = _date("From")
    period_end = _date("To")
    conditions = TextAreaField("Conditions")


class OutcomeValueForm(EntryForm):
    parse = staticmethod(entries.value_entry)
    measure = SelectField("Measure", validate_choice=False)
    period_start = _date("Period start")
    period_end = _date("Period end")
    value = _amount("Value")
    notes = TextAreaField("Evidence and notes")


class SettingsForm(GovForm):
    """Each value checked by ``domain.settings.convert``, as ``tracker settings set`` checks it."""

    weekly_hours = _amount("Full-time hours a week")
    leave_days = _amount("Annual leave days")
    bank_holidays = _amount("Bank holidays")
    count_cancelled = BooleanField(DESCRIPTIONS["count_cancelled"])
    count_declined = BooleanField(DESCRIPTIONS["count_declined"])
    count_all_day = BooleanField(DESCRIPTIONS["count_all_day"])
    count_free = BooleanField(DESCRIPTIONS["count_free"])
    count_private = BooleanField(DESCRIPTIONS["count_private"])
    retain_titles_months = _text("Months meeting titles and attendee lists are kept", inputmode="numeric")
    allow_private_sources = BooleanField(DESCRIPTIONS["allow_private_sources"])
    private_source_servers = _text(DESCRIPTIONS["private_source_servers"])

    def values(self) -> dict[str, str]:
        """Every setting as ``tracker settings set`` would be given it (the retention period left as it is
        when the form leaves it empty: forms written before it existed keep working)."""
        out = {}
        for key in DESCRIPTIONS:
            data = self[key].data
            if key == "retain_titles_months" and not str(data or "").strip():
                continue
            out[key] = ("yes" if data else "no") if isinstance(data, bool) else str(data or "")
        return out

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for key, value in self.values().items():
            try:
                convert(key, value)
            except InvalidEntry as exc:
                show_error(self, exc)
                ok = False
        return ok
