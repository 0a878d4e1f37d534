"""The year a scenario starts from (``domain.scenarios``): each partnership's seats and meetings over a
period scaled to a year (``domain.annual``) and its scheduled slot, a grade's hourly rate, and the
delegations of several people from one organisation at one meeting."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.rounding import hours as hours_of
from ..domain.scenarios import Board, Delegation, Seat, scheduled_hours, slot
from ..models import MONEY_PLACES, Attendance, Meeting, Person
from . import basis
from .scope import scoped
from .sums import figures


def boards(session: Session, period: Period, partnership_ids: tuple[int, ...]) -> dict[int, Board]:
    """The partnerships as a year of their figures over the period (x 364 / its days), each with its
    scheduled slot over the period."""
    chosen = Filters(partnership_ids=partnership_ids)
    seats: dict[int, list[Seat]] = defaultdict(list)
    for (pid, person), sums in figures(session, period, chosen, "partnership and person").items():
        cost = None if sums.uncosted else period.per_year(sums.cost)
        seats[pid].append(Seat(pid, person, period.per_year(sums.hours), cost))
    found = figures(session, period, chosen, "partnership")
    slots = scheduled_slots(session, period, chosen)
    return {
        pid: Board(
            pid,
            period.per_year(Decimal(sums.meetings)),
            slots.get(pid, Decimal(0)),
            tuple(sorted(seats[pid], key=lambda s: s.person)),
        )
        for (pid,), sums in found.items()
    }


def sitting(session: Session, period: Period, partnership_ids: tuple[int, ...]) -> set[int]:
    """Who sat on any of these partnerships over the period: those a merge's board and a deputy's person are
    chosen from (the people the scenario's figures hold)."""
    chosen = Filters(partnership_ids=partnership_ids)
    return {person for (_, person) in figures(session, period, chosen, "partnership and person")}


def scheduled_slots(session: Session, period: Period, filters: Filters) -> dict[int, Decimal]:
    """Each partnership's scheduled slot over the period: the booked length of each of its costed meetings,
    once however many attended or how their time was shared with other meetings, averaged."""
    query = scoped(
        select(
            Attendance.partnership_id,
            Attendance.meeting_id,
            Meeting.all_day,
            Attendance.start,
            Attendance.end,
            Meeting.end,
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .distinct(),
        period,
        filters,
    )
    lengths: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for pid, meeting, all_day, start, end, booked_end in session.execute(query):
        lengths[pid][meeting] = scheduled_hours(start, end or booked_end, all_day)  # rows before ``end`` was kept
    return {pid: slot(list(found.values())) for pid, found in lengths.items()}


def grade_rate(session: Session, period: Period, grade: str) -> Decimal | None:
    """The hourly rate of a grade in the period, at the session's basis: the costed partnership time of
    everyone on it, cost over hours. None when no one of that grade has costed time in the period."""
    cost = basis.cost(session, Attendance)
    query = scoped(
        select(func.sum(Attendance.seconds), func.sum(cost))
        .join(Person, Person.id == Attendance.person_id)
        .where(Person.grade == grade, cost.is_not(None)),
        period,
    )
    seconds, total = session.execute(query).one()
    return total / hours_of(int(seconds)) if seconds else None


def grades_with_rates(session: Session, period: Period) -> list[str]:
    """The grades a deputy can be costed at: those of the people with costed partnership time in the period
    (read from the sums every page reads, not from a year of attendance rows)."""
    sums = figures(session, period, NO_FILTERS, "person")
    costed = sorted(person for (person,), found in sums.items() if found.attendances > found.uncosted)
    query = select(Person.grade).where(Person.id.in_(costed), Person.grade != "").group_by(Person.grade)
    return list(session.scalars(query.order_by(Person.grade)))


def _seats(session: Session, period: Period, filters: Filters):
    """Every attendance of someone with an organisation, with the size of their organisation's delegation
    at that meeting and their place in it: 1 stays (the longest time, then the dearest, then the first
    in the register), the others would be freed. One pass over the rows, window functions on both
    databases."""
    cost = basis.cost(session, Attendance)
    delegation = (Attendance.partnership_id, Attendance.meeting_id, Person.organisation_id)
    return scoped(
        select(
            Attendance.partnership_id.label("partnership_id"),
            Attendance.meeting_id.label("meeting_id"),
            Person.organisation_id.label("organisation_id"),
            Attendance.person_id.label("person_id"),
            Attendance.seconds.label("seconds"),
            cost.label("cost"),
            func.count().over(partition_by=delegation).label("size"),
            func.row_number()
            .over(
                partition_by=delegation,
                order_by=(Attendance.seconds.desc(), cost.desc().nulls_last(), Attendance.person_id),
            )
            .label("place"),
        )
        .join(Person, Person.id == Attendance.person_id)
        .where(Person.organisation_id.is_not(None)),
        period,
        filters,
    ).subquery()


def delegations(
    session: Session, period: Period, filters: Filters = NO_FILTERS, *, a_year: bool = False
) -> list[Delegation]:
    """Each meeting's group of two or more people from one organisation, the one who stays first, with
    their hours and cost over the period (or, ``a_year``, scaled to a year)."""

    def scale(value: Decimal) -> Decimal:
        return period.per_year(value) if a_year else value

    seats = _seats(session, period, filters)
    rows = session.execute(
        select(
            seats.c.partnership_id,
            seats.c.meeting_id,
            seats.c.organisation_id,
            seats.c.person_id,
            seats.c.seconds,
            seats.c.cost,
        )
        .where(seats.c.size > 1)
        .order_by(seats.c.partnership_id, seats.c.meeting_id, seats.c.organisation_id, seats.c.place)
    )
    members: dict[tuple[int, int, int], list[tuple[int, Decimal, Decimal | None]]] = defaultdict(list)
    for pid, meeting, organisation, person, seconds, amount in rows:
        members[(pid, meeting, organisation)].append(
            (person, scale(hours_of(seconds)), None if amount is None else scale(amount))
        )
    return [Delegation(pid, meeting, tuple(group)) for (pid, meeting, _), group in members.items()]


@dataclass(frozen=True)
class SendOneSums:
    """A partnership's delegations summed: what its people beyond one per organisation spent."""

    partnership_id: int
    meetings: int
    extra_seats: int
    seconds: int
    cost: Decimal | None  # None: some of that time has no cost
    people: int

    @property
    def hours(self) -> Decimal:
        return hours_of(self.seconds)


def send_one_sums(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[SendOneSums]:
    """The seats beyond the first of each delegation, summed per partnership in the database."""
    seats = _seats(session, period, filters)
    freed = seats.c.place > 1
    query = (
        select(
            seats.c.partnership_id,
            func.count(func.distinct(seats.c.meeting_id)),
            func.count().filter(freed),
            type_coerce(func.sum(seats.c.seconds).filter(freed), BigInteger),
            type_coerce(func.sum(seats.c.cost).filter(freed), BigInteger),
            func.count().filter(freed & seats.c.cost.is_(None)),
            func.count(func.distinct(seats.c.person_id)).filter(freed),
        )
        .where(seats.c.size > 1)
        .group_by(seats.c.partnership_id)
    )
    return [
        SendOneSums(
            pid,
            meetings,
            extra,
            int(seconds or 0),
            None if uncosted else Decimal(int(cost or 0)).scaleb(-MONEY_PLACES),
            people,
        )
        for pid, meetings, extra, seconds, cost, uncosted, people in session.execute(query)
    ]
