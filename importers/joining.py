"""Many calendar objects joined into one calendar file, as a CalDAV server, Graph or Google hands a calendar
over: one VCALENDAR an event (a series with its moved occurrences), each with the time zones it uses.

The joined file is what a person's export would have been, so it goes through the readers like any upload.
Time zones are written once each (the first definition of a TZID wins, as every object of one calendar
carries the same); the calendar-wide ``X-WR-TIMEZONE`` of the first object that has one is kept, since it
says what floating times mean. Objects are joined in the order given: the caller sorts them, so the same
objects make the same bytes and an unchanged calendar is recognised by its hash.
"""

from __future__ import annotations

from collections.abc import Iterable

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
