"""What was imported, when and by whom, with each file's stored summary."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.calendar_scope import CalendarScope
from ..domain.paging import page_of
from ..models import CalendarImport, MeetingCopy, UndoneImport
from .calendar_scope import owned_within


class ImportRecord(NamedTuple):
    record: CalendarImport
    summary: dict[str, Any]


def _records(session: Session, query) -> list[ImportRecord]:
    return [ImportRecord(i, json.loads(i.summary)) for i in session.scalars(query)]


# Imports a page of the history lists: a locality's 500 people each imported once made a page of 471 kB.
HISTORY_PAGE = 50


class HistoryPage(NamedTuple):
    records: list[ImportRecord]
    number: int  # held to the pages there are
    pages: int
    first: int  # the first shown is the ``first``-th newest, from 1 (0 when there is none)
    total: int


def history(session: Session, *, scope: CalendarScope, page: int = 1) -> HistoryPage:
    """A page of the imports of the calendars the scope covers (a manager's: their organisation's staff's,
    whoever imported them), newest first: every import is on a page, none left out."""
    owned = owned_within(CalendarImport.owner_email, scope)
    total = session.scalar(select(func.count(CalendarImport.id)).where(owned)) or 0
    number, pages = page_of(page, total, HISTORY_PAGE)
    query = select(CalendarImport).where(owned)
    query = query.order_by(CalendarImport.imported_at.desc(), CalendarImport.id.desc())
    records = _records(session, query.limit(HISTORY_PAGE).offset((number - 1) * HISTORY_PAGE))
    return HistoryPage(records, number, pages, (number - 1) * HISTORY_PAGE + 1 if records else 0, total)


def batch(session: Session, token: str) -> list[ImportRecord]:
    """The files uploaded together under one upload token."""
    return _records(session, select(CalendarImport).where(CalendarImport.batch == token).order_by(CalendarImport.id))


def find(session: Session, import_id: int) -> CalendarImport | None:
    return session.get(CalendarImport, import_id)


def copies_held(session: Session, record: CalendarImport) -> int:
    """How many meeting copies the import holds now: what undoing it removes."""
    return session.scalar(select(func.count(MeetingCopy.id)).where(MeetingCopy.import_id == record.id)) or 0


def undone(session: Session, *, scope: CalendarScope, limit: int = 100) -> list[UndoneImport]:
    """Undone imports that can be restored, of the calendars the scope covers, the latest first."""
    query = select(UndoneImport).where(owned_within(UndoneImport.owner_email, scope))
    query = query.order_by(UndoneImport.undone_at.desc(), UndoneImport.id.desc()).limit(limit)
    return list(session.scalars(query))


def find_undone(session: Session, undone_id: int) -> UndoneImport | None:
    return session.get(UndoneImport, undone_id)
