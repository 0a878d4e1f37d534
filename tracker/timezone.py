"""The one place that says which zone days, months and years are counted in."""

from __future__ import annotations

from datetime import date, datetime, time

from importers.timezones import LONDON

ZONE = LONDON


def local_day(instant: datetime) -> date:
    return instant.astimezone(ZONE).date()


def local_midnight(day: date) -> datetime:
    """The instant a Europe/London day starts."""
    return datetime.combine(day, time(), ZONE)
