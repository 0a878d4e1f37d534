"""What an hour of a person's time costs, and how double-booked time is shared. Pure.

hourly rate = loaded annual cost / productive hours a year, where
loaded annual cost = pay + employer NI above its threshold + pension + levy + other,
and pay and productive hours scale with the person's FTE.
Arithmetic is exact (``Fraction``); rounding happens only where figures are shown.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import pairwise
from typing import TypeVar

WORKING_DAYS_A_WEEK = 5
Hours = TypeVar("Hours", Decimal, Fraction)


@dataclass(frozen=True)
class OnCosts:
    employer_ni_rate: Decimal
    ni_threshold: Decimal
    pension_rate: Decimal
    apprenticeship_levy_rate: Decimal
    other_rate: Decimal = Decimal("0")


# The apprenticeship levy: 0.5% of an employer's whole annual pay bill, less an allowance of £15,000 a
# year, so an employer whose pay bill is £3m or less pays none (Finance Act 2016, unchanged since 2017).
LEVY_RATE = Decimal("0.005")
LEVY_ALLOWANCE = Decimal("15000")
A_MILLIONTH = Decimal("0.000001")  # a stored on-cost rate is held to a millionth (0.4875% is 0.004875)

# Without an organisation's own setting: employer NI as the law sets it (2024/25 13.8% above the £9,100
# secondary threshold; from April 2025 15% above £5,000), pension 20% (about a typical LGPS employer's
# rate; other schemes differ, which is why each organisation sets its own) and the levy's full 0.5%, which
# is within 0.05 points of what an employer with a pay bill over £30m pays (``levy_rate``); an employer
# under £3m pays none and sets 0%.
DEFAULT_ONCOSTS = {
    2024: OnCosts(Decimal("0.138"), Decimal("9100"), Decimal("0.20"), LEVY_RATE),
    2025: OnCosts(Decimal("0.15"), Decimal("5000"), Decimal("0.20"), LEVY_RATE),
}


def default_oncosts(financial_year: int) -> OnCosts:
    """The statutory defaults for a year: the nearest year we know."""
    known = sorted(DEFAULT_ONCOSTS)
    year = min(max(financial_year, known[0]), known[-1])
    return DEFAULT_ONCOSTS[year]


def levy_rate(pay_bill: Decimal) -> Decimal:
    """The apprenticeship levy carried on each pound of pay, for an employer with this annual pay bill:
    what it pays in the year (0.5% of the bill less the £15,000 allowance, never below nothing) spread
    over the whole bill, to the millionth a stored rate holds. A £120m pay bill: (600,000 - 15,000) /
    120,000,000 = 0.4875%. The levy is charged on the bill, not per person, so this is how a cost per
    hour can carry it: every pound of pay bears the same share."""
    if pay_bill <= 0:
        return Decimal(0)
    levy = max(Decimal(0), pay_bill * LEVY_RATE - LEVY_ALLOWANCE)
    return (levy / pay_bill).quantize(A_MILLIONTH, rounding=ROUND_HALF_UP)


def financial_year(day: date) -> int:
    """UK public-sector year starting 1 April: 2025 means 2025/26."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(financial_year: int) -> str:
    """2025 -> '2025/26', as the public sector writes its years."""
    return f"{financial_year}/{(financial_year + 1) % 100:02d}"


def rate_text(value: Decimal) -> str:
    """A rate as the on-cost form and files take it, to its last figure: 0.138 -> '13.8%', 0.004875 ->
    '0.4875%' (two places would show that levy as 0.49%, which is not the rate anyone is costed at)."""
    return f"{(Decimal(value) * 100).normalize():f}%"


def working_day(full_time_week: Hours) -> Hours:
    """A working day's hours, a fifth of the full-time week (37 hours: 7.4), exact in the type given: what
    an all-day event costs, what a day of leave takes from the year, what hours are shown as days in."""
    return full_time_week / WORKING_DAYS_A_WEEK


def productive_hours(weekly_hours: Decimal, leave_days: Decimal, bank_holidays: Decimal) -> Fraction:
    """A full-time year (52 1/7 weeks) net of annual leave and bank holidays, in hours."""
    week = Fraction(weekly_hours)
    day = working_day(week)
    return week * Fraction(365, 7) - (Fraction(leave_days) + Fraction(bank_holidays)) * day


def loaded_annual_cost(full_time_salary: Decimal, fte: Decimal | Fraction, oncosts: OnCosts) -> Fraction:
    pay = Fraction(full_time_salary) * Fraction(fte)
    ni = max(Fraction(0), pay - Fraction(oncosts.ni_threshold)) * Fraction(oncosts.employer_ni_rate)
    rates = Fraction(oncosts.pension_rate) + Fraction(oncosts.apprenticeship_levy_rate) + Fraction(oncosts.other_rate)
    return pay + ni + pay * rates


def hourly_rate(full_time_salary: Decimal, fte: Decimal, oncosts: OnCosts, full_time_hours: Fraction) -> Fraction:
    """Cost of one working hour; a part-timer's pay and hours both scale with FTE."""
    fte_ = Fraction(fte) if fte else Fraction(1)
    return loaded_annual_cost(full_time_salary, fte_, oncosts) / (full_time_hours * fte_)


def salary_on(history: Sequence[tuple[date, Decimal]], day: date) -> Decimal | None:
    """The salary in force on a day, from (effective_from, salary) pairs sorted by date."""
    index = bisect.bisect_right([d for d, _ in history], day)
    return history[index - 1][1] if index else None


def share_overlaps(intervals: Sequence[tuple[Hashable, datetime, datetime]]) -> dict[Hashable, Fraction]:
    """Hours each of one person's meetings gets when overlapping time is split equally.

    The person's total never exceeds the clock: every moment counts once,
    shared between the meetings running at that moment.
    """
    points = sorted({t for _, s, e in intervals for t in (s, e)})
    hours: dict[Hashable, Fraction] = {key: Fraction(0) for key, _, _ in intervals}
    if not points:
        return hours
    events = sorted(intervals, key=lambda x: x[1])
    active: list[tuple[Hashable, datetime, datetime]] = []
    next_event = 0
    for left, right in pairwise(points):
        while next_event < len(events) and events[next_event][1] <= left:
            active.append(events[next_event])
            next_event += 1
        active = [item for item in active if item[2] > left]
        running = [item for item in active if item[1] <= left and item[2] >= right]
        if not running:
            continue
        piece = Fraction(int((right - left).total_seconds()), 3600) / len(running)
        for key, _, _ in running:
            hours[key] += piece
    return hours
