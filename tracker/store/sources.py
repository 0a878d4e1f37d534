"""Connected calendars as stored: the sources, their owners, and the objects each last fetched."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

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


def remove(session: Session, source: CalendarSource) -> None:
    session.execute(delete(SourceEvent).where(SourceEvent.source_id == source.id))
    session.delete(source)
    session.flush()


def known_tags(session: Session, source_id: int) -> dict[str, str]:
    """Each object's address -> the tag it had when last fetched."""
    query = select(SourceEvent.href, SourceEvent.tag).where(SourceEvent.source_id == source_id)
    return {href: tag for href, tag in session.execute(query)}


def bodies(session: Session, source_id: int) -> list[str]:
    """Every object's text, by address: the same objects always in the same order (the same bytes)."""
    query = select(SourceEvent.body).where(SourceEvent.source_id == source_id).order_by(SourceEvent.href)
    return list(session.scalars(query))


def apply(session: Session, source_id: int, changed: Mapping[str, tuple[str, str]], deleted: set[str]) -> None:
    """The objects a sync brought stored, and those deleted on the server let go."""
    for chunk in bulk.chunks(sorted(set(deleted) | set(changed))):
        session.execute(delete(SourceEvent).where(SourceEvent.source_id == source_id, SourceEvent.href.in_(chunk)))
    session.add_all(SourceEvent(source_id=source_id, href=h, tag=t, body=b) for h, (t, b) in changed.items())
    session.flush()


def import_hash(session: Session, import_id: int | None) -> str | None:
    """The content hash of that import, if it is still there (not undone)."""
    return session.scalar(select(CalendarImport.sha256).where(CalendarImport.id == import_id)) if import_id else None
