"""A date typed as GOV.UK's date input asks for one: day, month and year in three boxes.

The service manual's pattern (https://design-system.service.gov.uk/components/date-input/): three
numeric boxes rather than a browser's date picker, which writes mm/dd/yyyy in an American browser and
hides what it wants from a screen reader. What cannot be a date is said in the pattern's own words.
"""

from __future__ import annotations

from datetime import date

PARTS = ("day", "month", "year")


class NotADate(ValueError):
    """Why the three boxes do not make a date: "must include a month", "must be a real date"."""


def from_parts(day: str, month: str, year: str) -> date | None:
    """The date the three boxes give; None when all three are empty (no date given)."""
    given = dict(zip(PARTS, (day.strip(), month.strip(), year.strip()), strict=True))
    if not any(given.values()):
        return None
    missing = [part for part, value in given.items() if not value]
    if missing:
        raise NotADate("must include a " + " and a ".join(missing))
    if not all(value.isdigit() for value in given.values()):
        raise NotADate("must be a real date")
    if len(given["year"]) != 4:
        raise NotADate("year must include 4 numbers")
    try:
        return date(int(given["year"]), int(given["month"]), int(given["day"]))
    except ValueError:
        raise NotADate("must be a real date") from None
