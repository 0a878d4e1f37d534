"""Whose calendar a file is, from the names its calendars carry, the file's own name, or the people on it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .addresses import EMAIL
from .events import Occurrence

NOT_PEOPLE = ("calendar.google.com", "resource.calendar.google.com")  # shared and imported calendars, rooms


def owner_from(calendar_names: list[str], filename: str) -> tuple[str | None, bool]:
    """Google names an exported calendar after its owner's address: that is certain. A file named after
    an address only suggests it."""
    for name in calendar_names:
        name = name.strip().lower()
        if EMAIL.match(name):
            return name, True
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return (stem, False) if EMAIL.match(stem) else (None, False)


def owner_among_people(occurrences: Iterable[Occurrence], *, share: float = 0.6, fewest: int = 3) -> str | None:
    """An export without its owner's name (Outlook's .ics): the one address that is organiser or attendee of
    most of its events is very likely whose calendar it is. Only a suggestion: the person is asked to
    confirm it. Counted once per event (a series is one event however often it recurs); None when no
    address is on at least ``share`` of at least ``fewest`` events."""
    people_of: dict[str, set[str]] = {}
    for o in occurrences:
        event = o.uid or f"{o.title}|{o.start.isoformat()}"
        found = people_of.setdefault(event, set())
        if o.organizer:
            found.add(o.organizer.lower())
        found.update(a.email for a in o.attendees if a.email)
        found -= {address for address in found if address.endswith(NOT_PEOPLE)}
    people_of = {event: people for event, people in people_of.items() if people}  # own appointments list no one
    if len(people_of) < fewest:
        return None
    counts = Counter(address for people in people_of.values() for address in people)
    if not counts:
        return None
    (top, seen), *rest = counts.most_common(2) + [("", 0)]
    if seen >= share * len(people_of) and seen > rest[0][1]:
        return top
    return None
