"""Figures per partnership: the flat rows finance exports, the tree with its roll-ups, and one partnership's detail.

The tree is built from the same flat rows as the CSV and the JSON API, so a
partnership's own hours and cost are one figure wherever they appear.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.rounding import hours as hours_of
from ..domain.tree import walk
from ..models import Attendance, Meeting, Organisation, Partnership, Person, UnattributedTitle
from . import basis
from .scope import scoped
from .sums import Sums, figures


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


def partnership_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[PartnershipRow]:
    """Each partnership with attendances in the period: its own meetings, hours and cost (not those below it),
    costliest first."""
    return _rows(session, figures(session, period, filters, "partnership"))


def _rows(session: Session, sums: dict[tuple, Sums]) -> list[PartnershipRow]:
    parent = aliased(Partnership)
    names = session.execute(
        select(Partnership.id, Partnership.name, func.coalesce(parent.name, ""))
        .outerjoin(parent, parent.id == Partnership.parent_id)
        .where(Partnership.id.in_([pid for (pid,) in sums]))
    )
    rows = [
        PartnershipRow(pid, name, par, s.meetings, s.attendances, s.hours, s.cost, s.uncosted, len(s.people))
        for pid, name, par in names
        for s in (sums[(pid,)],)
    ]
    return sorted(rows, key=lambda r: (-r.cost, r.partnership))


@dataclass
class PartnershipFigure:
    """A partnership in the tree: its own figures and its subtree's (``rolled_*``), with who they cover.
    Time is summed as seconds, so a subtree's hours are rounded once from its exact time."""

    id: int
    name: str
    parent_id: int | None
    depth: int = 0
    meetings: int = 0
    seconds: int = 0
    cost: Decimal = Decimal(0)
    people: set[int] = field(default_factory=set)
    rolled_seconds: int = 0
    rolled_cost: Decimal = Decimal(0)
    rolled_people: set[int] = field(default_factory=set)
    children: list[int] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return hours_of(self.seconds)

    @property
    def rolled_hours(self) -> Decimal:
        return hours_of(self.rolled_seconds)


def partnership_tree(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[PartnershipFigure]:
    """Every partnership with its own and its subtree's figures, in tree order."""
    items = {
        p.id: PartnershipFigure(p.id, p.name, p.parent_id)
        for p in session.scalars(select(Partnership).order_by(Partnership.position, Partnership.name))
    }
    for (pid,), sums in figures(session, period, filters, "partnership").items():
        item = items[pid]
        item.meetings, item.seconds, item.cost, item.people = sums.meetings, sums.seconds, sums.cost, set(sums.people)
    ordered = []
    for depth, node in walk([(p.id, p.parent_id) for p in items.values()]):
        item = items[node]
        item.depth = depth
        item.rolled_seconds, item.rolled_cost, item.rolled_people = item.seconds, item.cost, set(item.people)
        if item.parent_id in items:
            items[item.parent_id].children.append(item.id)
        ordered.append(item)
    for item in reversed(ordered):  # children before their parents: each subtree adds up into its root
        if item.parent_id in items:
            parent = items[item.parent_id]
            parent.rolled_seconds += item.rolled_seconds
            parent.rolled_cost += item.rolled_cost
            parent.rolled_people |= item.rolled_people
    return ordered


def branch(tree: list[PartnershipFigure], root: int | None) -> list[PartnershipFigure]:
    """What a drill-down shows: the partnerships directly under ``root`` (or the top level), costliest first."""
    shown = [p for p in tree if (p.parent_id == root if root else p.depth == 0)]
    return sorted(shown, key=lambda p: p.rolled_cost, reverse=True)


@dataclass(frozen=True)
class MeetingFigure:
    meeting_id: int
    start: datetime
    end: datetime
    title: str
    people: int
    hours: Decimal
    cost: Decimal


def partnership_meetings(
    session: Session, period: Period, partnership_id: int, *, offset: int = 0, limit: int | None = None
) -> list[MeetingFigure]:
    """The partnership's meetings in the period in the order they started, ``limit`` of them from ``offset``."""
    query = scoped(
        select(
            Meeting.id,
            Meeting.start,
            Meeting.end,
            Meeting.title,
            func.count(Attendance.person_id),
            func.sum(Attendance.seconds),
            func.sum(basis.cost(session, Attendance)),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .group_by(Meeting.id, Meeting.start, Meeting.end, Meeting.title)
        .order_by(Meeting.start, Meeting.id)
        .offset(offset)
        .limit(limit),
        period,
        Filters(partnership_ids=(partnership_id,)),
    )
    return [
        MeetingFigure(i, s, e, t, n, hours_of(int(h or 0)), c or Decimal(0))
        for i, s, e, t, n, h, c in session.execute(query)
    ]


def meetings_held(session: Session, period: Period, partnership_id: int) -> int:
    """How many meetings ``partnership_meetings`` has in all."""
    query = select(func.count(func.distinct(Attendance.meeting_id)))
    return session.execute(scoped(query, period, Filters(partnership_ids=(partnership_id,)))).scalar_one()


class AttendeeRow(NamedTuple):
    person_id: int
    name: str
    organisation: str
    meetings: int
    hours: Decimal
    cost: Decimal | None


def attendees(session: Session, period: Period, partnership_id: int) -> list[AttendeeRow]:
    """Everyone who attended the partnership's meetings in the period, most hours first."""
    query = scoped(
        select(
            Person.id,
            Person.name,
            func.coalesce(Organisation.name, ""),
            func.count(Attendance.meeting_id),
            func.sum(Attendance.seconds),
            func.sum(basis.cost(session, Attendance)),
        )
        .join(Person, Person.id == Attendance.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .group_by(Person.id, Person.name, Organisation.name)
        .order_by(func.sum(Attendance.seconds).desc(), Person.name, Person.id),
        period,
        Filters(partnership_ids=(partnership_id,)),
    )
    return [AttendeeRow(p, n, o, m, hours_of(int(s or 0)), c) for p, n, o, m, s, c in session.execute(query)]


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


def unattributed_lookalikes(session: Session, words: list[str], limit: int = 10) -> list[tuple[str, int]]:
    """Unattributed meeting titles that share a word with a partnership's keywords, with how many meetings each
    holds: the review queue's series that count for no partnership, by the title the queue shows them under,
    read from their kept sums (``UnattributedTitle``: a few hundred rows where there are a million meetings)."""
    words = [w for w in words if len(w) >= 3]
    if not words:
        return []
    query = (
        select(UnattributedTitle.title, UnattributedTitle.meetings)
        .where(or_(*(UnattributedTitle.title.ilike(f"%{w}%") for w in words)))
        .order_by(UnattributedTitle.meetings.desc(), UnattributedTitle.title)
        .limit(limit)
    )
    return [(t, n) for t, n in session.execute(query)]
