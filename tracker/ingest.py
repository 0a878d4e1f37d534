"""The only writer of imported calendars: normalised occurrences -> meetings and copies.

Callers own the transaction: ``store_calendar`` never commits, so a command or
request that stores several files commits them together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from importers import Occurrence, ReadResult
from importers.events import normalise_title

from .models import CalendarImport, Meeting, MeetingCopy
from .registry import Registry
from .timezone import local_day


@dataclass
class FileSummary:
    """What one file did to the database, in the terms the README defines."""

    filename: str
    owner: str
    import_id: int | None = None
    events_read: int = 0
    occurrences: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    attributed: int = 0
    unattributed: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    unknown_attendees: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    horizon: str | None = None
    open_ended_series: int = 0
    already_imported: bool = False
    span: tuple[str, str] | None = None
    meeting_ids: list[int] = field(default_factory=list, repr=False)

    def as_json(self) -> str:
        data = asdict(self)
        data.pop("meeting_ids")
        return json.dumps(data, sort_keys=True)


def identity(o: Occurrence) -> str:
    if o.uid:
        return f"uid:{o.uid}|{o.recurrence_id or ''}"
    return "key:" + match_key(o)


def match_key(o: Occurrence) -> str:
    """How copies without a UID (Outlook CSV) find the meeting: title, start and end."""
    title = "(private)" if o.private else normalise_title(o.title)
    return f"{title}|{o.start_iso}|{o.end_iso}"


def series_key(o: Occurrence) -> str:
    if o.uid:
        return f"uid:{o.uid}"
    return "title:" + ("(private)" if o.private else normalise_title(o.title))


def _as_datetime(value) -> datetime:
    """All-day dates are stored as midnight UTC of the date; ``all_day`` says how to read them."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _fingerprint(o: Occurrence, attendees: list) -> str:
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
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


def store_calendar(
    session: Session,
    result: ReadResult,
    *,
    owner_email: str,
    sha256: str,
    imported_by: str = "",
    now: datetime | None = None,
    batch: str | None = None,
) -> FileSummary:
    """Merge one file's occurrences into the meetings; remove what a newer export dropped."""
    owner_email = owner_email.strip().lower()
    summary = FileSummary(filename=result.filename, owner=owner_email)
    summary.events_read = result.events_read
    summary.occurrences = len(result.occurrences)
    summary.problems = [str(p) for p in result.problems]
    summary.horizon = result.horizon.isoformat() if result.horizon else None
    summary.open_ended_series = result.open_ended_series
    earlier = session.scalar(
        select(CalendarImport).where(CalendarImport.sha256 == sha256, CalendarImport.owner_email == owner_email)
    )
    if earlier is not None:
        summary.already_imported = True
        summary.import_id = earlier.id
        summary.unchanged = summary.occurrences
        summary.meeting_ids = [
            c.meeting_id for c in session.scalars(select(MeetingCopy).where(MeetingCopy.import_id == earlier.id))
        ]
        return summary
    span = result.span()
    summary.span = (span[0].isoformat(), span[1].isoformat()) if span else None
    record = CalendarImport(
        filename=result.filename,
        sha256=sha256,
        owner_email=owner_email,
        kind=result.kind,
        imported_at=now or datetime.now(UTC),
        imported_by=imported_by,
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
        batch=batch,
    )
    session.add(record)
    session.flush()
    summary.import_id = record.id
    registry = Registry.load(session)
    unknown: Counter[str] = Counter()
    seen_copies: set[int] = set()
    meetings = _existing_meetings(session, result.occurrences)
    for occ in _deduplicated(result.occurrences):
        attendees = []
        for a in occ.attendees:
            attendees.append([a.email, a.name, a.partstat])
            if a.email and registry.person_for(a.email, None) is None:
                unknown[a.email] += 1
        meeting = _meeting_for(session, occ, meetings)
        copy = next((c for c in meeting.copies if c.owner_email == owner_email), None)
        fingerprint = _fingerprint(occ, attendees)
        if copy is None:
            copy = MeetingCopy(owner_email=owner_email)
            meeting.copies.append(copy)
            summary.new += 1
        elif copy.fingerprint == fingerprint:
            summary.unchanged += 1
        else:
            summary.updated += 1
        _fill_copy(copy, occ, attendees, fingerprint, record.id)
        apply_newest(meeting)
        session.flush()
        seen_copies.add(copy.id)
        summary.meeting_ids.append(meeting.id)
    if span:
        summary.removed = _remove_dropped(session, owner_email, span, seen_copies)
    summary.unknown_attendees = dict(unknown.most_common())
    session.flush()
    return summary


def _deduplicated(occurrences: list[Occurrence]) -> list[Occurrence]:
    """One file may list the same instance twice (a series and an orphan override): the newer wins."""
    best: dict[str, Occurrence] = {}
    for occ in occurrences:
        key = identity(occ)
        if key not in best or (occ.sequence, occ.dtstamp or datetime.min.replace(tzinfo=UTC)) >= (
            best[key].sequence,
            best[key].dtstamp or datetime.min.replace(tzinfo=UTC),
        ):
            best[key] = occ
    return list(best.values())


def _existing_meetings(session: Session, occurrences: list[Occurrence]) -> dict[str, Meeting]:
    """Meetings the file may touch, by identity and by match key, loaded in a few queries."""
    keys = {identity(o) for o in occurrences} | {"key:" + match_key(o) for o in occurrences}
    matches = {match_key(o) for o in occurrences}
    found: dict[str, Meeting] = {}
    keys_list, match_list = sorted(keys), sorted(matches)
    for i in range(0, len(keys_list), 500):
        for m in session.scalars(select(Meeting).where(Meeting.identity.in_(keys_list[i : i + 500]))):
            found[m.identity] = m
    for i in range(0, len(match_list), 500):
        for m in session.scalars(select(Meeting).where(Meeting.match_key.in_(match_list[i : i + 500]))):
            found.setdefault("match:" + m.match_key, m)
    return found


def _meeting_for(session: Session, occ: Occurrence, meetings: dict[str, Meeting]) -> Meeting:
    key = identity(occ)
    meeting = meetings.get(key)
    if meeting is None:
        by_match = meetings.get("match:" + match_key(occ))
        if by_match is not None and (not occ.uid or by_match.identity.startswith("key:")):
            meeting = by_match
            if occ.uid:  # a UID copy adopts the meeting an Outlook CSV row made
                meetings.pop(meeting.identity, None)
                meeting.identity = key
                meeting.series_key = series_key(occ)
    if meeting is None:
        meeting = Meeting(identity=key, match_key=match_key(occ), series_key=series_key(occ), title="")
        meeting.copies = []
        session.add(meeting)
    meetings[meeting.identity] = meeting
    meetings["match:" + match_key(occ)] = meeting
    return meeting


def _fill_copy(copy: MeetingCopy, occ: Occurrence, attendees: list, fingerprint: str, import_id: int) -> None:
    copy.import_id = import_id
    copy.fingerprint = fingerprint
    copy.sequence = occ.sequence
    copy.dtstamp = occ.dtstamp
    copy.title = "" if occ.private else occ.title
    copy.start = _as_datetime(occ.start)
    copy.end = _as_datetime(occ.end)
    copy.all_day = occ.all_day
    copy.status = occ.status
    copy.transparent = occ.transparent
    copy.private = occ.private
    copy.categories = ";".join(occ.categories)
    copy.attendees = json.dumps(attendees)


def newest(copies: list[MeetingCopy]) -> MeetingCopy:
    """The copy that decides time and title: highest SEQUENCE, then latest DTSTAMP, then latest import."""
    floor = datetime.min.replace(tzinfo=UTC)
    return max(copies, key=lambda c: (c.sequence, c.dtstamp or floor, c.import_id or 0))


def apply_newest(meeting: Meeting) -> None:
    best = newest(meeting.copies)
    meeting.title = best.title
    meeting.start = best.start
    meeting.end = best.end
    meeting.all_day = best.all_day
    meeting.status = best.status
    meeting.transparent = best.transparent
    meeting.private = any(c.private for c in meeting.copies)
    meeting.categories = best.categories
    title = "(private)" if meeting.private else normalise_title(best.title)
    start = best.start.date().isoformat() if best.all_day else best.start.isoformat().replace("+00:00", "Z")
    end = best.end.date().isoformat() if best.all_day else best.end.isoformat().replace("+00:00", "Z")
    meeting.match_key = f"{title}|{start}|{end}"


def _remove_dropped(session: Session, owner_email: str, span: tuple[date, date], kept: set[int]) -> int:
    """Delete this owner's copies, within the new file's span, that the new export no longer holds."""
    removed = 0
    stale = session.scalars(select(MeetingCopy).where(MeetingCopy.owner_email == owner_email)).all()
    for copy in stale:
        if copy.id in kept:
            continue
        day = copy.start.date() if copy.all_day else local_day(copy.start)
        if not span[0] <= day <= span[1]:
            continue
        meeting = copy.meeting
        meeting.copies.remove(copy)
        session.delete(copy)
        removed += 1
        if meeting.copies:
            apply_newest(meeting)
        else:
            session.delete(meeting)
    return removed
