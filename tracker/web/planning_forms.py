"""Forms of the partnership map's planning pages: scenarios, proposals and decisions. Values are checked by
``domain.planning_entries`` and ``domain.proposal_entries``, which give the same message for the same input
as the shell."""

from __future__ import annotations

from typing import Any

from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField

from ..domain import planning_entries, proposal_entries
from ..domain.entries import InvalidEntry
from ..domain.gatekeeper import DECISIONS, QUESTIONS
from ..domain.scenarios import KINDS
from .forms import SelectChoice, show_error
from .govuk import GovForm


class _Checked(GovForm):
    """A form whose values a ``domain`` parser checks as a whole; ``entry`` holds what it made of them."""

    parse: Any = None
    entry: Any = None

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        values = {name: field.data or "" for name, field in self._fields.items() if name != "csrf_token"}
        try:
            self.entry = self.parsed(values)
        except InvalidEntry as exc:
            show_error(self, exc)
            return False
        return True

    def parsed(self, values: dict[str, Any]) -> Any:
        return type(self).parse(values)


class ScenarioForm(_Checked):
    parse = staticmethod(planning_entries.scenario_entry)
    name = StringField("Name of the scenario")
    kind = RadioField(
        "What would change", choices=[SelectChoice(k, label) for k, label in KINDS.items()], validate_choice=False
    )
    partnerships = SelectMultipleField("Partnerships", validate_choice=False)
    members = SelectMultipleField("Members of the merged board (merge only; none chosen: all)", validate_choice=False)
    meetings = StringField("Meetings a year (less often; merge, optional)", render_kw={"inputmode": "decimal"})
    hours = StringField("Hours each meeting lasts (shorter; merge, optional)", render_kw={"inputmode": "decimal"})
    person = SelectField("Who sends a deputy (deputy only)", validate_choice=False)
    grade = SelectField("The deputy's grade (deputy only)", validate_choice=False)


FREQUENCIES = [
    SelectChoice("1-weeks", "Weekly"),
    SelectChoice("fortnight", "Fortnightly"),
    SelectChoice("4-weeks", "Every 4 weeks"),
    SelectChoice("month", "Monthly"),
    SelectChoice("6-weeks", "Every 6 weeks"),
    SelectChoice("8-weeks", "Every 8 weeks"),
    SelectChoice("quarter", "Quarterly"),
]


class ProposalForm(_Checked):
    """Checked against the registers the page sets in ``registered`` (the grades and people they know)."""

    registered: proposal_entries.Registered | None = None
    name = StringField("Name of the proposed partnership")
    purpose = TextAreaField("What it is for")
    lead = StringField("Lead (organisation or person)")
    every = SelectField("How often it would meet", choices=FREQUENCIES, validate_choice=False)
    hours_each = StringField("How long each meeting would last (hours)", render_kw={"inputmode": "decimal"})
    people = SelectMultipleField("Members from the staff register", validate_choice=False)
    grade_places = StringField("Places not yet named, by grade")
    sub_groups = TextAreaField("Sub-groups it would set up (one a line)")
    needs_many = TextAreaField(QUESTIONS["needs_many"])
    simpler = TextAreaField(QUESTIONS["simpler"])
    existing = TextAreaField(QUESTIONS["existing"])
    results = TextAreaField(QUESTIONS["results"])
    review_on = StringField("When it will be reviewed", render_kw={"type": "date"})

    def parsed(self, values: dict[str, Any]) -> Any:
        assert self.registered is not None, "the page sets the registers a proposal is checked against"
        return proposal_entries.proposal_entry(values, self.registered)


class DecisionForm(_Checked):
    parse = staticmethod(proposal_entries.decision_entry)
    decision = RadioField(
        "Decision", choices=[SelectChoice(k, label) for k, label in DECISIONS.items()], validate_choice=False
    )
    notes = TextAreaField("Reasons, and any changes asked for")
    referred_to = SelectField("Referred to (if referred)", validate_choice=False)
