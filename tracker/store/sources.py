"""Connected calendars as stored: the sources, their owners, and the objects each last fetched."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from importers.joining import ends_before, unfolded

from ..models import CalendarImport, CalendarSource, SourceEvent
from . import bulk


def store_new(session: Session, source: CalendarSource) -> CalendarSource:
    session.add(source)
    session.flush()
    return source


def find(session: Session, source_id: int) -> CalendarSource | None:
    return session.get(CalendarSource, source_id)


def ids_to_sync(session: Session, now: datetime | None = None) -> list[int]:
    """The sources not paused (and, given ``now``, due by then), oldest sync first."""
    query = select(CalendarSource.id).where(CalendarSource.paused.is_(False))
    if now is not None:
        query = query.where((CalendarSource.next_run_at.is_(None)) | (CalendarSource.next_run_at <= now))
    return list(session.scalars(query.order_by(CalendarSource.last_tried_at.nulls_first(), CalendarSource.id)))


def claim(session: Session, source_id: int, now: datetime, lease: timedelta) -> bool:
    """The source marked as being synced from ``now``, unless a sync of it began less than ``lease`` ago:
    whether this sync has it. One statement, so of two syncs claiming at once one wins (PostgreSQL makes
    the second wait for the first's commit and then finds the row taken; SQLite has one writer)."""
    claimed = session.execute(
        update(CalendarSource)
        .where(
            CalendarSource.id == source_id,
            or_(CalendarSource.syncing_since.is_(None), CalendarSource.syncing_since < now - lease),
        )
        .values(syncing_since=now)
        .execution_options(synchronize_session=False)
    )
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def release(session: Session, source_id: int, claimed_at: datetime) -> None:
    """The claim made at ``claimed_at`` let go, if it is still the source's."""
    session.execute(
        update(CalendarSource)
        .where(CalendarSource.id == source_id, CalendarSource.syncing_since == claimed_at)
        .values(syncing_since=None)
        .execution_options(synchronize_session=False)
    )


def syncing_since(session: Session, source_id: int) -> datetime | None:
    return session.scalar(select(CalendarSource.syncing_since).where(CalendarSource.id == source_id))


def remove(session: Session, source: CalendarSource) -> None:
    session.execute(delete(SourceEvent).where(SourceEvent.source_id == source.id))
    session.delete(source)
    session.flush()


def known_tags(session: Session, source_id: int) -> dict[str, str]:
    """Each object's address -> the tag it had when last fetched."""
    query = select(SourceEvent.href, SourceEvent.tag).where(SourceEvent.source_id == source_id)
    return {href: tag for href, tag in session.execute(query)}


def bodies(session: Session, source_id: int) -> list[str]:
    """Every object's text, by address: the same objects always in the same order (the same bytes); an
    object retired by retention (its text let go, its tag kept) is left out."""
    query = (
        select(SourceEvent.body)
        .where(SourceEvent.source_id == source_id, SourceEvent.body != "")
        .order_by(SourceEvent.href)
    )
    return list(session.scalars(query))


def apply(session: Session, source_id: int, changed: Mapping[str, tuple[str, str]], deleted: set[str]) -> None:
    """The objects a sync brought stored, and those deleted on the server let go."""
    for chunk in bulk.chunks(sorted(set(deleted) | set(changed))):
        session.execute(delete(SourceEvent).where(SourceEvent.source_id == source_id, SourceEvent.href.in_(chunk)))
    session.add_all(SourceEvent(source_id=source_id, href=h, tag=t, body=unfolded(b)) for h, (t, b) in changed.items())
    session.flush()


def retire(session: Session, cutoff: date) -> int:
    """Retention of what connected calendars keep: the text of every kept object whose events all began
    before ``cutoff`` (a day's margin: an object's times are in its own time zone) let go, its address and
    tag kept, so the server is not asked for it again and it is left out of the calendars imported; and every
    source's imports from now on leave out the days before ``cutoff`` (``ReadResult.leave_out_before``), as
    the meetings of those days were retired: neither taken for deleted nor given their titles back by a
    series still held whole. How many objects were let go."""
    margin = cutoff - timedelta(days=1)
    retired = []
    query = select(SourceEvent.id, SourceEvent.body).where(SourceEvent.body != "").order_by(SourceEvent.id)
    for object_id, body in session.execute(query.execution_options(yield_per=1000)):
        if ends_before(body, margin):
            retired.append({"id": object_id, "body": ""})
    bulk.execute(session, update(SourceEvent), retired)
    later = or_(CalendarSource.retired_before.is_(None), CalendarSource.retired_before < cutoff)
    bulk.execute(session, update(CalendarSource).where(later).values(retired_before=cutoff))
    return len(retired)


def import_hash(session: Session, import_id: int | None) -> str | None:
    """The content hash of that import, if it is still there (not undone)."""
    return session.scalar(select(CalendarImport.sha256).where(CalendarImport.id == import_id)) if import_id else None
