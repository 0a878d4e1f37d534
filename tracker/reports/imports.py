"""What was imported, when and by whom, with each file's stored summary."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import CalendarImport, MeetingCopy, UndoneImport


class ImportRecord(NamedTuple):
    record: CalendarImport
    summary: dict[str, Any]


def _records(session: Session, query) -> list[ImportRecord]:
    return [ImportRecord(i, json.loads(i.summary)) for i in session.scalars(query)]


def history(session: Session, *, imported_by: str | None, limit: int = 500) -> list[ImportRecord]:
    """Newest first; ``imported_by=None`` for everyone's."""
    query = select(CalendarImport).order_by(CalendarImport.imported_at.desc(), CalendarImport.id.desc())
    if imported_by is not None:
        query = query.where(CalendarImport.imported_by == imported_by)
    return _records(session, query.limit(limit))


def batch(session: Session, token: str) -> list[ImportRecord]:
    """The files uploaded together under one upload token."""
    return _records(session, select(CalendarImport).where(CalendarImport.batch == token).order_by(CalendarImport.id))


def find(session: Session, import_id: int) -> CalendarImport | None:
    return session.get(CalendarImport, import_id)


def copies_held(session: Session, record: CalendarImport) -> int:
    """How many meeting copies the import holds now: what undoing it removes."""
    return session.scalar(select(func.count(MeetingCopy.id)).where(MeetingCopy.import_id == record.id)) or 0


def undone(session: Session, *, imported_by: str | None, limit: int = 100) -> list[UndoneImport]:
    """Undone imports that can be restored, the latest first (one person's, or everyone's when None)."""
    query = select(UndoneImport).order_by(UndoneImport.undone_at.desc(), UndoneImport.id.desc()).limit(limit)
    if imported_by is not None:
        query = query.where(UndoneImport.imported_by == imported_by)
    return list(session.scalars(query))


def find_undone(session: Session, undone_id: int) -> UndoneImport | None:
    return session.get(UndoneImport, undone_id)
