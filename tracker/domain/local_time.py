"""The one place that says which zone days, months and years are counted in: Europe/London."""

from __future__ import annotations

from datetime import date, datetime

from importers.timezones import LONDON

ZONE = LONDON


def local_day(instant: datetime) -> date:
    return instant.astimezone(ZONE).date()


def today() -> date:
    """Today in London, whatever zone the server runs in (a UTC server is an hour behind in summer)."""
    return datetime.now(ZONE).date()
