"""Standard rates: what an hour of a grade costs, from published figures only, so a cost shown at them
reveals nobody's pay. Pure.

A grade's standard rate in a financial year is the rate finance has set for it that year. Where none is
set, it is the middle of the grade's published pay band, loaded with the on-costs of the person's
organisation for that year, over the productive hours of a full-time year. Nothing in it is anyone's
salary, FTE or how many people hold the grade: a pay rise, a newcomer or a leaver moves no standard rate.
A person with no grade, or on a grade with neither a set rate nor a band, has no standard rate: their time
is counted but not costed at standard rates, never costed at zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .costing import OnCosts, hourly_rate
from .entries import InvalidEntry, Row, amount, financial_year_of, text

Source = Literal["set", "band", "none"]
SOURCES: dict[Source, str] = {
    "set": "set by finance",
    "band": "pay band midpoint with on-costs",
    "none": "no standard rate: not costed",
}


def grade_key(grade: str) -> str:
    """A grade as it is matched: people's grades, bands and set rates ignore case and outer spaces."""
    return grade.strip().lower()


@dataclass(frozen=True)
class Band:
    low: Decimal
    high: Decimal

    @property
    def midpoint(self) -> Decimal:
        return (self.low + self.high) / 2


def standard_rate(
    grade: str,
    year: int,
    set_rates: Mapping[tuple[str, int], Decimal],
    bands: Mapping[str, Band],
    oncosts: OnCosts,
    full_time_hours: Fraction,
) -> tuple[Fraction | None, Source]:
    """A grade's standard hourly rate in a financial year and where it comes from. ``set_rates`` and
    ``bands`` are keyed by ``grade_key``; ``oncosts`` are those of the organisation for that year."""
    key = grade_key(grade)
    if not key:
        return None, "none"
    if (key, year) in set_rates:
        return Fraction(set_rates[(key, year)]), "set"
    band = bands.get(key)
    if band is None:
        return None, "none"
    return hourly_rate(band.midpoint, Decimal(1), oncosts, full_time_hours), "band"


@dataclass(frozen=True)
class StandardRateEntry:
    grade: str
    financial_year: int  # 2025 means 2025/26
    hourly_rate: Decimal


MAX_HOURLY_RATE = Decimal("1000")


def standard_rate_entry(row: Row) -> StandardRateEntry:
    """A grade's standard hourly rate for a year, to the penny."""
    entry = StandardRateEntry(
        text(row, "grade", max_length=100, required=True),
        financial_year_of(row, "financial_year"),
        amount(row, "hourly_rate", maximum=MAX_HOURLY_RATE),
    )
    if not entry.hourly_rate:
        raise InvalidEntry("hourly_rate", "cannot be zero: leave the grade out to cost it at its band's midpoint")
    return entry
