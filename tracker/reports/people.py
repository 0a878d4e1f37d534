"""Figures per person: time in each partnership, who wears which hats, and who could not be costed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..models import Attendance, Partnership, Person
from .scope import scoped


@dataclass(frozen=True)
class PersonRow:
    partnership: str
    person_id: int
    person: str
    email: str
    hours: Decimal
    cost: Decimal | None  # None: some of this time could not be costed


def people_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[PersonRow]:
    query = (
        select(
            Partnership.name,
            Person.id,
            Person.name,
            Person.email,
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
            func.count(Attendance.id) - func.count(Attendance.cost),
        )
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .join(Person, Person.id == Attendance.person_id)
        .group_by(Partnership.name, Person.id, Person.name, Person.email)
        .order_by(Partnership.name, Person.name)
    )
    return [
        PersonRow(part, pid, name, email, hours, None if uncosted else cost)
        for part, pid, name, email, hours, cost, uncosted in session.execute(scoped(query, period, filters))
    ]


@dataclass(frozen=True)
class PersonFigure:
    partnership_id: int
    partnership: str
    meetings: int
    hours: Decimal
    cost: Decimal | None


def person_partnerships(session: Session, period: Period, person_id: int) -> list[PersonFigure]:
    """One person's partnerships, most hours first."""
    query = scoped(
        select(
            Partnership.id,
            Partnership.name,
            func.count(func.distinct(Attendance.meeting_id)),
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
            func.count(Attendance.id) - func.count(Attendance.cost),
        )
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .group_by(Partnership.id, Partnership.name)
        .order_by(func.sum(Attendance.hours).desc(), Partnership.name),
        period,
        Filters(person_id=person_id),
    )
    return [PersonFigure(i, n, m, h, None if unc else c) for i, n, m, h, c, unc in session.execute(query)]


@dataclass(frozen=True)
class HatsMatrix:
    """Hours of each person (rows) in each partnership (columns): who wears which hats."""

    people: list[str]
    partnerships: list[str]
    hours: dict[tuple[str, str], Decimal]

    def grid(self) -> list[list[Decimal | None]]:
        return [[self.hours.get((p, q)) for q in self.partnerships] for p in self.people]


def hats(session: Session, period: Period, filters: Filters = NO_FILTERS) -> HatsMatrix:
    """People are rows by name; two people of the same name are told apart by their address."""
    query = scoped(
        select(Person.id, Person.name, Person.email, Partnership.name, func.sum(Attendance.hours))
        .join(Person, Person.id == Attendance.person_id)
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .group_by(Person.id, Person.name, Person.email, Partnership.id, Partnership.name),
        period,
        filters,
    )
    rows = session.execute(query).all()
    names: dict[str, set[int]] = {}
    for pid, name, *_ in rows:
        names.setdefault(name, set()).add(pid)
    hours = {
        (name if len(names[name]) == 1 else f"{name} <{email}>", partnership): total
        for _, name, email, partnership, total in rows
    }
    return HatsMatrix(sorted({p for p, _ in hours}), sorted({q for _, q in hours}), hours)


@dataclass(frozen=True)
class UncostedRow:
    person: str
    email: str
    attendances: int
    hours: Decimal


def uncosted_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[UncostedRow]:
    """People whose partnership time has no salary or grade to cost it: reported, never zero."""
    query = (
        select(Person.name, Person.email, func.count(Attendance.id), func.sum(Attendance.hours))
        .join(Person, Person.id == Attendance.person_id)
        .where(Attendance.cost.is_(None))
        .group_by(Person.name, Person.email)
        .order_by(Person.name)
    )
    return [UncostedRow(*row) for row in session.execute(scoped(query, period, filters))]
