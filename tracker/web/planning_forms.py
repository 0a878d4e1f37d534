"""Forms of the partnership map's planning pages: scenarios, proposals and decisions. Values are checked by
``domain.planning_entries`` and ``domain.proposal_entries``, which give the same message for the same input
as the shell."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField

from ..domain import planning_entries, proposal_entries
from ..domain.entries import InvalidEntry
from ..domain.gatekeeper import DECISIONS, QUESTIONS
from ..domain.scenarios import KINDS
from .date_input import DateParts
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
    # What each kind asks besides, revealed under its choice (GOV.UK conditional reveals): a merge whether its
    # members are chosen and, if they change, its meetings and their length; meeting less often a number a
    # year; shorter meetings their length; a deputy at what grade. A merge's meetings and hours are fields of
    # their own, so no input stands under two choices. Who sends a deputy, and a merge's chosen members, are
    # asked next (``scenarios/people.html``), among those who sit on the partnerships chosen: a locality's
    # thousand people listed twice on this form were 360 kB, and nearly all of them the wrong answer.
    choose_members = BooleanField("Choose which of their members sit on the merged board")
    members = SelectMultipleField("Members of the merged board", validate_choice=False)
    merge_meetings = StringField("Meetings a year (optional)", render_kw={"inputmode": "decimal"})
    merge_hours = StringField("Hours each meeting lasts (optional)", render_kw={"inputmode": "decimal"})
    meetings = StringField("Meetings a year", render_kw={"inputmode": "decimal"})
    hours = StringField("Hours each meeting lasts", render_kw={"inputmode": "decimal"})
    person = SelectField("Who sends a deputy", validate_choice=False)
    grade = SelectField("The deputy's grade", validate_choice=False)
    MERGE_OWN = {"meetings": "merge_meetings", "hours": "merge_hours"}  # the parser's name: the merge's field

    def parsed(self, values: dict[str, Any]) -> Any:
        """The parser reads one ``meetings`` and one ``hours``: a merge's are its own fields'."""
        if values.get("kind") == "merge":
            values = {**values, **{name: values.get(own, "") for name, own in self.MERGE_OWN.items()}}
        return type(self).parse(values)

    PEOPLE = ("person", "members", "grade")  # the questions of the second step

    def people_asked(self) -> bool:
        """Whether the answers call for choosing people among those who sit on the partnerships: a deputy's
        person, not yet chosen, or a merge's members, asked to be chosen and not yet chosen."""
        if self.kind.data == "deputy":
            return not self.person.data
        return self.kind.data == "merge" and bool(self.choose_members.data) and not self.members.data

    def first_step_valid(self) -> bool:
        """Whether every answer of the first step is right, the people still to be chosen: the parser checks
        a deputy's person before its grade, so its only complaint is then about the person."""
        if self.validate():
            return True
        wrong = {name for name, field in self._fields.items() if field.errors}
        if self.kind.data == "deputy" and wrong == {"person"}:
            self.person.errors = []
            return True
        return False

    def validate(self, extra_validators=None) -> bool:
        """A message about a merge's meetings or hours stands beside the merge's own field."""
        ok = super().validate(extra_validators)
        if not ok and self.kind.data == "merge":
            for name, own in self.MERGE_OWN.items():
                field, mine = self[name], self[own]
                if field.errors:
                    mine.errors, field.errors = [*mine.errors, *field.errors], []
        return ok


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
    review_on = DateParts("When it will be reviewed")

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
