"""How an occurrence is known among stored meetings: its identity, match key, series and fingerprint.

One place for the keys, so the writer of copies and the readers of meetings always agree on them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

from importers import Occurrence
from importers.events import iso, normalise_title

FLOOR = datetime.min.replace(tzinfo=UTC)


def identity(o: Occurrence) -> str:
    if o.uid:
        return f"uid:{o.uid}|{o.recurrence_id or ''}"
    return "key:" + match_key(o)


def match_key(o: Occurrence) -> str:
    """Where copies without a UID (Outlook CSV) look for the meeting: title, start and end (they join it
    only where the people agree too: ``store.meeting_match``)."""
    return _match_key(o.title, o.private, o.start_iso, o.end_iso)


def key_of(title: str, private: bool, start: datetime, end: datetime, all_day: bool) -> str:
    """The match key of a stored meeting (all-day dates are stored as midnight UTC)."""
    first, last = (iso(t.date()) if all_day else iso(t) for t in (start, end))
    return _match_key(title, private, first, last)


def _match_key(title: str, private: bool, start: str, end: str) -> str:
    return f"{'(private)' if private else normalise_title(title)}|{start}|{end}"


def series_key(o: Occurrence) -> str:
    if o.uid:
        return f"uid:{o.uid}"
    return "title:" + ("(private)" if o.private else normalise_title(o.title))


def as_datetime(value: datetime | date) -> datetime:
    """All-day dates are stored as midnight UTC of the date; ``all_day`` says how to read them."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def fingerprint(o: Occurrence, attendees: list) -> str:
    """A copy's content: when it is the same, storing the copy again changes nothing."""
    payload = [
        o.title if not o.private else "",
        o.start_iso,
        o.end_iso,
        o.status,
        o.transparent,
        o.private,
        list(o.categories),
        attendees,
        o.sequence,
    ]
    if o.organizer:  # kept for matching copies without a UID; copies that name none print as they always did
        payload.append(o.organizer)
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


def deduplicated(occurrences: list[Occurrence]) -> list[Occurrence]:
    """One file may list the same instance twice (a series and an orphan override): the newer wins."""
    best: dict[str, Occurrence] = {}
    for occ in occurrences:
        key = identity(occ)
        if key not in best or (occ.sequence, occ.dtstamp or FLOOR) >= (best[key].sequence, best[key].dtstamp or FLOOR):
            best[key] = occ
    return list(best.values())
