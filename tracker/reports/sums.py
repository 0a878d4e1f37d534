"""Sums of attributed attendances over a period, read from the monthly figures for the months the period
covers whole and from the attendance rows only for the part-months at its ends.

So a figure's time depends on how many partnerships, people and months it shows, not on how many
meetings there were. Both sources add up the same rows (``store.monthly`` keeps them in step), so the
result is exactly what summing the rows over the period gives; a test compares the two.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import BigInteger, ColumnElement, Select, func, select, type_coerce
from sqlalchemy.orm import Session

from ..domain.periods import Filters, Period
from ..domain.rounding import hours as hours_of
from ..models import MONEY_PLACES, Attendance, MonthlyFigure, MonthlyMeetings
from . import basis
from .remembered import remembered
from .scope import people_in, scoped

KEYS = {
    "partnership": ("partnership_id",),
    "month": ("month",),
    "person": ("person_id",),
    "partnership and person": ("partnership_id", "person_id"),
    "month and person": ("month", "person_id"),
    "month and partnership": ("month", "partnership_id"),
}


@dataclass
class Sums:
    """Time as whole seconds and money as pence, summed exactly: hours are worked out once, from the
    seconds, only when shown (``domain.rounding``), so sums of them never add recurring decimals."""

    attendances: int = 0
    uncosted: int = 0
    seconds: int = 0
    cost: Decimal = Decimal(0)
    people: set[int] = field(default_factory=set)
    meetings: int = 0

    @property
    def hours(self) -> Decimal:
        return hours_of(self.seconds)


@dataclass(frozen=True)
class Split:
    """A period as whole months (first and last, or None) and the part-months left at its ends."""

    months: tuple[date, date] | None
    ends: tuple[Period, ...]


def split(period: Period) -> Split:
    first = period.start if period.start.day == 1 else next_month(period.start)
    month_end = next_month(period.end) - timedelta(days=1) == period.end
    after = next_month(period.end) if month_end else period.end.replace(day=1)
    if first >= after:  # no whole month inside: all of it from the rows
        return Split(None, (period,))
    ends = []
    if period.start < first:
        ends.append(Period(period.start, first - timedelta(days=1)))
    if after <= period.end:
        ends.append(Period(after, period.end))
    last_month = _previous_month(after)
    return Split((first, last_month), tuple(ends))


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _previous_month(first_of_month: date) -> date:
    return (first_of_month - timedelta(days=1)).replace(day=1)


def figures(session: Session, period: Period, filters: Filters, by: str) -> dict[tuple, Sums]:
    """Attendances, hours, cost, people and meetings of the period, by ``partnership``, ``month``, ``person``,
    ``partnership and person``, ``month and person`` or ``month and partnership``."""
    keys = KEYS[by]
    parts = split(period)
    units: dict[tuple, _Units] = defaultdict(_Units)
    for row in _by_person(session, keys, parts, filters):
        key, (person, attendances, uncosted, seconds, cost) = row[: len(keys)], row[-5:]
        unit = units[key]
        unit.attendances += attendances
        unit.uncosted += uncosted
        unit.seconds += seconds
        if cost:
            unit.cost = cost + (unit.cost or 0)
        unit.people.add(person)
    out: dict[tuple, Sums] = defaultdict(Sums, {key: u.sums() for key, u in units.items()})
    if "person_id" not in keys:

        def count() -> tuple:
            return tuple(_meetings(session, keys, parts, period, filters).items())

        for key, meetings in remembered(session, ("meetings", keys, period, filters), count):
            out[key].meetings += meetings
    else:  # a person attends a meeting once: their meetings are their attendances
        for sums in out.values():
            sums.meetings = sums.attendances
    return dict(out)


@dataclass
class _Units:
    """Sums as the whole numbers of units the columns store (seconds, pence): added up without making a
    ``Decimal`` of every row, exactly, and made decimals once per key."""

    attendances: int = 0
    uncosted: int = 0
    seconds: int = 0
    cost: int | None = None
    people: set[int] = field(default_factory=set)

    def sums(self) -> Sums:
        return Sums(
            self.attendances,
            self.uncosted,
            self.seconds,
            _decimal(self.cost, MONEY_PLACES),
            self.people,
        )


def _decimal(units: int | None, places: int) -> Decimal:
    """What adding the column's decimals to ``Decimal(0)`` gives: the same value and exponent."""
    return Decimal(0) if units is None else Decimal(units).scaleb(-places)


def _by_person(session: Session, keys: tuple[str, ...], parts: Split, filters: Filters) -> tuple[tuple, ...]:
    """The period's sums by the keys and person: ``(*keys, person, attendances, uncosted, seconds, cost)``.

    Sums by partnership and by partnership and person add up the same rows, so a page that shows
    both reads them once (``remembered``)."""
    grouping = tuple(k for k in keys if k != "person_id")

    def read() -> tuple[tuple, ...]:
        rows: list[tuple] = []
        queries = [_monthly(session, grouping, parts.months, filters)] if parts.months else []
        queries += [_rows(session, grouping, end, filters) for end in parts.ends]
        for query in queries:
            rows.extend((*row[:-2], int(row[-2] or 0), int(row[-1] or 0)) for row in session.execute(query))
        return tuple(rows)

    rows = remembered(session, ("by person", grouping, parts, filters), read)
    if "person_id" in keys:  # the person is the last key as well as the row's person
        return tuple((*row[: len(grouping)], row[len(grouping)], *row[len(grouping) :]) for row in rows)
    return rows


def _units(column) -> ColumnElement[int]:
    """The sum of a column of whole units (seconds, or a ``Scaled`` column's pence) as a whole number."""
    return type_coerce(func.sum(column), BigInteger)


def _monthly(session: Session, keys: tuple[str, ...], months: tuple[date, date], filters: Filters) -> Select:
    columns = [getattr(MonthlyFigure, k) for k in keys]
    query = select(
        *columns,
        MonthlyFigure.person_id,
        func.sum(MonthlyFigure.attendances),
        func.sum(basis.uncosted_sum(session)),
        _units(MonthlyFigure.seconds),
        _units(basis.cost(session, MonthlyFigure)),
    ).where(MonthlyFigure.month >= months[0], MonthlyFigure.month <= months[1])
    if filters.organisation_id is not None or filters.directorate:
        query = query.where(MonthlyFigure.person_id.in_(people_in(filters)))
    if filters.person_id is not None:
        query = query.where(MonthlyFigure.person_id == filters.person_id)
    if filters.partnership_ids is not None:
        query = query.where(MonthlyFigure.partnership_id.in_(filters.partnership_ids))
    return query.group_by(*columns, MonthlyFigure.person_id)


def _rows(session: Session, keys: tuple[str, ...], period: Period, filters: Filters) -> Select:
    columns = [getattr(Attendance, k) for k in keys]
    query = select(
        *columns,
        Attendance.person_id,
        func.count(Attendance.id),
        basis.uncosted_rows(session),
        _units(Attendance.seconds),
        _units(basis.cost(session, Attendance)),
    ).group_by(*columns, Attendance.person_id)
    return scoped(query, period, filters)


def _meetings(
    session: Session, keys: tuple[str, ...], parts: Split, period: Period, filters: Filters
) -> dict[tuple, int]:
    """Meetings held, by key: a meeting counts once, in the month (and so the part) it starts in."""
    counts: dict[tuple, int] = defaultdict(int)
    by_people = filters.organisation_id is not None or filters.directorate or filters.person_id is not None
    if by_people:  # the monthly counts cover everyone: count the chosen people's meetings from their rows
        spans: tuple[Period, ...] = (period,)
    else:
        spans = parts.ends
        if parts.months:
            columns = [getattr(MonthlyMeetings, k) for k in keys]
            query = select(*columns, func.sum(MonthlyMeetings.meetings)).where(
                MonthlyMeetings.month >= parts.months[0], MonthlyMeetings.month <= parts.months[1]
            )
            if filters.partnership_ids is not None:
                query = query.where(MonthlyMeetings.partnership_id.in_(filters.partnership_ids))
            for *key, n in session.execute(query.group_by(*columns)):
                counts[tuple(key)] += n
    columns = [getattr(Attendance, k) for k in keys]
    for span in spans:
        query = select(*columns, func.count(func.distinct(Attendance.meeting_id))).group_by(*columns)
        for *key, n in session.execute(scoped(query, span, filters)):
            counts[tuple(key)] += n
    return counts
