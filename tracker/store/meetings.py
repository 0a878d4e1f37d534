"""Imports, meetings and who they list: the records around the copies ``copies`` writes.

A meeting is one occurrence however many calendars hold it; the newest copy (highest
SEQUENCE, then latest DTSTAMP) decides its time and title. Nothing here commits, so a
command or request that stores several files commits them together or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from importers import ReadResult

from ..models import Attendance, CalendarImport, Meeting, MeetingAddress, MeetingCopy
from . import bulk, monthly
from .copies import StoredCounts, remove_import, settle, store_occurrences
from .meeting_keys import FLOOR

__all__ = ["StoredCounts", "remove_import", "settle", "store_occurrences"]


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


@dataclass(frozen=True)
class Shown:
    """What the import summary needs of a meeting: whether it is costed, and for which partnership."""

    id: int
    status: str | None
    private: bool
    all_day: bool
    transparent: bool
    start: datetime
    end: datetime
    partnership_id: int | None


def shown(session: Session, ids: list[int]) -> list[Shown]:
    columns = (Meeting.id, Meeting.status, Meeting.private, Meeting.all_day, Meeting.transparent, Meeting.start,
               Meeting.end, Meeting.partnership_id)  # fmt: skip
    found: list[Shown] = []
    for chunk in bulk.chunks(sorted(set(ids))):
        found.extend(Shown(*row) for row in session.execute(select(*columns).where(Meeting.id.in_(chunk))))
    return found


def owner_attendees(session: Session, owner_email: str, ids: list[int]) -> dict[int, list[list]]:
    """Whom the owner's own copy of each of these meetings lists, as ``[email, name, partstat]``."""
    listed: dict[int, list[list]] = {}
    for chunk in bulk.chunks(sorted(set(ids))):
        query = select(MeetingCopy.meeting_id, MeetingCopy.attendees).where(
            MeetingCopy.owner_email == owner_email, MeetingCopy.meeting_id.in_(chunk)
        )
        listed.update((meeting_id, json.loads(attendees)) for meeting_id, attendees in session.execute(query))
    return listed


def spans_of(session: Session, owner_email: str, *, excluding: int | None) -> list[tuple[date, date]]:
    """The days each of the owner's imports (but one) speaks for."""
    query = select(CalendarImport.span_start, CalendarImport.span_end).where(
        CalendarImport.owner_email == owner_email, CalendarImport.id != (excluding or 0)
    )
    return [(first, last) for first, last in session.execute(query) if first and last]


def latest_readings(session: Session, owner_email: str) -> bytes | None:
    """What the owner's latest import stored of each UID's events (``importers.pack_groups``), if anything."""
    query = (
        select(CalendarImport.readings)
        .where(CalendarImport.owner_email == owner_email, CalendarImport.readings.is_not(None))
        .order_by(CalendarImport.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def add_import(
    session: Session,
    result: ReadResult,
    *,
    owner_email: str,
    imported_by: str,
    batch: str | None,
    now: datetime | None = None,
    readings: bytes | None = None,
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
        readings=readings,
    )
    if readings is not None:  # only the latest import's readings are ever handed back
        bulk.execute(
            session,
            update(CalendarImport).where(CalendarImport.owner_email == owner_email).values(readings=None),
        )
    session.add(record)
    session.flush()
    return record


def drop_empty(session: Session, meeting_ids: set[int]) -> None:
    """Delete the meetings among these that no calendar holds (their attendances go with them)."""
    held: set[int] = set()
    for chunk in bulk.chunks(sorted(meeting_ids)):  # PostgreSQL takes at most 65,535 parameters
        held.update(session.scalars(select(MeetingCopy.meeting_id).where(MeetingCopy.meeting_id.in_(chunk))))
    empty = meeting_ids - held
    for chunk in bulk.chunks(sorted(empty)):
        rows = session.execute(select(*monthly.SUMMED).where(Attendance.meeting_id.in_(chunk))).all()
        monthly.removed(session, rows, ())
        monthly.series_changed(session, session.scalars(select(Meeting.series_key).where(Meeting.id.in_(chunk))))
        session.execute(delete(Meeting).where(Meeting.id.in_(chunk)))


def address_key(email: str | None, name: str | None) -> str:
    """How a listed person is known: their address, or their display name when there is none (Outlook CSV)."""
    return (email or "").strip().lower() or "name:" + " ".join((name or "").lower().split())


def index_addresses(session: Session, meetings: list[Meeting]) -> None:
    """Record everyone these meetings' copies list (owners included), replacing what was recorded."""
    ids = [m.id for m in meetings]
    for chunk in bulk.chunks(ids):
        bulk.execute(session, delete(MeetingAddress).where(MeetingAddress.meeting_id.in_(chunk)))
    rows: list[dict] = []
    for meeting in meetings:
        listed: dict[str, str] = {}
        for copy in meeting.copies:
            listed.setdefault(address_key(copy.owner_email, None), "")
            for email, name, _ in json.loads(copy.attendees):
                if email or name:
                    listed.setdefault(address_key(email, name), (name or "")[:200])
        rows.extend({"meeting_id": meeting.id, "key": k[:400], "name": n} for k, n in listed.items())
    bulk.execute(session, insert(MeetingAddress), rows)


def meetings_listing(session: Session, keys: set[str]) -> set[int]:
    """The meetings that list any of these addresses."""
    found: set[int] = set()
    for chunk in bulk.chunks(sorted(keys)):
        found.update(session.scalars(select(MeetingAddress.meeting_id).where(MeetingAddress.key.in_(chunk))))
    return found


def newest(copies: list[MeetingCopy]) -> MeetingCopy:
    """The copy that decides time and title: highest SEQUENCE, then latest DTSTAMP, then latest import."""
    return max(copies, key=lambda c: (c.sequence, c.dtstamp or FLOOR, c.import_id or 0))
