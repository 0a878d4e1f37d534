"""Imports, meetings, who they list and what they are attributed to: the records around the copies
``copies`` writes.

A meeting is one occurrence however many calendars hold it; the newest copy (highest
SEQUENCE, then latest DTSTAMP) decides its time and title. Nothing here commits, so a
command or request that stores several files commits them together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.util import identity_key

from importers import ReadResult

from ..domain.attribution import Attribution
from ..domain.local_time import ZONE, meeting_day
from ..models import Attendance, CalendarImport, Meeting, MeetingAddress, MeetingCopy
from . import attendance_rows, bulk, monthly
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


def find_meeting(session: Session, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


def find_series_title(session: Session, series_key: str | None) -> str | None:
    """The title of one of the series' meetings (a series is one title)."""
    return session.scalar(select(Meeting.title).where(Meeting.series_key == series_key).limit(1))


def at_least(session: Session, count: int) -> bool:
    """Whether there are at least ``count`` meetings: counting them all cost a save at 500 people 80 ms on
    PostgreSQL; this reads no more than ``count`` ids."""
    first = select(Meeting.id).limit(count).subquery()
    return (session.scalar(select(func.count()).select_from(first)) or 0) >= count


def read_meeting_ids(session: Session) -> set[int]:
    """Every stored meeting."""
    return set(session.scalars(select(Meeting.id)))


def load_with_copies(session: Session, ids: set[int]) -> list[Meeting]:
    """These meetings with their copies, as stored now (copies are written in bulk, past the ORM)."""
    found: list[Meeting] = []
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        query = select(Meeting).where(Meeting.id.in_(ordered[i : i + 500])).options(selectinload(Meeting.copies))
        query = query.execution_options(populate_existing=True)
        found.extend(session.scalars(query))
    return found


def load_by_start(session: Session, ids: Sequence[int]) -> list[Meeting]:
    """These meetings, earliest first (what a preview shows)."""
    return list(session.scalars(select(Meeting).where(Meeting.id.in_(list(ids))).order_by(Meeting.start)))


def held_in_session(session: Session, ids: Iterable[int]) -> set[int]:
    """Which of these meetings the session already holds as objects (someone's, to stay attached)."""
    return {mid for mid in ids if session.identity_map.get(identity_key(Meeting, mid)) is not None}


def let_go(session: Session, meetings: list[Meeting], keep: set[int]) -> None:
    """Write what was worked out onto these meetings, then let go of the objects but those in ``keep``:
    a bulk load of a directorate's calendars then holds verdicts, not a hundred thousand meetings."""
    session.flush()
    for meeting in meetings:
        if meeting.id not in keep:
            session.expunge(meeting)


AttributionInputs = tuple[int, str, str, bool, str, "int | None", str]


def read_attribution_inputs(
    session: Session, *, only: tuple[set[str], set[int]] | None = None
) -> list[AttributionInputs]:
    """Every meeting's id (or ``only`` those of these series and these ids), what the rules match (title,
    categories, private), its series, and its partnership and why as stored: what a pass over all meetings
    attributes again. Retired meetings (titles removed by the retention setting) are left out: they keep the
    partnership they had."""
    query = select(
        Meeting.id,
        Meeting.title,
        Meeting.categories,
        Meeting.private,
        Meeting.series_key,
        Meeting.partnership_id,
        Meeting.attribution,
    ).where(Meeting.retired_on.is_(None))
    if only is not None:
        series, ids = only
        query = query.where(or_(Meeting.series_key.in_(sorted(series)), Meeting.id.in_(sorted(ids))))
    session.flush()  # the rows are updated in bulk after this: write pending changes first
    return list(session.execute(query).all())


def write_attributions(session: Session, changed: dict[int, Attribution]) -> None:
    """These meetings now count for another partnership (or none), their attendance rows with them; the
    objects the session holds are forgotten, as the rows were updated past them."""
    # One statement per (partnership, reason) and chunk: a save moves thousands of meetings to a few labels,
    # which row by row was thousands of updates.
    alike: dict[tuple[int | None, str], list[int]] = {}
    for mid, a in changed.items():
        alike.setdefault((a.partnership_id, a.reason), []).append(mid)
    for (partnership_id, reason), ids in alike.items():
        for chunk in bulk.chunks(sorted(ids)):
            values = {"partnership_id": partnership_id, "attribution": reason}
            bulk.execute(session, update(Meeting).where(Meeting.id.in_(chunk)).values(**values))
    attendance_rows.relabel(session, {mid: a.partnership_id for mid, a in changed.items()})
    session.expire_all()


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


def shown(session: Session, ids: Sequence[int]) -> list[Shown]:
    columns = (Meeting.id, Meeting.status, Meeting.private, Meeting.all_day, Meeting.transparent, Meeting.start,
               Meeting.end, Meeting.partnership_id)  # fmt: skip
    found: list[Shown] = []
    for chunk in bulk.chunks(sorted(set(ids))):
        found.extend(Shown(*row) for row in session.execute(select(*columns).where(Meeting.id.in_(chunk))))
    return found


@dataclass(frozen=True)
class OwnCopy:
    """What the owner's own copy of a meeting says: whom it lists (``[email, name, partstat]``), its
    STATUS and whether it is shown as free."""

    attendees: list[list]
    status: str | None
    transparent: bool


def owner_copies(session: Session, owner_email: str, ids: Sequence[int]) -> dict[int, OwnCopy]:
    """The owner's own copy of each of these meetings."""
    found: dict[int, OwnCopy] = {}
    columns = (MeetingCopy.meeting_id, MeetingCopy.attendees, MeetingCopy.status, MeetingCopy.transparent)
    for chunk in bulk.chunks(sorted(set(ids))):
        query = select(*columns).where(MeetingCopy.owner_email == owner_email, MeetingCopy.meeting_id.in_(chunk))
        found.update((mid, OwnCopy(json.loads(listed), status, transparent)) for mid, listed, status, transparent
                     in session.execute(query))  # fmt: skip
    return found


def spans_of(session: Session, owner_email: str, *, excluding: int | None) -> list[tuple[date, date]]:
    """The days each of the owner's imports (but one) speaks for."""
    query = select(CalendarImport.span_start, CalendarImport.span_end).where(
        CalendarImport.owner_email == owner_email, CalendarImport.id != (excluding or 0)
    )
    return [(first, last) for first, last in session.execute(query) if first and last]


def read_import_spans(session: Session) -> list[tuple[str, date | None, date | None]]:
    """Every import's owner and the days it speaks for."""
    query = select(CalendarImport.owner_email, CalendarImport.span_start, CalendarImport.span_end)
    return [(owner, first, last) for owner, first, last in session.execute(query)]


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


def save_summaries(session: Session, summaries: list[tuple[int | None, str]]) -> None:
    """What each import gave (``import_id``, its summary as JSON), kept with its record."""
    for import_id, summary in summaries:
        record = session.get(CalendarImport, import_id)
        assert record is not None
        record.summary = summary
    session.flush()


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


def meetings_listing_between(session: Session, keys: set[str], first: date, last: date) -> set[int]:
    """Meetings that list any of these addresses on a local day from ``first`` to ``last``."""
    low = datetime.combine(first - timedelta(days=1), time(), ZONE)
    high = datetime.combine(last + timedelta(days=2), time(), ZONE)
    query = (
        select(Meeting.id, Meeting.start, Meeting.all_day)
        .join(MeetingAddress, MeetingAddress.meeting_id == Meeting.id)
        .where(MeetingAddress.key.in_(sorted(keys)), Meeting.start >= low, Meeting.start < high)
    )
    return {mid for mid, start, all_day in session.execute(query) if first <= meeting_day(start, all_day) <= last}


def newest(copies: list[MeetingCopy]) -> MeetingCopy:
    """The copy that decides time and title: highest SEQUENCE, then latest DTSTAMP, then latest import."""
    return max(copies, key=lambda c: (c.sequence, c.dtstamp or FLOOR, c.import_id or 0))
