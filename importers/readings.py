"""Group readings as bytes a caller can keep between imports: zlib-compressed JSON, never pickle.

A stored reading is only worth its hash, which names the reader that made it
(``READER_VERSION``); data written by another version, or not by us at all, unpacks
to nothing, so the next read simply reads every group again.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from datetime import date, datetime
from importlib.metadata import version
from typing import Any

import icalendar

from .events import GroupReading, Occurrence, Problem, attendee

# Part of every group hash: a reading made by other code, or other libraries, is never reused.
READER_VERSION = f"fast-1/icalendar-{icalendar.__version__}/recurring-ical-events-{version('recurring-ical-events')}"
FORMAT = "importers.readings/1"


def pack_groups(groups: Mapping[str, GroupReading]) -> bytes:
    """The readings of ``ReadResult.groups`` as compact bytes for ``unpack_groups``."""
    body = {"format": FORMAT, "reader": READER_VERSION, "groups": {k: _reading(r) for k, r in groups.items()}}
    return zlib.compress(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(), 6)


def unpack_groups(data: bytes) -> dict[str, GroupReading]:
    """What ``pack_groups`` packed; {} for anything else (damaged, or from another reader version)."""
    try:
        body = json.loads(zlib.decompress(data))
        if body.get("format") != FORMAT or body.get("reader") != READER_VERSION:
            return {}
        return {key: _unreading(value) for key, value in body["groups"].items()}
    except (zlib.error, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


def _reading(r: GroupReading) -> list[Any]:
    return [
        list(r.member_lines),
        [_occurrence(o) for o in r.occurrences],
        [_problem(p) for p in r.problems],
        [_problem(p) for p in r.unreadable],
        r.open_ended,
        r.first_readable,
    ]


def _unreading(v: list[Any]) -> GroupReading:
    lines, occurrences, problems, unreadable, open_ended, first = v
    return GroupReading(
        tuple(int(n) for n in lines),
        tuple(_unoccurrence(o) for o in occurrences),
        tuple(Problem(*p) for p in problems),
        tuple(Problem(*p) for p in unreadable),
        int(open_ended),
        first,
    )


def _problem(p: Problem) -> list[Any]:
    return [p.message, p.line, p.event, p.severity]


def _occurrence(o: Occurrence) -> list[Any]:
    return [
        o.uid,
        o.recurrence_id,
        o.start.isoformat(),
        o.end.isoformat(),
        o.all_day,
        o.title,
        o.status,
        o.transparent,
        o.private,
        o.organizer,
        [[a.email, a.partstat, a.name] for a in o.attendees],
        list(o.categories),
        o.sequence,
        o.dtstamp.isoformat() if o.dtstamp else None,
        o.line,
        o.unresolved_tz,
    ]


def _unoccurrence(v: list[Any]) -> Occurrence:
    (
        uid,
        rid,
        start,
        end,
        all_day,
        title,
        status,
        transparent,
        private,
        organizer,
        people,
        cats,
        seq,
        stamp,
        line,
        tz,
    ) = v
    when = date.fromisoformat if all_day else datetime.fromisoformat
    return Occurrence(
        uid=uid,
        recurrence_id=rid,
        start=when(start),
        end=when(end),
        all_day=bool(all_day),
        title=title,
        status=status,
        transparent=bool(transparent),
        private=bool(private),
        organizer=organizer,
        attendees=tuple(attendee(*a) for a in people),
        categories=tuple(cats),
        sequence=int(seq),
        dtstamp=datetime.fromisoformat(stamp) if stamp else None,
        line=line,
        unresolved_tz=tz,
    )
