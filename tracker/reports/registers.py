"""What the register pages list: people, partnerships as a tree, grades, organisations, on-costs, users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.costing import OnCosts, default_oncosts, financial_year, rate_text, salary_on, year_label
from ..domain.local_time import today
from ..domain.paging import Shown, shown
from ..domain.pay_scope import NO_ONE, PayScope, not_shown
from ..domain.tree import walk
from ..models import Grade, OnCostRate, Organisation, Partnership, Person, Salary, StandardRate, User


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    email: str
    job_title: str
    organisation: str
    grade: str
    fte: Decimal
    salary: Decimal | None  # the full-time salary in force today, not the latest entered; None when not shown
    pay_shown: bool  # whether the viewer sees this person's pay at all

    @property
    def not_shown(self) -> str:
        """Why the salary is not shown, in words."""
        return not_shown(self.organisation or None)


def staff(session: Session, on: date | None = None, *, pay: PayScope = NO_ONE) -> list[StaffRow]:
    """The staff register as its page lists it, with the salary in force ``on`` (default today) of each person
    whose pay is ``pay``'s: no one else's salary is read."""
    day = on or today()
    query = (
        select(Person, func.coalesce(Organisation.name, ""))
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .order_by(Person.name, Person.email)
    )
    listed = list(session.execute(query))
    shown = {p.id for p, _ in listed if pay.covers(p.organisation_id)}
    history: dict[int, list[tuple[date, Decimal]]] = {}
    salaries = select(Salary.person_id, Salary.effective_from, Salary.annual_salary).order_by(Salary.effective_from)
    if not pay.everyone:  # only the organisation's own staff's rows leave the database
        own = select(Person.id).where(Person.organisation_id == pay.organisation_id)
        salaries = salaries.where(Salary.person_id.in_(own.scalar_subquery()))
    for person_id, since, amount in session.execute(salaries) if shown else ():
        history.setdefault(person_id, []).append((since, amount))
    return [
        StaffRow(
            p.id,
            p.name,
            p.email,
            p.job_title,
            org,
            p.grade,
            p.fte,
            salary_on(history.get(p.id, []), day) if p.id in shown else None,
            p.id in shown,
        )
        for p, org in listed
    ]


STAFF_SHOWN = 50  # people a page of the staff register: a locality's 1,000 on one page were 500 kB


def staff_page(session: Session, wanted: str, page: int, *, pay: PayScope = NO_ONE) -> Shown[StaffRow]:
    """A page of the staff register by name, only those whose name or address holds ``wanted`` (any case)."""
    rows = staff(session, pay=pay)
    if wanted := wanted.strip().lower():
        rows = [row for row in rows if wanted in row.name.lower() or wanted in row.email.lower()]
    return shown(rows, page, STAFF_SHOWN)


def people(session: Session) -> list[Person]:
    """Everyone in the staff register by name: for choosing people (no pay read)."""
    return list(session.scalars(select(Person).order_by(Person.name, Person.email)))


def person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def person_by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(Person.email == email))


def partnership(session: Session, partnership_id: int) -> Partnership | None:
    return session.get(Partnership, partnership_id)


def partnerships(session: Session) -> list[Partnership]:
    """By name, for choosing one."""
    return list(session.scalars(select(Partnership).order_by(Partnership.name)))


def partnerships_led_by(session: Session, email: str) -> set[int]:
    return set(session.scalars(select(Partnership.id).where(Partnership.lead_email == email)))


def partnership_outline(session: Session) -> list[tuple[int, Partnership]]:
    """(depth, partnership) in register order, each followed by the partnerships under it."""
    items = {p.id: p for p in session.scalars(select(Partnership).order_by(Partnership.position, Partnership.name))}
    return [(depth, items[node]) for depth, node in walk([(p.id, p.parent_id) for p in items.values()])]


def grades(session: Session) -> list[Grade]:
    return list(session.scalars(select(Grade).order_by(Grade.name)))


def standard_rates(session: Session) -> list[StandardRate]:
    """Finance's table of standard rates: the latest year first, then by grade."""
    order = (StandardRate.financial_year.desc(), func.lower(StandardRate.grade))
    return list(session.scalars(select(StandardRate).order_by(*order)))


def organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_name(session: Session, organisation_id: int) -> str | None:
    return session.scalar(select(Organisation.name).where(Organisation.id == organisation_id))


def directorates(session: Session) -> list[str]:
    return sorted({d for d in session.scalars(select(Person.directorate).distinct()) if d})


def oncost_rates(session: Session) -> list[tuple[OnCostRate, Organisation]]:
    query = select(OnCostRate, Organisation).join(Organisation).order_by(Organisation.name, OnCostRate.financial_year)
    return [(rate, org) for rate, org in session.execute(query)]


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def describe(o: OnCosts) -> str:
    return (
        f"NI {rate_text(o.employer_ni_rate)} above £{o.ni_threshold:,.0f}, pension {rate_text(o.pension_rate)}, "
        f"levy {rate_text(o.apprenticeship_levy_rate)}, other {rate_text(o.other_rate)}"
    )


def oncost_table(session: Session, year: int | None = None) -> list[str]:
    """The on-costs in force for each organisation in a financial year (default: the current one), as text,
    each set with its source on the line below."""
    year = year if year is not None else financial_year(today())
    lines = [f"Financial year {year_label(year)}", f"  default: {describe(default_oncosts(year))}"]
    rates = {r.organisation_id: r for r in session.scalars(select(OnCostRate).where(OnCostRate.financial_year == year))}
    for org in organisations(session):
        rate = rates.get(org.id)
        if rate is None:
            lines.append(f"  {org.name}: default")
        else:
            oncosts = OnCosts(
                rate.employer_ni_rate,
                rate.ni_threshold,
                rate.pension_rate,
                rate.apprenticeship_levy_rate,
                rate.other_rate,
            )
            lines.append(f"  {org.name}: {describe(oncosts)}")
            if rate.source:
                lines.append(f"    source: {rate.source}")
    return lines
