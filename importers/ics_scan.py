"""Cuts a prepared .ics file into its calendar header, VTIMEZONEs and VEVENT blocks, without parsing them.

The fast reader (``ics_fast``) builds icalendar components only for the events that
need them and reads the rest by hand; both only need the properties the tracker uses,
so the others (DESCRIPTION, X-ALT-DESC, attachments, the X-MICROSOFT-* block, most
of an event's bytes) are dropped here. A file shaped in any way this scan does not
vouch for gives None, and is read by the faithful reader instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ics_text import Block

# The VEVENT properties the reader or recurring-ical-events look at; every other one is dropped.
KEPT = frozenset(
    {
        "DTSTART",
        "DTEND",
        "DURATION",
        "RECURRENCE-ID",
        "RRULE",
        "RDATE",
        "EXDATE",
        "EXRULE",
        "UID",
        "SUMMARY",
        "STATUS",
        "TRANSP",
        "CLASS",
        "X-MICROSOFT-CDO-BUSYSTATUS",
        "ORGANIZER",
        "ATTENDEE",
        "CATEGORIES",
        "SEQUENCE",
        "DTSTAMP",
        "LAST-MODIFIED",
    }
)
RULES = frozenset({"RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID"})
# A property name icalendar splits exactly where we do (no quotes or backslashes before the value).
_NAME = re.compile(r"([A-Za-z0-9-]+)[;:]")
# VALARM lines icalendar is known to accept: an alarm is not an event's business, but icalendar
# raises for the whole file on a bad alarm line, so an event with any other alarm line is parsed whole.
_SAFE_ALARM = re.compile(
    r"(?:ACTION:[A-Za-z-]+|(?:DESCRIPTION|SUMMARY):[^\\]*|X-[A-Za-z0-9-]+:[^\\]*"
    r"|TRIGGER(?:;RELATED=(?:START|END))?:[+-]?PT?\d+[WDHMS](?:\d+[HMS])*)",
    re.IGNORECASE,
)


@dataclass
class EventBlock:
    """One VEVENT: the line it begins on, its UID and the lines kept for reading it (no BEGIN/END)."""

    line: int
    uid: str | None
    lines: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # upper-case name of each kept line
    whole: bool = False  # kept every line: it holds something the scan does not vouch for
    rules: bool = False  # has RRULE, RDATE, EXDATE, EXRULE or RECURRENCE-ID

    def text(self) -> str:
        return "BEGIN:VEVENT\r\n" + "".join(line + "\r\n" for line in self.lines) + "END:VEVENT\r\n"


@dataclass
class Scan:
    """One calendar's header properties, VTIMEZONE texts and events, in file order."""

    header: list[str] = field(default_factory=list)
    timezones: list[str] = field(default_factory=list)
    events: list[EventBlock] = field(default_factory=list)

    def calendar_text(self, events: str = "") -> str:
        """A calendar with this header and zones, and ``events`` (VEVENT text) after the zones."""
        head = "".join(line + "\r\n" for line in self.header)
        return "BEGIN:VCALENDAR\r\n" + head + "".join(self.timezones) + events + "END:VCALENDAR\r\n"


def scan(lines: list[str], blocks: list[Block]) -> Scan | None:
    """The prepared lines of a file holding one VCALENDAR as a ``Scan``, or None when it is shaped otherwise."""
    if not lines or lines[0].upper() != "BEGIN:VCALENDAR" or lines[-1].upper() != "END:VCALENDAR":
        return None
    result = Scan()
    i, end = 1, len(lines) - 1
    while i < end:
        line = lines[i]
        head = line[:15].upper()
        if head.startswith("BEGIN:VEVENT"):
            if len(result.events) >= len(blocks) or head != "BEGIN:VEVENT":
                return None
            block = blocks[len(result.events)]
            event = EventBlock(block.line, None)
            i = _event(lines, i + 1, event)
            if i < 0 or event.uid != block.uid:
                return None
            result.events.append(event)
        elif head == "BEGIN:VTIMEZONE":
            if result.events:
                return None  # a zone after an event makes icalendar parse the whole file twice; not ours to copy
            close = _close(lines, i, "END:VTIMEZONE")
            if close < 0:
                return None
            result.timezones.append("".join(text + "\r\n" for text in lines[i : close + 1]))
            i = close
        elif head.startswith(("BEGIN:", "END:")):
            return None  # another component, or a second calendar
        else:
            result.header.append(line)
        i += 1
    return result if len(result.events) == len(blocks) else None


def _close(lines: list[str], start: int, marker: str) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].upper() == marker:
            return j
    return -1


def _subcomponent(lines: list[str], i: int) -> tuple[int, bool]:
    """The index of the END that closes the component begun at ``i`` (-1: an event inside), and whether
    it is an alarm icalendar is known to accept."""
    depth = 0
    for j in range(i, len(lines)):
        marker = lines[j][:6].upper()
        if marker == "BEGIN:":
            if lines[j].upper() == "BEGIN:VEVENT":
                return -1, False
            depth += 1
        elif marker[:4] == "END:":
            depth -= 1
            if depth == 0:
                safe = lines[i].upper() == "BEGIN:VALARM" and all(
                    _SAFE_ALARM.fullmatch(text) for text in lines[i + 1 : j]
                )
                return j, safe
    return -1, False


def _event(lines: list[str], i: int, event: EventBlock) -> int:
    """Read the event's lines from ``i``; the index of its END:VEVENT, or -1 when the file is odd."""
    start = i
    while i < len(lines):
        line = lines[i]
        match = _NAME.match(line)
        name = match.group(1).upper() if match else ""
        if name == "END":
            if line.upper() == "END:VEVENT":
                break
            return -1
        if name == "BEGIN":
            close, safe = _subcomponent(lines, i)
            if close < 0:
                return -1
            event.whole = event.whole or not safe
            i = close + 1
            continue
        if not match:
            event.whole = True
        elif name == "UID" and event.uid is None:
            value = line[match.end() :] if line[match.end() - 1] == ":" else None
            if value is None or "\\" in value:
                return -1  # icalendar would read the UID differently: leave the whole file to it
            event.uid = value.strip() or None
        if name in RULES:
            event.rules = True
        if name in KEPT:
            event.lines.append(line)
            event.names.append(name)
        i += 1
    else:
        return -1
    if event.whole:
        event.lines = [*lines[start:i]]
        event.names = [_name_of(line) for line in event.lines]
    return i


def _name_of(line: str) -> str:
    match = _NAME.match(line)
    return match.group(1).upper() if match else ""
