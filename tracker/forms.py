"""Form classes: validation and CSRF through Flask-WTF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired()])


class UploadForm(FlaskForm):
    files = MultipleFileField("Calendar files", validators=[DataRequired(message="Choose at least one file")])


class CsvForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired(message="Choose a CSV file")])


class UserForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired(), Regexp(EMAIL, message="Enter an email address like name@example.gov.uk")],
    )
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice("manager", "Manager"),
            SelectChoice("director", "Director"),
            SelectChoice("finance", "Finance"),
            SelectChoice("admin", "Administrator"),
        ],
    )
    password = PasswordField("Password (at least 10 characters)", validators=[DataRequired(), Length(min=10)])


class PersonForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    job_title = StringField("Job title", validators=[Optional(), Length(max=200)])
    grade = StringField("Grade", validators=[Optional(), Length(max=100)])
    organisation = StringField("Organisation", validators=[Optional(), Length(max=200)])
    directorate = StringField("Directorate", validators=[Optional(), Length(max=200)])
    fte = DecimalField("FTE (1 is full time)", places=3, validators=[InputRequired(), NumberRange(0.01, 1.5)])
    aliases = StringField("Other email addresses, separated by ;", validators=[Optional()])


class NewPersonForm(PersonForm):
    email = EmailField("Email address", validators=[DataRequired(), Regexp(EMAIL, message="Enter an email address")])


class SalaryForm(FlaskForm):
    annual_salary = DecimalField(
        "Full-time annual salary (£)", places=2, validators=[InputRequired(), NumberRange(0, 10_000_000)]
    )
    effective_from = DateField("In force from", validators=[InputRequired()])


class PartnershipForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    parent = SelectField("Part of", coerce=int)
    purpose = TextAreaField("Purpose", validators=[Optional()])
    lead_organisation = StringField("Lead organisation", validators=[Optional(), Length(max=200)])
    lead_email = EmailField("Lead manager's email (may report outcomes)", validators=[Optional()])
    keywords = StringField("Title keywords, separated by ; (re: for a pattern)", validators=[Optional()])
    categories = StringField("Calendar categories, separated by ;", validators=[Optional()])
    priority = IntegerField("Priority (lower wins)", default=100, validators=[InputRequired()])


class OnCostForm(FlaskForm):
    organisation = SelectField("Organisation", coerce=int)
    financial_year = IntegerField(
        "Financial year starting (e.g. 2025 for 2025/26)", validators=[InputRequired(), NumberRange(2000, 2100)]
    )
    employer_ni_rate = DecimalField("Employer NI rate (%)", validators=[InputRequired(), NumberRange(0, 100)])
    ni_threshold = DecimalField("NI secondary threshold (£ a year)", validators=[InputRequired(), NumberRange(0)])
    pension_rate = DecimalField("Employer pension rate (%)", validators=[InputRequired(), NumberRange(0, 100)])
    apprenticeship_levy_rate = DecimalField(
        "Apprenticeship levy (%)", validators=[InputRequired(), NumberRange(0, 100)]
    )
    other_rate = DecimalField("Other on-costs (%)", default=0, validators=[InputRequired(), NumberRange(0, 100)])


class GradeForm(FlaskForm):
    name = StringField("Grade", validators=[DataRequired(), Length(max=100)])
    band_min = DecimalField("Band minimum (£)", validators=[InputRequired(), NumberRange(0)])
    band_max = DecimalField("Band maximum (£)", validators=[InputRequired(), NumberRange(0)])


class MeasureForm(FlaskForm):
    name = StringField("Measure", validators=[DataRequired(), Length(max=300)])
    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice("how_much", "How much did we do?"),
            SelectChoice("how_well", "How well did we do it?"),
            SelectChoice("better_off", "Is anyone better off?"),
        ],
    )
    unit = StringField("Unit", validators=[Optional(), Length(max=60)])
    baseline = DecimalField("Baseline", validators=[Optional()])
    target = DecimalField("Target", validators=[Optional()])
    direction = SelectField("Better is", choices=[SelectChoice("up", "Higher"), SelectChoice("down", "Lower")])


class OutcomeValueForm(FlaskForm):
    measure = SelectField("Measure", coerce=int)
    period_start = DateField("Period start", validators=[InputRequired()])
    period_end = DateField("Period end", validators=[InputRequired()])
    value = DecimalField("Value", validators=[InputRequired()])
    notes = TextAreaField("Evidence and notes", validators=[Optional(), Length(max=4000)])


class SettingsForm(FlaskForm):
    weekly_hours = DecimalField("Full-time hours a week", validators=[InputRequired(), NumberRange(1, 80)])
    leave_days = DecimalField("Annual leave days", validators=[InputRequired(), NumberRange(0, 100)])
    bank_holidays = DecimalField("Bank holidays", validators=[InputRequired(), NumberRange(0, 30)])
    count_cancelled = BooleanField("Count cancelled meetings")
    count_declined = BooleanField("Count meetings a person declined")
    count_all_day = BooleanField("Count all-day events (as one working day each)")
    count_free = BooleanField("Count events shown as free")
    count_private = BooleanField("Count private events")
    min_people_for_cost = IntegerField(
        "Fewest people a cost shown to directors may cover", validators=[InputRequired(), NumberRange(1, 50)]
    )
