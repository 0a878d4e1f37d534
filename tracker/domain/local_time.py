"""The one place that says which zone days, months and years are counted in: Europe/London."""

from __future__ import annotations

from datetime import date, datetime

from importers.events import day_of
from importers.timezones import LONDON

ZONE = LONDON


def local_day(instant: datetime) -> date:
    return day_of(instant)


def meeting_day(start: datetime, all_day: bool) -> date:
    """The day a meeting belongs to: an all-day one's own date (stored as midnight UTC), else its London day."""
    return start.date() if all_day else local_day(start)


def short_day(day: date) -> str:
    """A day as GOV.UK writes it in a table or a message: 2 Dec 2026, with no leading zero."""
    return f"{day.day} {day:%b %Y}"


def today() -> date:
    """Today in London, whatever zone the server runs in (a UTC server is an hour behind in summer)."""
    return datetime.now(ZONE).date()
