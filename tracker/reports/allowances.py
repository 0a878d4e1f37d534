"""The preparation and travel allowed beyond meeting time (a partnership's hours for each attendance),
costed as lines of their own at each attendance's hourly rate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..models import Attendance, Partnership
from . import basis
from .scope import scoped


@dataclass(frozen=True)
class AllowanceRow:
    partnership_id: int
    partnership: str
    attendances: int
    preparation_hours: Decimal
    preparation_cost: Decimal | None
    travel_hours: Decimal
    travel_cost: Decimal | None
    people: int


def allowances(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[AllowanceRow]:
    """Each partnership with an allowance: its hours for each attendance in the period, at each attendance's
    hourly rate (at the session's basis). A cost is None when some attendance has no rate."""
    allowed = tuple(
        session.scalars(
            select(Partnership.id).where((Partnership.preparation_hours > 0) | (Partnership.travel_hours > 0))
        )
    )
    if not allowed:
        return []
    rate = basis.rate(session)
    query = scoped(
        select(
            Partnership.id,
            Partnership.name,
            Partnership.preparation_hours,
            Partnership.travel_hours,
            func.count(Attendance.id),
            func.count(rate),
            func.sum(rate),
            func.count(func.distinct(Attendance.person_id)),
        )
        .join(Partnership, Partnership.id == Attendance.partnership_id)
        .group_by(Partnership.id, Partnership.name, Partnership.preparation_hours, Partnership.travel_hours)
        .order_by(Partnership.name),
        period,
        filters,
    ).where(Attendance.partnership_id.in_(allowed))  # read from the index on partnership and day
    rows = []
    for pid, name, preparation, travel, attendances, rated, rates, people in session.execute(query):
        total = None if rated < attendances else (rates or Decimal(0))
        rows.append(
            AllowanceRow(
                pid,
                name,
                attendances,
                preparation * attendances,
                None if total is None else preparation * total,
                travel * attendances,
                None if total is None else travel * total,
                people,
            )
        )
    return rows
