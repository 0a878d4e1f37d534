"""Partnerships overdue for review, with what they cost since they were last reviewed and what they report;
and the preparation and travel allowed beyond meeting time, costed as lines of their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.results import evaluate
from ..models import Attendance, Partnership
from . import basis
from .results import readings
from .scope import scoped
from .sums import figures

EARLIEST = date(2000, 1, 1)  # "since the last review" for one never reviewed: all its time


@dataclass(frozen=True)
class OverdueRow:
    partnership_id: int
    partnership: str
    review_on: date
    last_reviewed: date | None
    since: Period  # from the day after the last review to today
    meetings: int
    hours: Decimal
    cost: Decimal | None  # None: some of it could not be costed
    people: int
    status: str  # ``results.STATUSES``: what it reported over the same days


def overdue(session: Session, today: date) -> list[OverdueRow]:
    """Partnerships whose review date has passed, longest overdue first."""
    items = session.scalars(
        select(Partnership).where(Partnership.review_on < today).order_by(Partnership.review_on, Partnership.name)
    )
    found = readings(session)
    rows = []
    for item in items:
        start = item.last_reviewed + timedelta(days=1) if item.last_reviewed else EARLIEST
        since = Period(min(start, today), today)
        sums = figures(session, since, Filters(partnership_ids=(item.id,)), "partnership").get((item.id,))
        cost = Decimal(0) if sums is None else sums.cost
        status = evaluate(found.get(item.id, []), cost, since.start, since.end).status
        rows.append(
            OverdueRow(
                item.id,
                item.name,
                item.review_on,  # type: ignore[arg-type]  # the query keeps only those with one
                item.last_reviewed,
                since,
                sums.meetings if sums else 0,
                sums.hours if sums else Decimal(0),
                None if sums and sums.uncosted else cost,
                len(sums.people) if sums else 0,
                status,
            )
        )
    return rows


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
