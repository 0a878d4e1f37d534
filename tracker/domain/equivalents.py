"""Meeting time in other terms: working days, what the same money buys in front-line service, and the
cost of governing set against the money governed. Pure.

- A working day is a fifth of the full-time week (``costing.working_day``).
- A comparator says what one unit of a front-line service costs (a social worker day at £220): the same
  money buys cost / £220 of them.
- A funding stream counts towards a period in proportion to the days of it the period covers (£120,000
  over a year is £10,000-odd a month), and the cost per £1,000 governed is cost x 1,000 / that amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .costing import working_day
from .periods import Period


@dataclass(frozen=True)
class Comparator:
    name: str
    unit: str
    cost_per_unit: Decimal
    source: str


@dataclass(frozen=True)
class Buys:
    comparator: Comparator
    units: Decimal


@dataclass(frozen=True)
class Equivalents:
    hours: Decimal
    day_hours: Decimal
    buys: tuple[Buys, ...]  # empty when the cost may not be shown

    @property
    def working_days(self) -> Decimal:
        return self.hours / self.day_hours


def equivalents(
    hours: Decimal, cost: Decimal | None, comparators: Sequence[Comparator], weekly_hours: Decimal
) -> Equivalents:
    """``hours`` as working days, and ``cost`` (None: not shown) as units of each comparator."""
    buys = () if cost is None else tuple(Buys(c, cost / c.cost_per_unit) for c in comparators)
    return Equivalents(hours, working_day(weekly_hours), buys)


def governed_in(amount: Decimal, start: date, end: date, period: Period) -> Decimal:
    """The part of a stream of ``amount`` over ``start``..``end`` (inclusive) that falls in the period."""
    first, last = max(start, period.start), min(end, period.end)
    if last < first:
        return Decimal(0)
    return amount * ((last - first).days + 1) / ((end - start).days + 1)


def cost_per_thousand(cost: Decimal, governed: Decimal) -> Decimal | None:
    """Meeting cost for each £1,000 of money governed; None when no money is governed."""
    return cost * 1000 / governed if governed > 0 else None
