"""Figures per meeting: every costed attendance (finance's meetings file) and the costliest recurring series."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..models import Attendance, Meeting, Partnership, Person
from .scope import scoped, starting_within

BATCH = 1000  # rows fetched at a time by the meetings file


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


def meeting_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> Iterator[MeetingRow]:
    """Every attributed attendance in the period, fetched in batches as it is read (a year of an
    organisation is far more than a page should hold in memory)."""
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
    query = starting_within(scoped(query, period, filters), period)
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        yield MeetingRow(*row)


@dataclass(frozen=True)
class SeriesFigure:
    series_key: str
    title: str
    partnership: str
    occurrences: int
    hours: Decimal
    cost: Decimal
    people: int
    annual_cost: Decimal


def recurring_meetings(
    session: Session, period: Period, filters: Filters = NO_FILTERS, limit: int = 10
) -> list[SeriesFigure]:
    """Meeting series by cost, scaled to a year from the period's cost (cost x 365 / days in the period)."""
    query = scoped(
        select(
            Meeting.series_key,
            func.max(Meeting.title),
            func.max(Partnership.name),
            func.count(func.distinct(Attendance.meeting_id)),
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
            func.count(func.distinct(Attendance.person_id)),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .group_by(Meeting.series_key)
        .having(func.count(func.distinct(Attendance.meeting_id)) > 1)
        .order_by(func.sum(Attendance.cost).desc(), func.max(Meeting.title), Meeting.series_key)
        .limit(limit),
        period,
        filters,
    )
    days = Decimal(period.days)
    return [
        SeriesFigure(k, t, p, n, h or Decimal(0), c or Decimal(0), people, (c or Decimal(0)) * 365 / days)
        for k, t, p, n, h, c, people in session.execute(query)
    ]
