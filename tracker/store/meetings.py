"""The only writer of imported calendars: occurrences -> one meeting each, with a copy per calendar.

A meeting is one occurrence however many calendars hold it; the newest copy (highest
SEQUENCE, then latest DTSTAMP) decides its time and title. Nothing here commits, so a
command or request that stores several files commits them together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from importers import Occurrence, ReadResult
from importers.events import iso, normalise_title

from ..domain.local_time import local_day
from ..models import CalendarImport, Meeting, MeetingAddress, MeetingCopy

FLOOR = datetime.min.replace(tzinfo=UTC)


def identity(o: Occurrence) -> str:
    if o.uid:
        return f"uid:{o.uid}|{o.recurrence_id or ''}"
    return "key:" + match_key(o)


def match_key(o: Occurrence) -> str:
    """How copies without a UID (Outlook CSV) find the meeting: title, start and end."""
    return _match_key(o.title, o.private, o.start_iso, o.end_iso)


def _match_key(title: str, private: bool, start: str, end: str) -> str:
    return f"{'(private)' if private else normalise_title(title)}|{start}|{end}"


def series_key(o: Occurrence) -> str:
    if o.uid:
        return f"uid:{o.uid}"
    return "title:" + ("(private)" if o.private else normalise_title(o.title))


@dataclass
class StoredCounts:
    """What storing one file did to the meetings, in the import summary's terms, and which meetings
    changed (a copy added, changed or taken out): the ones whose attendances must be worked out again."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    meeting_ids: list[int] = field(default_factory=list)
    changed: set[int] = field(default_factory=set)


def find_import(session: Session, sha256: str, owner_email: str) -> CalendarImport | None:
    """The import of exactly this file for this owner, if there was one."""
    return session.scalar(
        select(CalendarImport).where(CalendarImport.sha256 == sha256, CalendarImport.owner_email == owner_email)
    )


def owners_of_file(session: Session, sha256: str) -> list[str]:
    """Whose calendars a file with this content was imported as."""
    query = select(CalendarImport.owner_email).where(CalendarImport.sha256 == sha256).distinct()
    return sorted(session.scalars(query))


def meeting_ids_of(session: Session, record: CalendarImport) -> list[int]:
    return list(session.scalars(select(MeetingCopy.meeting_id).where(MeetingCopy.import_id == record.id)))


def by_ids(session: Session, ids: list[int]) -> list[Meeting]:
    found: list[Meeting] = []
    for chunk in _chunks(sorted(set(ids))):
        found.extend(session.scalars(select(Meeting).where(Meeting.id.in_(chunk))))
    return found


def owner_attendees(session: Session, owner_email: str, ids: list[int]) -> dict[int, list[list]]:
    """Whom the owner's own copy of each of these meetings lists, as ``[email, name, partstat]``."""
    listed: dict[int, list[list]] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = select(MeetingCopy.meeting_id, MeetingCopy.attendees).where(
            MeetingCopy.owner_email == owner_email, MeetingCopy.meeting_id.in_(chunk)
        )
        listed.update((meeting_id, json.loads(attendees)) for meeting_id, attendees in session.execute(query))
    return listed


def add_import(
    session: Session,
    result: ReadResult,
    *,
    owner_email: str,
    imported_by: str,
    batch: str | None,
    now: datetime | None = None,
) -> CalendarImport:
    span = result.span()
    record = CalendarImport(
        filename=result.filename,
        sha256=result.sha256,
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
    return record


def store_occurrences(session: Session, record: CalendarImport, occurrences: list[Occurrence]) -> StoredCounts:
    """Merge one file's occurrences into the meetings; remove what a newer export of the calendar dropped."""
    owner_email = record.owner_email
    counts = StoredCounts()
    kept: list[MeetingCopy] = []
    stored: list[tuple[Meeting, bool]] = []
    meetings = _existing_meetings(session, occurrences)
    for occ in _deduplicated(occurrences):
        attendees = [[a.email, a.name, a.partstat] for a in occ.attendees]
        meeting = _meeting_for(session, occ, meetings)
        copy = next((c for c in meeting.copies if c.owner_email == owner_email), None)
        fingerprint = _fingerprint(occ, attendees)
        changed = copy is None or copy.fingerprint != fingerprint
        if copy is None:
            copy = MeetingCopy(owner_email=owner_email)
            meeting.copies.append(copy)
            counts.new += 1
        elif not changed:
            counts.unchanged += 1
        else:
            counts.updated += 1
        _fill_copy(copy, occ, attendees, fingerprint, record.id)
        apply_newest(meeting)
        kept.append(copy)
        stored.append((meeting, changed))
    session.flush()  # once: new meetings and copies get their ids here
    counts.meeting_ids = [meeting.id for meeting, _ in stored]
    counts.changed = {meeting.id for meeting, changed in stored if changed}
    if record.span_start and record.span_end:
        dropped = _remove_dropped(session, owner_email, (record.span_start, record.span_end), {c.id for c in kept})
        counts.removed = len(dropped)
        counts.changed |= dropped
    session.flush()
    return counts


def remove_import(session: Session, record: CalendarImport) -> set[int]:
    """Take out the copies an import holds, then the import; returns the meetings that lost a copy."""
    copies = session.scalars(select(MeetingCopy).where(MeetingCopy.import_id == record.id)).all()
    for copy in copies:
        remove_copy(session, copy)
    session.flush()  # copies first: the database would cascade them away with the import row
    session.delete(record)
    session.flush()
    return {copy.meeting_id for copy in copies}


def remove_copy(session: Session, copy: MeetingCopy) -> None:
    """One calendar no longer holds the meeting: the newest remaining copy decides.

    A meeting no calendar holds any more is left for ``drop_empty``, which the attendance refresh
    calls once it has read who attended it (their other meetings' shares of time change).
    """
    meeting = copy.meeting
    meeting.copies.remove(copy)  # delete-orphan deletes the copy
    if meeting.copies:
        apply_newest(meeting)


def drop_empty(session: Session, meeting_ids: set[int]) -> None:
    """Delete the meetings among these that no calendar holds (their attendances go with them)."""
    held = set(session.scalars(select(MeetingCopy.meeting_id).where(MeetingCopy.meeting_id.in_(meeting_ids))))
    empty = meeting_ids - held
    for chunk in _chunks(sorted(empty)):
        session.execute(delete(Meeting).where(Meeting.id.in_(chunk)))


def address_key(email: str | None, name: str | None) -> str:
    """How a listed person is known: their address, or their display name when there is none (Outlook CSV)."""
    return (email or "").strip().lower() or "name:" + " ".join((name or "").lower().split())


def index_addresses(session: Session, meetings: list[Meeting]) -> None:
    """Record everyone these meetings' copies list (owners included), replacing what was recorded."""
    ids = [m.id for m in meetings]
    for chunk in _chunks(ids):
        session.execute(delete(MeetingAddress).where(MeetingAddress.meeting_id.in_(chunk)))
    rows: list[dict] = []
    for meeting in meetings:
        listed: dict[str, str] = {}
        for copy in meeting.copies:
            listed.setdefault(address_key(copy.owner_email, None), "")
            for email, name, _ in json.loads(copy.attendees):
                if email or name:
                    listed.setdefault(address_key(email, name), (name or "")[:200])
        rows.extend({"meeting_id": meeting.id, "key": k[:400], "name": n} for k, n in listed.items())
    for i in range(0, len(rows), 1000):
        session.execute(insert(MeetingAddress), rows[i : i + 1000])


def meetings_listing(session: Session, keys: set[str]) -> set[int]:
    """The meetings that list any of these addresses."""
    found: set[int] = set()
    for chunk in _chunks(sorted(keys)):
        found.update(session.scalars(select(MeetingAddress.meeting_id).where(MeetingAddress.key.in_(chunk))))
    return found


def _chunks(items: list, size: int = 500) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def newest(copies: list[MeetingCopy]) -> MeetingCopy:
    """The copy that decides time and title: highest SEQUENCE, then latest DTSTAMP, then latest import."""
    return max(copies, key=lambda c: (c.sequence, c.dtstamp or FLOOR, c.import_id or 0))


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
    start, end = (iso(t.date()) if best.all_day else iso(t) for t in (best.start, best.end))
    meeting.match_key = _match_key(best.title, meeting.private, start, end)


def _as_datetime(value: datetime | date) -> datetime:
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


def _deduplicated(occurrences: list[Occurrence]) -> list[Occurrence]:
    """One file may list the same instance twice (a series and an orphan override): the newer wins."""
    best: dict[str, Occurrence] = {}
    for occ in occurrences:
        key = identity(occ)
        if key not in best or (occ.sequence, occ.dtstamp or FLOOR) >= (best[key].sequence, best[key].dtstamp or FLOOR):
            best[key] = occ
    return list(best.values())


def _existing_meetings(session: Session, occurrences: list[Occurrence]) -> dict[str, Meeting]:
    """Meetings the file may touch, by identity and by match key, loaded in a few queries."""
    keys = sorted({identity(o) for o in occurrences} | {"key:" + match_key(o) for o in occurrences})
    matches = sorted({match_key(o) for o in occurrences})
    found: dict[str, Meeting] = {}
    with_copies = selectinload(Meeting.copies)
    for i in range(0, len(keys), 500):
        query = select(Meeting).where(Meeting.identity.in_(keys[i : i + 500])).options(with_copies)
        for m in session.scalars(query):
            found[m.identity] = m
    for i in range(0, len(matches), 500):
        query = select(Meeting).where(Meeting.match_key.in_(matches[i : i + 500])).options(with_copies)
        for m in session.scalars(query):
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


def _remove_dropped(session: Session, owner_email: str, span: tuple[date, date], kept: set[int]) -> set[int]:
    """Delete this owner's copies, within the new file's span, that the new export no longer holds;
    returns the meetings that lost one."""
    removed = set()
    for copy in session.scalars(select(MeetingCopy).where(MeetingCopy.owner_email == owner_email)).all():
        if copy.id in kept:
            continue
        day = copy.start.date() if copy.all_day else local_day(copy.start)
        if span[0] <= day <= span[1]:
            removed.add(copy.meeting_id)
            remove_copy(session, copy)
    return removed
