"""The year a scenario starts from (``domain.scenarios``): each partnership's seats, meetings and
attendances over a period scaled to a year, a grade's hourly rate, and the delegations of several people
from one organisation at one meeting."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.scenarios import Board, Delegation, Seat
from ..models import Attendance, Person
from . import basis
from .scope import scoped
from .sums import figures


def boards(session: Session, period: Period, partnership_ids: tuple[int, ...]) -> dict[int, Board]:
    """The partnerships as a year of their figures over the period (x 365 / its days)."""
    chosen = Filters(partnership_ids=partnership_ids)
    seats: dict[int, list[Seat]] = defaultdict(list)
    for (pid, person), sums in figures(session, period, chosen, "partnership and person").items():
        cost = None if sums.uncosted else period.per_year(sums.cost)
        seats[pid].append(Seat(pid, person, period.per_year(sums.hours), cost))
    found = figures(session, period, chosen, "partnership")
    return {
        pid: Board(
            pid,
            period.per_year(Decimal(sums.meetings)),
            period.per_year(Decimal(sums.attendances)),
            tuple(sorted(seats[pid], key=lambda s: s.person)),
        )
        for (pid,), sums in found.items()
    }


def grade_rate(session: Session, period: Period, grade: str) -> Decimal | None:
    """The hourly rate of a grade in the period, at the session's basis: the costed partnership time of
    everyone on it, cost over hours. None when no one of that grade has costed time in the period."""
    cost = basis.cost(session, Attendance)
    query = scoped(
        select(func.sum(Attendance.hours), func.sum(cost))
        .join(Person, Person.id == Attendance.person_id)
        .where(Person.grade == grade, cost.is_not(None)),
        period,
    )
    hours, total = session.execute(query).one()
    return total / hours if hours else None


def grades_with_rates(session: Session, period: Period) -> list[str]:
    """The grades a deputy can be costed at: those with costed partnership time in the period."""
    cost = basis.cost(session, Attendance)
    query = scoped(
        select(Person.grade)
        .select_from(Attendance)
        .join(Person, Person.id == Attendance.person_id)
        .where(Person.grade != "", cost.is_not(None))
        .group_by(Person.grade)
        .order_by(Person.grade),
        period,
    )
    return list(session.scalars(query))


def delegations(
    session: Session, period: Period, filters: Filters = NO_FILTERS, *, a_year: bool = False
) -> list[Delegation]:
    """Each meeting's group of two or more people from one organisation, with their hours and cost over the
    period (or, ``a_year``, scaled to a year)."""

    def scale(value: Decimal) -> Decimal:
        return period.per_year(value) if a_year else value

    groups = scoped(
        select(Attendance.partnership_id, Attendance.meeting_id, Person.organisation_id)
        .join(Person, Person.id == Attendance.person_id)
        .where(Person.organisation_id.is_not(None))
        .group_by(Attendance.partnership_id, Attendance.meeting_id, Person.organisation_id)
        .having(func.count(Attendance.id) > 1),
        period,
        filters,
    ).subquery()
    cost = basis.cost(session, Attendance)
    rows = session.execute(
        scoped(
            select(
                Attendance.partnership_id,
                Attendance.meeting_id,
                Person.organisation_id,
                Attendance.person_id,
                Attendance.hours,
                cost,
            )
            .join(Person, Person.id == Attendance.person_id)
            .join(
                groups,
                and_(
                    groups.c.partnership_id == Attendance.partnership_id,
                    groups.c.meeting_id == Attendance.meeting_id,
                    groups.c.organisation_id == Person.organisation_id,
                ),
            )
            .order_by(Attendance.partnership_id, Attendance.meeting_id, Person.organisation_id, Attendance.person_id),
            period,
            filters,
        )
    )
    members: dict[tuple[int, int, int], list[tuple[int, Decimal, Decimal | None]]] = defaultdict(list)
    for pid, meeting, organisation, person, hours, amount in rows:
        members[(pid, meeting, organisation)].append((person, scale(hours), None if amount is None else scale(amount)))
    return [Delegation(pid, meeting, tuple(group)) for (pid, meeting, _), group in members.items()]
