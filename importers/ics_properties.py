"""How the .ics readers read an event's properties, written once for all three of them.

The faithful reader (``ics``), the fast one (``ics_fast``) and the hand reader of single events
(``ics_single``) must agree to the occurrence: the fast ones are tested against the faithful one.
Whatever they read alike (a property's value, the UID, whether an event can be read at all, the zone
of floating times, instants in UTC, addresses, the owner a calendar names) is therefore read here,
so a fix to one reader is a fix to all.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from .events import ReadResult
from .owners import owner_from
from .timezones import LONDON, zone

# The properties whose damage makes an event unreadable: without them there is no meeting to place.
_TIMING = ("DTSTART", "DTEND", "RECURRENCE-ID", "DURATION")


def property_value(event: Any, name: str) -> Any:
    """The property's parsed value (a date, datetime, timedelta...), or None when absent or damaged:
    icalendar keeps an unparsable value as a "broken" property that raises only when read."""
    prop = event.get(name)
    try:
        return getattr(prop, "dt", None)
    except Exception:
        return None


def event_uid(event: Any) -> str | None:
    """The UID as both readers match events by it: stripped, and None when empty."""
    uid = str(event.get("UID", "")).strip()
    return uid or None


def unreadable_reason(event: Any) -> str | None:
    """Why an event cannot be read at all, or None; such an event is named as an error, not expanded."""
    for prop in _TIMING:
        if event.get(prop) is not None:
            try:
                getattr(event[prop], "dt", None)
            except Exception as exc:
                return f"invalid {prop} {event[prop].to_ical().decode(errors='replace')!r}: {_first_line(exc)}"
    errors = getattr(event, "errors", None) or []
    for prop, message in errors:
        if prop in (*_TIMING, "RRULE"):
            return f"invalid {prop}: {message}"
    start = property_value(event, "DTSTART")
    if start is None:
        return "the event has no DTSTART (start time)"
    if not isinstance(start, date):
        return "DTSTART is not a date or date-time"
    return None


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def is_open_ended(event: Any) -> bool:
    """Whether a rule repeats without UNTIL or COUNT: such series are cut at the horizon, and counted."""
    rules = event.get("RRULE")
    if rules is None:
        return False
    for rule in rules if isinstance(rules, list) else [rules]:
        if "UNTIL" not in rule and "COUNT" not in rule:
            return True
    return False


def floating_zone(cal: Any) -> tzinfo:
    """Floating times are Europe/London, or the calendar's X-WR-TIMEZONE when it names a zone."""
    name = str(cal.get("X-WR-TIMEZONE", "")).strip()
    return (zone(name) if name else None) or LONDON


def as_utc(value: Any, floating: tzinfo) -> datetime | None:
    """A datetime in UTC (see ``in_utc``); anything else (a date, None) is None, as no instant is known."""
    return in_utc(value, floating) if isinstance(value, datetime) else None


def in_utc(value: datetime, floating: tzinfo) -> datetime:
    """A floating time is read in ``floating``; every instant comes out in UTC, as occurrences carry them."""
    return (value.replace(tzinfo=floating) if value.tzinfo is None else value).astimezone(UTC)


def address_of(value: str) -> str | None:
    """An ORGANIZER or ATTENDEE value as the tracker matches people: no ``mailto:``, lower case, or None."""
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    return value.strip().lower() or None


def guess_owner(calendars: list[Any], filename: str, result: ReadResult) -> None:
    """Whose calendar the file is, from the names its calendars carry or the file's own name."""
    names = [str(cal.get("X-WR-CALNAME", "")) for cal in calendars]
    result.owner_hint, result.owner_certain = owner_from(names, filename)
