"""Writing the registers: people and their salaries and aliases, partnerships, grades, organisations and on-costs.

Each function takes an entry already checked by ``domain.entries`` and enforces what
only the database can tell (an address already taken, a parent that does not exist,
a partnership tree with a loop), raising ``InvalidEntry`` with the same messages
whether the entry came from a CSV row or a form.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.attribution import split_list
from ..domain.entries import (
    GradeEntry,
    InvalidEntry,
    OnCostEntry,
    PartnershipEntry,
    PersonEntry,
    SalaryEntry,
)
from ..domain.register_rows import partnership_row
from ..domain.standard_rates import StandardRateEntry
from ..models import Grade, OnCostRate, Organisation, Partnership, Person, PersonAlias, Salary, StandardRate


def organisation(session: Session, name: str) -> Organisation | None:
    """The organisation of that name, created on first mention; None for a blank name."""
    if not name:
        return None
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name)
        session.add(org)
        session.flush()
    return org


def organisation_named(session: Session, name: str) -> tuple[int, str] | None:
    """The (id, name) of the organisation of that name, if there is one; never creates it."""
    if not name:
        return None
    row = session.execute(select(Organisation.id, Organisation.name).where(Organisation.name == name)).first()
    return (row[0], row[1]) if row else None


def find_person(session: Session, email: str) -> Person | None:
    """The person whose main address this is (ignoring case), if any."""
    return session.scalar(select(Person).where(Person.email == email.strip().lower()))


def _address_owner(session: Session, address: str) -> int | None:
    """Whose address (main or alias) this is, if anyone's."""
    owner = session.scalar(select(Person.id).where(Person.email == address))
    if owner is None:
        owner = session.scalar(select(PersonAlias.person_id).where(PersonAlias.email == address))
    return owner


def person_as_row(session: Session, email: str) -> dict[str, str]:
    """A stored person as a staff file would hold them (no aliases, no salary): what a file that
    leaves a column out keeps. Empty for someone not in the register."""
    person = session.scalar(select(Person).where(Person.email == email.strip().lower()))
    if person is None:
        return {}
    return {
        "name": person.name,
        "email": person.email,
        "job_title": person.job_title,
        "grade": person.grade,
        "organisation": person.organisation.name if person.organisation else "",
        "directorate": person.directorate,
        "cost_centre": person.cost_centre,
        "fte": f"{person.fte.normalize():f}",
    }


def upsert_person(
    session: Session, entry: PersonEntry, *, replace_aliases: bool, new: bool = False
) -> tuple[Person, bool]:
    """Create or update the person with this address (only create, when ``new``); ``replace_aliases`` makes
    their aliases exactly the entry's (a form), otherwise the entry's are added (a file). Returns (person, created)."""
    person = session.scalar(select(Person).where(Person.email == entry.email))
    created = person is None
    if person is None or new:
        if _address_owner(session, entry.email) is not None:
            raise InvalidEntry("email", f"{entry.email!r} is already another person's address")
    if person is None:
        person = Person(email=entry.email, name=entry.name)
        session.add(person)
    person.name, person.job_title, person.grade = entry.name, entry.job_title, entry.grade
    person.directorate, person.cost_centre, person.fte = entry.directorate, entry.cost_centre, entry.fte
    org = organisation(session, entry.organisation)
    person.organisation_id = org.id if org else None
    session.flush()
    if replace_aliases:
        for stored in list(person.aliases):
            if stored.email not in entry.aliases:
                person.aliases.remove(stored)
        session.flush()
    known = {a.email for a in person.aliases}
    for alias in entry.aliases:
        if alias in known:
            continue
        owner = _address_owner(session, alias)
        if owner is not None and owner != person.id:
            raise InvalidEntry("aliases", f"{alias!r} is already another person's address")
        person.aliases.append(PersonAlias(email=alias))
    session.flush()
    return person, created


def upsert_salary(session: Session, person: Person, entry: SalaryEntry) -> bool:
    """The salary in force from a day: one entry per day, replaced when given again. Returns whether the
    day is new to the person's history."""
    salary = session.scalar(
        select(Salary).where(Salary.person_id == person.id, Salary.effective_from == entry.effective_from)
    )
    created = salary is None
    if salary is None:
        salary = Salary(person_id=person.id, effective_from=entry.effective_from, annual_salary=entry.annual_salary)
        session.add(salary)
    salary.annual_salary = entry.annual_salary
    session.flush()
    return created


def find_partnership_by_id(session: Session, partnership_id: int | None) -> Partnership | None:
    return session.get(Partnership, partnership_id)


def read_partnerships(session: Session) -> list[Partnership]:
    return list(session.scalars(select(Partnership)))


def read_partnership_names(session: Session) -> dict[int, str]:
    """Every partnership's name, by id."""
    return dict(session.execute(select(Partnership.id, Partnership.name)).all())


def read_organisation_names(session: Session) -> dict[int, str]:
    """Every organisation's name, by id."""
    return dict(session.execute(select(Organisation.id, Organisation.name)).all())


RULE_FIELDS = ("keywords", "categories", "priority", "parent_id")  # what decides where a meeting belongs


def read_rules(session: Session) -> dict[int, dict]:
    """Each partnership's ``RULE_FIELDS``, by id: what a change to the register may have moved."""
    columns = (Partnership.id, *(getattr(Partnership, f) for f in RULE_FIELDS))
    return {pid: dict(zip(RULE_FIELDS, rest, strict=True)) for pid, *rest in session.execute(select(*columns))}


def restore_rules(session: Session, rules: dict[int, dict]) -> None:
    """Set these partnerships' rule fields back (``read_rules``' values); one no longer there is passed over."""
    for pid, fields in rules.items():
        partnership = session.get(Partnership, pid)
        if partnership is not None:
            for name, value in fields.items():
                setattr(partnership, name, value)
    session.flush()


def add_keyword(session: Session, partnership: Partnership, keyword: str) -> bool:
    """The keyword added to the partnership's, unless it has it already (in any case); whether it was added."""
    words = split_list(partnership.keywords)
    added = keyword.lower() not in (w.lower() for w in words)
    if added:
        partnership.keywords = ";".join([*words, keyword])
    session.flush()
    return added


def remove_keyword(session: Session, partnership_id: int, keyword: str) -> None:
    """The keyword taken off the partnership's (in any case), if the partnership is still there."""
    partnership = session.get(Partnership, partnership_id)
    if partnership is not None:
        words = split_list(partnership.keywords)
        partnership.keywords = ";".join(w for w in words if w.lower() != keyword.lower())
    session.flush()


def find_partnership(session: Session, name: str) -> Partnership | None:
    """By name, ignoring case and surrounding blanks: "community safety partnership" is the CSP, not a new one."""
    return session.scalar(select(Partnership).where(func.lower(Partnership.name) == name.strip().lower()))


def partnership_as_row(session: Session, name: str) -> dict[str, str]:
    """A stored partnership as a register file would hold it (its lead is not a file column of its own):
    what a file that leaves a column out keeps. Empty for a partnership not in the register."""
    item = find_partnership(session, name)
    if item is None:
        return {}
    row = partnership_row(item)
    del row["lead_email"]  # a file without the column leaves the lead alone (``PartnershipEntry.lead_email``)
    return row


def upsert_partnership(
    session: Session,
    entry: PartnershipEntry,
    item: Partnership | None = None,
    *,
    new: bool = False,
) -> Partnership:
    """Write a partnership's own fields (its parent: see ``set_parent``): ``item``, or a ``new`` one, or
    the one of that name (a register file upserts by name).

    A new partnership goes after the others: the register's order breaks ties between rules.
    """
    clash = find_partnership(session, entry.name)
    if clash is not None and (new or (item is not None and clash.id != item.id)):
        raise InvalidEntry("name", f"there is already a partnership called {entry.name!r}")
    item = item or clash
    if item is None:
        item = Partnership(name=entry.name, position=_next_position(session))
        session.add(item)
    item.name, item.purpose, item.lead_organisation = entry.name, entry.purpose, entry.lead_organisation
    item.keywords, item.categories, item.priority = entry.keywords, entry.categories, entry.priority
    item.review_on, item.last_reviewed = entry.review_on, entry.last_reviewed
    item.preparation_hours, item.travel_hours = entry.preparation_hours, entry.travel_hours
    if entry.lead_email is not None:
        item.lead_email = entry.lead_email or None
    session.flush()
    return item


def _next_position(session: Session) -> int:
    return (session.scalar(select(func.max(Partnership.position))) or 0) + 1


def set_parent(session: Session, item: Partnership, parent_name: str) -> None:
    """Place a partnership under another (by name), refusing a parent that is not there or a loop."""
    if not parent_name:
        item.parent_id = None
        session.flush()
        return
    parent = find_partnership(session, parent_name)
    if parent is None:
        raise InvalidEntry("parent", f"{parent_name!r} is not a partnership")
    parents = dict(session.execute(select(Partnership.id, Partnership.parent_id)).all())
    node: int | None = parent.id
    while node is not None:
        if node == item.id:
            raise InvalidEntry("parent", f"{item.name!r} would sit under one of its own sub-partnerships")
        node = parents.get(node)
    item.parent_id = parent.id
    session.flush()


def upsert_grade(session: Session, entry: GradeEntry) -> bool:
    """Returns whether the grade is new."""
    grade = session.scalar(select(Grade).where(Grade.name == entry.grade))
    created = grade is None
    if grade is None:
        grade = Grade(name=entry.grade)
        session.add(grade)
    grade.band_min, grade.band_max = entry.band_min, entry.band_max
    session.flush()
    return created


def upsert_standard_rate(session: Session, entry: StandardRateEntry) -> bool:
    """Returns whether the grade had no rate for that year before. The grade is matched ignoring case, and
    keeps the spelling it was first given."""
    rate = session.scalar(
        select(StandardRate).where(
            func.lower(StandardRate.grade) == entry.grade.lower(), StandardRate.financial_year == entry.financial_year
        )
    )
    created = rate is None
    if rate is None:
        rate = StandardRate(grade=entry.grade, financial_year=entry.financial_year)
        session.add(rate)
    rate.hourly_rate = entry.hourly_rate
    session.flush()
    return created


def upsert_oncost(session: Session, entry: OnCostEntry) -> bool:
    """Returns whether the organisation had no rates for that year before."""
    org = organisation(session, entry.organisation)
    assert org is not None  # the entry requires a name
    year = entry.financial_year
    rate = session.scalar(
        select(OnCostRate).where(OnCostRate.organisation_id == org.id, OnCostRate.financial_year == year)
    )
    created = rate is None
    if rate is None:
        rate = OnCostRate(organisation_id=org.id, financial_year=year)
        session.add(rate)
    rate.employer_ni_rate, rate.ni_threshold, rate.pension_rate = (
        entry.employer_ni_rate,
        entry.ni_threshold,
        entry.pension_rate,
    )
    rate.apprenticeship_levy_rate, rate.other_rate = entry.apprenticeship_levy_rate, entry.other_rate
    rate.source = entry.source
    session.flush()
    return created
