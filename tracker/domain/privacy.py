"""The retention period's arithmetic. Pure."""

from __future__ import annotations

import calendar
from datetime import date


def retention_cutoff(on: date, months: int) -> date | None:
    """The first day whose meetings keep their titles and attendee lists, ``months`` before ``on`` (the
    same day of the month, or the month's last day when it is shorter); None when kept for ever (0)."""
    if months <= 0:
        return None
    index = on.year * 12 + on.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(on.day, last))
