"""Partnerships overdue for review (their review date passed), with what they cost since they were last
reviewed and what they report over the same days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.periods import Filters, Period
from ..domain.results import evaluate
from ..models import Partnership
from .results import readings
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
        status = evaluate(found.get(item.id, []), {}, since.start, since.end).status  # what it reports: no ratios
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
