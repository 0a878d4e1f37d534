"""The only reader of figures: one function per family, each a SQL aggregate over attendances.

The CLI exports, the dashboard and the JSON endpoints all call these, so a
number is computed in one place and cannot differ between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from .models import Attendance, Meeting, Partnership, Person
from .scope import NO_FILTERS, Filters, Period, scoped

__all__ = ["Filters", "Period"]


@dataclass(frozen=True)
class PartnershipRow:
    partnership_id: int
    partnership: str
    parent: str
    meetings: int
    attendances: int
    hours: Decimal
    cost: Decimal
    uncosted_attendances: int
    people: int = 0


@dataclass(frozen=True)
class PersonRow:
    partnership: str
    person_id: int
    person: str
    email: str
    hours: Decimal
    cost: Decimal | None


@dataclass(frozen=True)
class MeetingRow:
    start: datetime
    end: datetime
    title: str
    partnership: str
    person: str
    email: str
    hours: Decimal
    hourly_rate: Decimal | None
    cost: Decimal | None


@dataclass(frozen=True)
class UncostedRow:
    person: str
    email: str
    attendances: int
    hours: Decimal


def partnership_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[PartnershipRow]:
    parent = aliased(Partnership)
    query = (
        select(
            Partnership.id,
            Partnership.name,
            func.coalesce(parent.name, ""),
            func.count(func.distinct(Attendance.meeting_id)),
            func.count(Attendance.id),
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
            func.count(Attendance.id) - func.count(Attendance.cost),
            func.count(func.distinct(Attendance.person_id)),
        )
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .outerjoin(parent, parent.id == Partnership.parent_id)
        .group_by(Partnership.id, Partnership.name, parent.name)
        .order_by(func.sum(Attendance.cost).desc(), Partnership.name)
    )
    return [
        PartnershipRow(pid, name, par, m, a, hours or Decimal(0), cost or Decimal(0), unc, people)
        for pid, name, par, m, a, hours, cost, unc, people in session.execute(scoped(query, period, filters))
    ]


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


def meeting_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[MeetingRow]:
    query = (
        select(
            Attendance.start,
            Meeting.end,
            Meeting.title,
            Partnership.name,
            Person.name,
            Person.email,
            Attendance.hours,
            Attendance.hourly_rate,
            Attendance.cost,
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .join(Person, Person.id == Attendance.person_id)
        .order_by(Attendance.start, Meeting.title, Person.name)
    )
    return [MeetingRow(*row) for row in session.execute(scoped(query, period, filters))]


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
