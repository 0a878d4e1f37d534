"""What a figure covers: a period of local days, and optional filters of people and partnerships."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from . import annual
from .costing import financial_year


@dataclass(frozen=True)
class Period:
    """Inclusive Europe/London days; an attendance belongs by the day its meeting starts."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def per_year(self, value: Decimal) -> Decimal:
        """A figure of the period scaled to a year (``annual``: a year is 52 weeks): value x 364 / its days."""
        return annual.observed(value, self.days)

    @property
    def year_basis(self) -> str:
        """What its figures a year say beside them: "a year: 250 days observed (1 Apr–6 Dec 2026) × 364/250"."""
        return annual.observed_basis(self.start, self.end)

    def part_of(self, month: date) -> tuple[date, date] | None:
        """The days of ``month`` the period covers, where it covers only part of it (None: all of it): a
        month's figure then counts those days alone, and a chart or table of months says so."""
        first = month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        covered = (max(first, self.start), min(last, self.end))
        return None if covered == (first, last) else covered

    def month_label(self, month: date) -> str:
        """A month as a chart's axis names it: "Nov 2026", or "Nov 2026 (1–22)" where the period covers only
        those days of it."""
        part = self.part_of(month)
        label = month.strftime("%b %Y")
        return label if part is None else f"{label} ({part[0].day}–{part[1].day})"

    @classmethod
    def year_to_date(cls, today: date) -> Period:
        """The default of every page and export: 1 April of the current financial year to today."""
        return cls(date(financial_year(today), 4, 1), today)


@dataclass(frozen=True)
class Filters:
    organisation_id: int | None = None
    directorate: str | None = None
    partnership_ids: tuple[int, ...] | None = None  # a partnership and its descendants
    person_id: int | None = None


NO_FILTERS = Filters()


def uncovered(first: date, last: date, covered: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """The stretches of the days ``first`` to ``last`` that none of the ``covered`` stretches reach."""
    pieces = [(first, last)]
    day = timedelta(days=1)
    for low, high in covered:
        left = []
        for a, b in pieces:
            if high < a or low > b:
                left.append((a, b))
                continue
            if a < low:
                left.append((a, low - day))
            if high < b:
                left.append((high + day, b))
        pieces = left
    return pieces
