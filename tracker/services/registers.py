"""Loading and editing the registers (staff, salaries, partnerships, grades, standard rates, on-costs; and, from
``planning``, front-line comparators and funding streams), by CSV file or by form.

A file is checked row by row with the same rules as the forms (``domain.entries``);
it writes only when every row is good, and a bad row raises ``RegisterError``
naming the file, line and reason. Each change ends by bringing attendances up to date.

Salaries and on-costs are each organisation's own (``domain.pay_scope``): a change carries whose pay it
may set, and one row of anyone else's refuses the whole file, naming the row, the person and why. The
command line loads for everyone.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..domain import entries, standard_rates
from ..domain.entries import InvalidEntry
from ..domain.pay_scope import EVERYONE, PayScope, oncost_refused, salary_refused
from ..models import Partnership, Person
from ..store import registers
from . import attendances, attribution_changes, planning
from .register_files import LoadSummary, RegisterError, at_line, parse_rows, read_rows

__all__ = ["LOADERS", "REGISTERS", "LoadSummary", "RegisterError", "load_register"]

STAFF_COLUMNS = (
    "name",
    "email",
    "aliases",
    "job_title",
    "grade",
    "organisation",
    "directorate",
    "cost_centre",
    "annual_salary",
    "fte",
    "salary_effective_from",
)
PARTNERSHIP_COLUMNS = (
    "name",
    "parent",
    "purpose",
    "lead_organisation",
    "keywords",
    "categories",
    "priority",
    "review_on",
    "last_reviewed",
    "preparation_hours",
    "travel_hours",
)
GRADE_COLUMNS = ("grade", "band_min", "band_max")
SALARY_COLUMNS = ("email", "annual_salary", "salary_effective_from")
RATE_COLUMNS = ("grade", "financial_year", "hourly_rate")
ONCOST_COLUMNS = (
    "organisation",
    "financial_year",
    "employer_ni_rate",
    "ni_threshold",
    "pension_rate",
    "apprenticeship_levy_rate",
    "other_rate",
    "source",
)


def load_register(
    session: Session,
    register: str,
    data: bytes,
    filename: str,
    *,
    by: str = "a register file",
    pay: PayScope = EVERYONE,
) -> LoadSummary:
    """Load one register file (``staff``, ``salaries``, ``partnerships``, ``grades``, ``rates``, ``oncosts``,
    ``comparators`` or ``funding``), all or nothing. A change to the partnerships' rules is recorded as
    ``by``'s, with what it moved; a salary or an on-cost outside ``pay`` refuses the file."""
    if register in planning.LOADERS:  # no attendance depends on these
        return planning.LOADERS[register](session, data, filename)
    if register == "partnerships":  # the rules changed: meetings may belong elsewhere, their time stays
        with attribution_changes.register_rules(session, by=by, summary=f"Partnership register loaded from {filename}"):
            summary = LOADERS[register](session, data, filename)
            attendances.refresh(session, attendances.Touched(attribution=True))
        return summary
    with attendances.register_change(session):
        if register in PAY_LOADERS:
            return PAY_LOADERS[register](session, data, filename, pay)
        return LOADERS[register](session, data, filename)


def _check_salary(session: Session, person: entries.PersonEntry, pay: PayScope) -> None:
    """A salary row is refused unless the person works for an organisation whose pay is ``pay``'s, both as
    the register holds them and as the row leaves them (an organisation the file names for the first time is
    nobody's yet): a row that moves someone in does not bring their salary with it."""
    if pay.everyone:
        return
    stored = registers.find_person(session, person.email)
    if stored is not None and not pay.covers(stored.organisation_id):
        organisation = stored.organisation.name if stored.organisation else None
        raise salary_refused(stored.name, stored.email, organisation, pay)
    named = registers.organisation_named(session, person.organisation)
    if not pay.covers(named[0] if named else None):
        raise salary_refused(person.name, person.email, person.organisation or None, pay)


def _load_staff(session: Session, data: bytes, filename: str, pay: PayScope) -> LoadSummary:
    rows = read_rows(data, filename, STAFF_COLUMNS, ("name", "email"))
    rows = [(line, {**registers.person_as_row(session, row.get("email", "")), **row}) for line, row in rows]
    parsed = parse_rows(filename, rows, lambda row: (entries.person_entry(row), entries.salary_entry(row)))
    for line, (person_entry, salary_entry) in parsed:  # before anything is written
        if salary_entry is not None:
            with at_line(filename, line):
                _check_salary(session, person_entry, pay)
    created: set[str] = set()
    for line, (person_entry, salary_entry) in parsed:
        with at_line(filename, line):
            person, new = registers.upsert_person(session, person_entry, replace_aliases=False)
            if new:
                created.add(person.email)
            if salary_entry is not None:
                registers.upsert_salary(session, person, salary_entry)
    people = {entry.email for _, (entry, _) in parsed}
    return LoadSummary(len(created), len(people - created), len(parsed))


def _load_salaries(session: Session, data: bytes, filename: str, pay: PayScope) -> LoadSummary:
    """Salaries alone, for people already in the staff register: what an organisation's finance loads for
    its own staff, leaving everything else about them to the administrators who keep the register."""
    rows = read_rows(data, filename, SALARY_COLUMNS, SALARY_COLUMNS)
    parsed = parse_rows(filename, rows, _salary_row)
    salaries = []
    for line, (email, entry) in parsed:  # every row checked before anything is written
        with at_line(filename, line):
            person = registers.find_person(session, email)
            if person is None:
                raise InvalidEntry("email", f"{email!r} is not in the staff register: an administrator adds people")
            if not pay.covers(person.organisation_id):
                organisation = person.organisation.name if person.organisation else None
                raise salary_refused(person.name, person.email, organisation, pay)
            salaries.append((person, entry))
    created = sum(registers.upsert_salary(session, person, entry) for person, entry in salaries)
    return LoadSummary(created, len(salaries) - created, len(salaries))


def _salary_row(row: dict[str, str]) -> tuple[str, entries.SalaryEntry]:
    """(email, salary) of a salaries file's row: both needed."""
    email = entries.email(row, "email")
    salary = entries.salary_entry(row)
    if salary is None:
        raise InvalidEntry("annual_salary", "cannot be empty")
    return email, salary


def _load_partnerships(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, (*PARTNERSHIP_COLUMNS, "lead_email"), ("name",))
    rows = [(line, {**registers.partnership_as_row(session, row.get("name", "")), **row}) for line, row in rows]
    parsed = parse_rows(filename, rows, entries.partnership_entry)
    existing = {name.lower() for name in registers.read_partnership_names(session).values()}
    items = {entry.name.lower(): registers.upsert_partnership(session, entry) for _, entry in parsed}
    for line, entry in parsed:  # parents last: a row may name a partnership further down the file
        with at_line(filename, line):
            registers.set_parent(session, items[entry.name.lower()], entry.parent)
    created = len(set(items) - existing)
    return LoadSummary(created, len(items) - created, len(parsed))


def _load_grades(session: Session, data: bytes, filename: str) -> LoadSummary:
    parsed = parse_rows(filename, read_rows(data, filename, GRADE_COLUMNS, GRADE_COLUMNS), entries.grade_entry)
    created = sum(registers.upsert_grade(session, entry) for _, entry in parsed)
    return LoadSummary(created, len(parsed) - created, len(parsed))


def _load_rates(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, RATE_COLUMNS, RATE_COLUMNS)
    parsed = parse_rows(filename, rows, standard_rates.standard_rate_entry)
    created = sum(registers.upsert_standard_rate(session, entry) for _, entry in parsed)
    return LoadSummary(created, len(parsed) - created, len(parsed))


def _load_oncosts(session: Session, data: bytes, filename: str, pay: PayScope) -> LoadSummary:
    rows = read_rows(data, filename, ONCOST_COLUMNS, ONCOST_COLUMNS[:-2])  # other_rate and source may be left out
    parsed = parse_rows(filename, rows, entries.oncost_entry)
    for line, entry in parsed:  # before anything is written
        with at_line(filename, line):
            _check_oncost(session, entry, pay)
    created = sum(registers.upsert_oncost(session, entry) for _, entry in parsed)
    return LoadSummary(created, len(parsed) - created, len(parsed))


def _check_oncost(session: Session, entry: entries.OnCostEntry, pay: PayScope) -> None:
    """On-costs are refused unless they are of ``pay``'s organisation (a new name is nobody's yet)."""
    if pay.everyone:
        return
    organisation = registers.organisation_named(session, entry.organisation)
    if not pay.covers(organisation[0] if organisation else None):
        raise oncost_refused(entry.organisation, pay)


LOADERS: dict[str, Callable[[Session, bytes, str], LoadSummary]] = {
    "partnerships": _load_partnerships,
    "grades": _load_grades,
    "rates": _load_rates,
    **planning.LOADERS,
}
# The registers that carry pay: each load says whose pay it may set.
PAY_LOADERS: dict[str, Callable[[Session, bytes, str, PayScope], LoadSummary]] = {
    "staff": _load_staff,
    "salaries": _load_salaries,
    "oncosts": _load_oncosts,
}
REGISTERS = frozenset(LOADERS) | frozenset(PAY_LOADERS)


def add_person(session: Session, entry: entries.PersonEntry) -> Person:
    """A new person by form: refused when the address is already in the register."""
    with attendances.register_change(session):
        person, _ = registers.upsert_person(session, entry, replace_aliases=True, new=True)
    return person


def update_person(session: Session, person: Person, entry: entries.PersonEntry) -> None:
    """A person's details by form; their aliases become exactly the ones given."""
    if entry.email != person.email:
        raise InvalidEntry("email", "a person's address cannot be changed here")
    with attendances.register_change(session):
        registers.upsert_person(session, entry, replace_aliases=True)


def save_salary(session: Session, person: Person, entry: entries.SalaryEntry, *, pay: PayScope = EVERYONE) -> None:
    """A salary row by form: only for someone whose pay is ``pay``'s."""
    if not pay.covers(person.organisation_id):
        raise salary_refused(person.name, person.email, person.organisation.name if person.organisation else None, pay)
    with attendances.register_change(session):
        registers.upsert_salary(session, person, entry)


def save_partnership(
    session: Session, item: Partnership | None, entry: entries.PartnershipEntry, *, by: str = "the register"
) -> Partnership:
    """A new partnership (``item`` None) or changes to one, its place in the tree included; a change to
    its rules is recorded as ``by``'s, with what it moved."""
    summary = f"Partnership {entry.name} {'added' if item is None else 'changed'} in the register"
    with attribution_changes.register_rules(session, by=by, summary=summary):
        saved = registers.upsert_partnership(session, entry, item, new=item is None)
        registers.set_parent(session, saved, entry.parent)
        attendances.refresh(session, attendances.Touched(attribution=True))
    return saved


def save_grade(session: Session, entry: entries.GradeEntry) -> None:
    with attendances.register_change(session):
        registers.upsert_grade(session, entry)


def save_standard_rate(session: Session, entry: standard_rates.StandardRateEntry) -> None:
    """A grade's standard rate for a year: every cost of that grade in that year at standard rates moves."""
    with attendances.register_change(session):
        registers.upsert_standard_rate(session, entry)


def save_oncost(session: Session, entry: entries.OnCostEntry, *, pay: PayScope = EVERYONE) -> None:
    """An organisation's on-costs for a year by form: only those of ``pay``'s organisation."""
    _check_oncost(session, entry, pay)
    with attendances.register_change(session):
        registers.upsert_oncost(session, entry)
