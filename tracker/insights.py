"""Figures for the dashboard and the partnership and person pages: SQL aggregates over attendances.

Each function returns plain rows carrying the number of distinct people a
figure covers, so the views can hide costs that would reveal someone's pay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .models import Attendance, Meeting, Organisation, Partnership, Person
from .scope import Filters, Period, people_in, scoped


@dataclass(frozen=True)
class Totals:
    hours: Decimal
    cost: Decimal
    partnerships: int
    people: int
    meetings: int
    uncosted: int
    staff_in_scope: int
    available_hours: Decimal

    @property
    def share_of_time(self) -> Decimal:
        """Partnership meeting hours as a share of the working time of the staff in scope."""
        return self.hours / self.available_hours if self.available_hours else Decimal(0)


def totals(session: Session, period: Period, filters: Filters, productive_hours: Fraction) -> Totals:
    row = session.execute(
        scoped(
            select(
                func.sum(Attendance.hours),
                func.sum(Attendance.cost),
                func.count(func.distinct(Attendance.partnership_id)),
                func.count(func.distinct(Attendance.person_id)),
                func.count(func.distinct(Attendance.meeting_id)),
                func.count(Attendance.id) - func.count(Attendance.cost),
            ),
            period,
            filters,
        )
    ).one()
    staff = session.execute(
        select(func.count(Person.id), func.sum(Person.fte)).where(Person.id.in_(people_in(filters)))
    ).one()
    days = (period.end - period.start).days + 1
    fte = staff[1] or Decimal(0)
    available = Decimal(productive_hours.numerator) / Decimal(productive_hours.denominator) * fte * days / 365
    return Totals(row[0] or Decimal(0), row[1] or Decimal(0), row[2], row[3], row[4], row[5], staff[0], available)


@dataclass
class PartnershipFigure:
    id: int
    name: str
    parent_id: int | None
    depth: int = 0
    meetings: int = 0
    hours: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    people: set[int] = field(default_factory=set)
    rolled_hours: Decimal = Decimal(0)
    rolled_cost: Decimal = Decimal(0)
    rolled_people: set[int] = field(default_factory=set)
    children: list[int] = field(default_factory=list)


def partnership_tree(session: Session, period: Period, filters: Filters) -> list[PartnershipFigure]:
    """Every partnership with its own and its subtree's figures, in tree order."""
    items = {
        p.id: PartnershipFigure(p.id, p.name, p.parent_id)
        for p in session.scalars(select(Partnership).order_by(Partnership.position, Partnership.name))
    }
    pairs = session.execute(
        scoped(
            select(
                Attendance.partnership_id, Attendance.person_id, func.sum(Attendance.hours), func.sum(Attendance.cost)
            ).group_by(Attendance.partnership_id, Attendance.person_id),
            period,
            filters,
        )
    )
    for pid, person, hours, cost in pairs:
        item = items[pid]
        item.hours += hours or 0
        item.cost += cost or 0
        item.people.add(person)
    meetings = session.execute(
        scoped(
            select(Attendance.partnership_id, func.count(func.distinct(Attendance.meeting_id))).group_by(
                Attendance.partnership_id
            ),
            period,
            filters,
        )
    )
    for pid, count in meetings:
        items[pid].meetings = count
    for item in items.values():
        if item.parent_id in items:
            items[item.parent_id].children.append(item.id)
    ordered: list[PartnershipFigure] = []

    def walk(pid: int, depth: int) -> None:
        item = items[pid]
        item.depth = depth
        ordered.append(item)
        item.rolled_hours, item.rolled_cost, item.rolled_people = item.hours, item.cost, set(item.people)
        for child in item.children:
            walk(child, depth + 1)
            sub = items[child]
            item.rolled_hours += sub.rolled_hours
            item.rolled_cost += sub.rolled_cost
            item.rolled_people |= sub.rolled_people

    for item in list(items.values()):
        if item.parent_id not in items:
            walk(item.id, 0)
    return ordered


def descendants(tree: list[PartnershipFigure], root: int) -> tuple[int, ...]:
    by_id = {p.id: p for p in tree}
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(by_id[pid].children if pid in by_id else [])
    return tuple(out)


@dataclass(frozen=True)
class MonthFigure:
    month: date
    hours: Decimal
    cost: Decimal
    people: int


def by_month(session: Session, period: Period, filters: Filters) -> list[MonthFigure]:
    query = scoped(
        select(
            Attendance.month,
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
            func.count(func.distinct(Attendance.person_id)),
        )
        .group_by(Attendance.month)
        .order_by(Attendance.month),
        period,
        filters,
    )
    return [MonthFigure(m, h or Decimal(0), c or Decimal(0), n) for m, h, c, n in session.execute(query)]


@dataclass(frozen=True)
class MatrixCell:
    person_id: int
    person: str
    partnership_id: int
    partnership: str
    hours: Decimal


def hats(session: Session, period: Period, filters: Filters) -> list[MatrixCell]:
    """Hours of each person in each partnership: who wears which hats."""
    query = scoped(
        select(Person.id, Person.name, Partnership.id, Partnership.name, func.sum(Attendance.hours))
        .join(Person, Person.id == Attendance.person_id)
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .group_by(Person.id, Person.name, Partnership.id, Partnership.name)
        .order_by(Person.name, Partnership.name),
        period,
        filters,
    )
    return [MatrixCell(*row) for row in session.execute(query)]


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


def recurring_meetings(session: Session, period: Period, filters: Filters, limit: int = 10) -> list[SeriesFigure]:
    """Meeting series by cost, scaled to a year from the period's cost."""
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
        .order_by(func.sum(Attendance.cost).desc())
        .limit(limit),
        period,
        filters,
    )
    days = Decimal((period.end - period.start).days + 1)
    return [
        SeriesFigure(k, t, p, n, h or Decimal(0), c or Decimal(0), people, (c or Decimal(0)) * 365 / days)
        for k, t, p, n, h, c, people in session.execute(query)
    ]


@dataclass(frozen=True)
class PersonFigure:
    partnership_id: int
    partnership: str
    meetings: int
    hours: Decimal
    cost: Decimal | None


def person_partnerships(session: Session, period: Period, person_id: int) -> list[PersonFigure]:
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
        .order_by(func.sum(Attendance.hours).desc()),
        period,
        Filters(person_id=person_id),
    )
    return [PersonFigure(i, n, m, h, None if unc else c) for i, n, m, h, c, unc in session.execute(query)]


@dataclass(frozen=True)
class MeetingFigure:
    meeting_id: int
    start: datetime
    end: datetime
    title: str
    people: int
    hours: Decimal
    cost: Decimal


def partnership_meetings(session: Session, period: Period, partnership_id: int) -> list[MeetingFigure]:
    query = scoped(
        select(
            Meeting.id,
            Meeting.start,
            Meeting.end,
            Meeting.title,
            func.count(Attendance.person_id),
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .group_by(Meeting.id, Meeting.start, Meeting.end, Meeting.title)
        .order_by(Meeting.start),
        period,
        Filters(partnership_ids=(partnership_id,)),
    )
    return [
        MeetingFigure(i, s, e, t, n, h or Decimal(0), c or Decimal(0)) for i, s, e, t, n, h, c in session.execute(query)
    ]


def attendees_of_partnership(session: Session, period: Period, partnership_id: int) -> list[tuple]:
    """(person id, name, organisation, meetings, hours, cost) for everyone who attended."""
    query = scoped(
        select(
            Person.id,
            Person.name,
            func.coalesce(Organisation.name, ""),
            func.count(Attendance.meeting_id),
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
        )
        .join(Person, Person.id == Attendance.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .group_by(Person.id, Person.name, Organisation.name)
        .order_by(func.sum(Attendance.hours).desc()),
        period,
        Filters(partnership_ids=(partnership_id,)),
    )
    return list(session.execute(query))


def unattributed_lookalikes(session: Session, words: list[str], limit: int = 10) -> list[tuple[str, int]]:
    """Unattributed meeting titles that share a word with a partnership's keywords."""
    if not words:
        return []
    conditions = [Meeting.title.ilike(f"%{w}%") for w in words if len(w) >= 3]
    if not conditions:
        return []
    query = (
        select(Meeting.title, func.count(Meeting.id))
        .where(Meeting.partnership_id.is_(None), Meeting.private.is_(False), or_(*conditions))
        .group_by(Meeting.title)
        .order_by(func.count(Meeting.id).desc())
        .limit(limit)
    )
    return [(t, n) for t, n in session.execute(query)]


def meetings_per_day(session: Session, period: Period, partnership_id: int) -> dict[date, int]:
    """For the calendar heat map: how many of the partnership's meetings started each day."""
    query = scoped(
        select(Attendance.local_day, func.count(func.distinct(Attendance.meeting_id))).group_by(Attendance.local_day),
        period,
        Filters(partnership_ids=(partnership_id,)),
    )
    counts: dict[date, int] = defaultdict(int)
    for day, n in session.execute(query):
        counts[day] = n
    return counts
