"""The totals at the top of a page, and the same figures month by month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.periods import Filters, Period
from ..domain.rounding import hours as hours_of
from ..models import Person
from .scope import people_in
from .sums import figures, next_month


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
    sums = figures(session, period, filters, "partnership").values()
    people = set().union(*(s.people for s in sums))
    hours, cost = hours_of(sum(s.seconds for s in sums)), sum((s.cost for s in sums), Decimal(0))  # exact sums
    meetings, uncosted = sum(s.meetings for s in sums), sum(s.uncosted for s in sums)
    staff = session.execute(
        select(func.count(Person.id), func.sum(Person.fte)).where(Person.id.in_(people_in(filters)))
    ).one()
    fte = staff[1] or Decimal(0)
    yearly = Decimal(productive_hours.numerator) / Decimal(productive_hours.denominator)
    available = yearly * fte * period.days / 365
    return Totals(hours, cost, len(sums), len(people), meetings, uncosted, staff[0], available)


@dataclass(frozen=True)
class MonthFigure:
    month: date
    hours: Decimal
    cost: Decimal
    people: int


def by_month(session: Session, period: Period, filters: Filters) -> list[MonthFigure]:
    """Every month of the period, a part-month counting its part; a month without meetings is there with
    nothing in it, so a trend's time axis has no gaps."""
    found = {month: s for (month,), s in figures(session, period, filters, "month").items()}
    rows = []
    month = period.start.replace(day=1)
    while month <= period.end:
        s = found.get(month)
        rows.append(
            MonthFigure(month, s.hours, s.cost, len(s.people)) if s else MonthFigure(month, Decimal(0), Decimal(0), 0)
        )
        month = next_month(month)
    return rows
