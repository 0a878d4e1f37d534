"""Many calendar objects joined into one calendar file, as a CalDAV server, Graph or Google hands a calendar
over: one VCALENDAR an event (a series with its moved occurrences), each with the time zones it uses.

The joined file is what a person's export would have been, so it goes through the readers like any upload.
Time zones are written once each (the first definition of a TZID wins, as every object of one calendar
carries the same); the calendar-wide ``X-WR-TIMEZONE`` of the first object that has one is kept, since it
says what floating times mean. Objects are joined in the order given: the caller sorts them, so the same
objects make the same bytes and an unchanged calendar is recognised by its hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from dateutil.rrule import rrulestr

FOLD = re.compile(r"\r?\n[ \t]")
DTSTART_VALUE = re.compile(r"^DTSTART(?:;[^:\r\n]*)?:([0-9TZtz]+)\s*$", re.MULTILINE | re.IGNORECASE)
COUNT = re.compile(r"COUNT=(\d+)")
UNTIL_VALUE = re.compile(r"UNTIL=([0-9TZ]+)")
MOST_COUNTED = 1_000  # occurrences worked out to date a counted series; more: kept
# Counted only where every period has an occurrence (what calendar programs write: weekly on some days,
# monthly on the 15th or the second Tuesday, yearly on a date), so the count ends within a few thousand
# steps; a rule that could go years between occurrences (the 30th of February) or repeats within a day
# is kept instead.
COUNTABLE = re.compile(r"^(?:[A-Z]+=[^;]*;)*FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(?:;|$)")
UNCOUNTABLE = re.compile(r"BY(YEARDAY|WEEKNO|SETPOS|HOUR|MINUTE|SECOND)=|BYMONTHDAY=[^;]*(29|3\d)|[+-]?5[A-Z]{2}")
HEADER = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//partnership-meeting-cost-tracker//connected calendar//EN\r\n"
KEPT_CALENDAR_PROPERTIES = ("X-WR-TIMEZONE",)


def join(objects: Iterable[str]) -> bytes:
    """One VCALENDAR holding every component of ``objects`` (each an iCalendar text)."""
    zones: dict[str, list[str]] = {}
    components: list[str] = []
    kept: dict[str, str] = {}
    for text in objects:
        for name, lines in _components(text, kept):
            if name == "VTIMEZONE":
                zones.setdefault(_tzid(lines), lines)
            else:
                components.extend(lines)
    out = [HEADER]
    out.extend(f"{line}\r\n" for line in kept.values())
    for lines in zones.values():
        out.extend(f"{line}\r\n" for line in lines)
    out.extend(f"{line}\r\n" for line in components)
    out.append("END:VCALENDAR\r\n")
    return "".join(out).encode()


def _components(text: str, kept: dict[str, str]) -> Iterable[tuple[str, list[str]]]:
    """Each top-level component of a calendar object, as its lines (folds kept as they are)."""
    depth, name = 0, ""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        upper = line.upper()
        if upper.startswith("BEGIN:") and not line[:1].isspace():
            depth += 1
            if depth == 2:
                name, lines = upper[6:].strip(), []
        if depth >= 2:
            lines.append(line)
        elif depth == 1 and not line[:1].isspace():
            prop = upper.split(":", 1)[0].split(";", 1)[0]
            if prop in KEPT_CALENDAR_PROPERTIES:
                kept.setdefault(prop, line)
        if upper.startswith("END:") and not line[:1].isspace():
            depth -= 1
            if depth == 1:
                yield name, lines


def _tzid(lines: list[str]) -> str:
    for line in lines:
        if line.upper().startswith("TZID"):
            return line.split(":", 1)[1].strip() if ":" in line else line
    return ""


def unfolded(text: str) -> str:
    """A calendar object with its folded lines joined (RFC 5545 3.1): kept so, a name or an address is one
    run of characters wherever it falls, for erasure to find (a fold may split it); readers take long lines."""
    return FOLD.sub("", text)


def ends_before(text: str, day: date) -> bool:
    """Whether every event of a calendar object began before ``day``: a series by its rule's end (``UNTIL``
    bounds its last occurrence; a ``COUNT`` is counted, up to ``MOST_COUNTED``, by ``dateutil``). A series
    without an end, one with ``RDATE``s, an object with no event, or a date that is not one count as not
    ending: retention keeps what it cannot date."""
    events = [block.split("END:VEVENT")[0] for block in unfolded(text).split("BEGIN:VEVENT")[1:]]
    try:
        return bool(events) and all(_began_before(event, day) for event in events)
    except (ValueError, OverflowError):
        return False


def _began_before(event: str, day: date) -> bool:
    """Whether an event's every occurrence began before ``day`` (its time zone left aside: the caller allows
    a day for it)."""
    found = DTSTART_VALUE.search(event)
    if found is None:
        raise ValueError("no start")
    start = _naive(found.group(1))
    if start.date() >= day:
        return False
    rules = [line.split(":", 1)[1] for line in event.splitlines() if line.upper().startswith("RRULE")]
    if any(line.upper().startswith("RDATE") for line in event.splitlines()) or len(rules) > 1:
        raise ValueError("dated by more than one rule")
    if not rules:
        return True
    rule = rules[0].upper()
    until = UNTIL_VALUE.search(rule)
    if until is not None:
        return _naive(until.group(1)).date() < day
    if COUNT.search(rule) is None:
        return False  # a series without an end
    if not COUNTABLE.match(rule) or UNCOUNTABLE.search(rule):
        raise ValueError("a rule that could go years between occurrences, or repeat within a day")
    # Counted: its occurrences in order, stopping at the first on or after ``day`` (never more than counted).
    for n, occurrence in enumerate(rrulestr(rule, dtstart=start, ignoretz=True)):
        if occurrence.date() >= day:
            return False
        if n >= MOST_COUNTED:
            raise ValueError("more occurrences than are worked out")
    return True


def _naive(value: str) -> datetime:
    digits = value.strip().rstrip("Zz")
    return datetime.strptime(digits, "%Y%m%dT%H%M%S") if "T" in digits.upper() else datetime.strptime(digits, "%Y%m%d")
