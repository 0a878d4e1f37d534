"""What "a year" is, wherever a figure is given a year: 52 weeks, 364 days. Pure.

One rule for both kinds of yearly figure, so the same meeting counts the same either way:

- **observed** (scenarios, what sending one person would save, a meeting series' cost a year, the
  overlap a proposal is measured on): the period's figures x 364 / the days observed;
- **nominal** (the meetings a proposal says it will hold): every N weeks is 52/N meetings, weekly 52,
  fortnightly 26, monthly 12, quarterly 4.

Why 52 weeks and not 365 days: people count a weekly meeting 52 times a year and a four-weekly one 13,
and so does the gatekeeper; at 365 days a weekly meeting observed for any whole number of weeks would
be 52.14 a year, and a scenario and a proposal for the same board would disagree. A month is a twelfth
and a quarter a quarter of those 364 days (91 days: three monthly meetings in a quarter are 12 a year
either way). Each figure is shown with its basis line (``observed_basis``, ``nominal_basis``).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .local_time import short_day

WEEKS = 52
DAYS = 7 * WEEKS  # 364
NAMED = {"week": Decimal(52), "fortnight": Decimal(26), "month": Decimal(12), "quarter": Decimal(4)}


def observed(value: Decimal, days: int) -> Decimal:
    """A figure of ``days`` observed days as a year: value x 364 / days."""
    return value * DAYS / Decimal(days)


def every_weeks(weeks: int) -> Decimal:
    """Meetings a year of a body that meets every ``weeks`` weeks: 52 / weeks."""
    return Decimal(WEEKS) / weeks


def number(value: Decimal, places: int = 2) -> str:
    """A figure of a basis line, rounded once, half up, to ``places`` and no trailing zeros: 13, 17.33, 1.5."""
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def span(start: date, end: date) -> str:
    """Days as a basis line names them: "1 Apr–6 Dec 2026", "1 Dec 2025–6 Jan 2026", "6 Dec 2026"."""
    last = short_day(end)
    if start == end:
        return last
    first = f"{start.day} {start:%b}" if start.year == end.year else short_day(start)
    return f"{first}–{last}"


def observed_basis(start: date, end: date) -> str:
    """The basis line of a figure observed from ``start`` to ``end`` (inclusive) and scaled to a year."""
    days = (end - start).days + 1
    return f"a year: {days} day{'s' if days != 1 else ''} observed ({span(start, end)}) × {DAYS}/{days}"


def nominal_basis(frequency: str, meetings: Decimal) -> str:
    """The basis line of meetings a year said by a frequency (``frequency`` in words: "every 4 weeks",
    "monthly"): "a year: every 4 weeks = 13 meetings", "a year: every 3 weeks = 52/3 = 17.33 meetings"."""
    whole = meetings == meetings.to_integral_value()
    worked = "" if whole else f"{WEEKS}/{number(Decimal(WEEKS) / meetings)} = "
    return f"a year: {frequency} = {worked}{number(meetings)} meeting{'s' if meetings != 1 else ''}"
