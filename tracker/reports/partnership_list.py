"""The list of every partnership: its parent, its own meeting cost in the period, what its reports say of
its results (``domain.results.STATUSES``) and its review date; searched and sorted as the page asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.results import evaluate
from ..models import Partnership
from .results import readings
from .sums import figures

SORTS = ("name", "cost", "review")  # what the list may be sorted by; cost costliest first, review soonest first


@dataclass(frozen=True)
class ListedPartnership:
    id: int
    name: str
    parent: str
    meetings: int
    cost: Decimal
    people: frozenset[int]  # whose time the cost covers, for the page's rule on showing a cost
    status: str
    review_on: date | None


def partnership_list(
    session: Session, period: Period, *, search: str = "", sort: str = "name", filters: Filters = NO_FILTERS
) -> list[ListedPartnership]:
    """Every partnership whose name or parent's name holds ``search`` (any case), sorted by ``sort``."""
    parent = aliased(Partnership)
    query = select(Partnership.id, Partnership.name, func.coalesce(parent.name, ""), Partnership.review_on).outerjoin(
        parent, parent.id == Partnership.parent_id
    )
    words = search.strip().lower()
    sums = figures(session, period, filters, "partnership")
    found = readings(session)
    rows = []
    for pid, name, parent_name, review_on in session.execute(query):
        if words and words not in name.lower() and words not in parent_name.lower():
            continue
        own = sums.get((pid,))
        status = evaluate(found.get(pid, []), {}, period.start, period.end).status  # what it reports: no ratios
        rows.append(
            ListedPartnership(
                pid,
                name,
                parent_name,
                own.meetings if own else 0,
                own.cost if own else Decimal(0),
                frozenset(own.people) if own else frozenset(),
                status,
                review_on,
            )
        )
    return sorted(rows, key=_order(sort))


def _order(sort: str):
    """Name A to Z; cost highest first; review date soonest first, those without one last; then by name."""
    if sort == "cost":
        return lambda r: (-r.cost, r.name.lower(), r.id)
    if sort == "review":
        return lambda r: (r.review_on is None, r.review_on or date.max, r.name.lower(), r.id)
    return lambda r: (r.name.lower(), r.id)
