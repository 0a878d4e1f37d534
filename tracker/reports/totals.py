"""The totals at the top of a page, and the same figures month by month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.periods import Filters, Period
from ..models import Attendance, Person
from .scope import people_in, scoped


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
    """Hours, cost and counts over the period; the staff in scope's working time is their
    FTE x productive hours a year x the period's share of a year."""
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
    fte = staff[1] or Decimal(0)
    yearly = Decimal(productive_hours.numerator) / Decimal(productive_hours.denominator)
    available = yearly * fte * period.days / 365
    return Totals(row[0] or Decimal(0), row[1] or Decimal(0), row[2], row[3], row[4], row[5], staff[0], available)


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
