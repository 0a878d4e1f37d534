"""Figures per meeting: every costed attendance (finance's meetings file) and the costliest recurring series."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.rounding import hours as hours_of
from ..models import Attendance, Meeting, MonthlySeries, Partnership, Person
from . import basis
from .scope import scoped, starting_within
from .sums import split

BATCH = 1000  # rows fetched at a time by the meetings file
MOST_NAMED = 500  # series named in one query at the most


@dataclass(frozen=True)
class MeetingRow:
    start: datetime
    end: datetime
    title: str
    partnership: str
    person: str
    email: str
    seconds: int
    hourly_rate: Decimal | None
    cost: Decimal | None

    @property
    def hours(self) -> Decimal:
        return hours_of(self.seconds)


def meeting_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> Iterator[MeetingRow]:
    """Every attributed attendance in the period, in one order on every database, fetched in batches as it
    is read (a year of an organisation is far more than a page should hold in memory)."""
    query = (
        select(
            Attendance.start,
            Meeting.end,
            Meeting.title,
            Partnership.name,
            Person.name,
            Person.email,
            Attendance.seconds,
            basis.rate(session),
            basis.cost(session, Attendance),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .join(Person, Person.id == Attendance.person_id)
        .order_by(Attendance.start, Meeting.title, Person.name, Attendance.meeting_id)
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
    """Meeting series by cost, scaled to a year from the period's cost (cost x 364 / its days, ``domain.annual``).

    The few series that can be among the costliest are found from the monthly series sums; only those are
    then added up from the rows. With people chosen (the sums cover everyone) all of it is read from the rows.
    """
    by_people = filters.organisation_id is not None or filters.directorate or filters.person_id is not None
    chosen = None if by_people else _costliest(session, period, filters, limit)
    cost = basis.cost(session, Attendance)
    query = (
        select(
            Meeting.series_key,
            func.max(Meeting.title),
            func.max(Partnership.name),
            func.count(func.distinct(Attendance.meeting_id)),
            func.sum(Attendance.seconds),
            func.sum(cost),
            func.count(func.distinct(Attendance.person_id)),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .group_by(Meeting.series_key)
        .having(func.count(func.distinct(Attendance.meeting_id)) > 1)
        .order_by(func.sum(cost).desc().nulls_last(), func.max(Meeting.title), Meeting.series_key)
        .limit(limit)
    )
    if chosen is not None:
        query = query.where(Meeting.series_key.in_(chosen))
    return [
        SeriesFigure(k, t, p, n, hours_of(int(h or 0)), c or Decimal(0), people, period.per_year(c or Decimal(0)))
        for k, t, p, n, h, c, people in session.execute(scoped(query, period, filters))
    ]


def _costliest(session: Session, period: Period, filters: Filters, limit: int) -> list[str] | None:
    """The series of more than one meeting that cost at least what the ``limit``-th costliest does (ties
    included: the title decides between them), from the monthly sums and the rows of part-months; None
    when there are too many to name (every series uncosted, say)."""
    held = union_all(*_series_sums(session, period, filters)).subquery()
    query = (
        select(held.c.series_key, func.sum(held.c.cost))
        .group_by(held.c.series_key)
        .having(func.sum(held.c.meetings) > 1)  # a meeting is in one month and one partnership: they add up
        .order_by(func.sum(held.c.cost).desc().nulls_last())
    )
    chosen: list[str] = []
    edge = None
    for key, cost in session.execute(query):
        if len(chosen) >= limit and cost != edge:
            break
        if len(chosen) == MOST_NAMED:
            return None
        chosen.append(key)
        edge = cost
    return chosen


def _series_sums(session: Session, period: Period, filters: Filters) -> list[Select]:
    """(series, meetings, cost) of the whole months from the monthly sums, of the part-months from the rows."""
    parts = split(period)
    queries = []
    if parts.months:
        query = select(
            MonthlySeries.series_key, MonthlySeries.meetings, basis.cost(session, MonthlySeries).label("cost")
        )
        query = query.where(MonthlySeries.month >= parts.months[0], MonthlySeries.month <= parts.months[1])
        if filters.partnership_ids is not None:
            query = query.where(MonthlySeries.partnership_id.in_(filters.partnership_ids))
        queries.append(query)
    for end in parts.ends:
        query = select(
            Meeting.series_key.label("series_key"),
            func.count(func.distinct(Attendance.meeting_id)).label("meetings"),
            func.sum(basis.cost(session, Attendance)).label("cost"),
        )
        query = query.join(Meeting, Meeting.id == Attendance.meeting_id).group_by(Meeting.series_key)
        queries.append(scoped(query, end, filters))
    return queries
