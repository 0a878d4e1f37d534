"""Undoing an import and bringing it back: the one calendar's copies go (or return) and everything they
touched is worked out again, in the caller's transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..domain.periods import uncovered
from ..models import CalendarImport
from ..store import import_history, meetings
from . import attendances


def undo_import(session: Session, record: CalendarImport, *, by: str = "") -> int:
    """Remove the copies this import holds (meetings no other calendar holds go too); returns how many.

    Copies of an earlier export of the same calendar that this import replaced go back to that import,
    as they stood. What the undo removes is kept, so ``restore_import`` can bring it back.
    """
    copies = len(meetings.meeting_ids_of(session, record))
    span = _uncovered_span(session, record)
    import_history.keep_undone(session, record, by)
    changed = meetings.remove_import(session, record)
    attendances.refresh(session, attendances.Touched(meetings=changed, spans=span))
    return copies


def restore_import(session: Session, undone_id: int) -> CalendarImport:
    """Bring back an undone import as it stood, replacing (and keeping) what came back in its place."""
    undone = import_history.find_undone(session, undone_id)
    if undone is None:
        raise LookupError(f"undone import {undone_id} is not kept (restored already?)")
    record, changed = import_history.bring_back(session, undone)
    changed |= meetings.settle(session, changed)
    span = [(record.owner_email, record.span_start, record.span_end)] if record.span_start and record.span_end else []
    attendances.refresh(session, attendances.Touched(meetings=changed, spans=span))
    return record


def _uncovered_span(session: Session, record: CalendarImport) -> list[tuple[str, date, date]]:
    """The days of the import's span that no other import of the owner's speaks for."""
    if not (record.span_start and record.span_end):
        return []
    others = meetings.spans_of(session, record.owner_email, excluding=record.id)
    return [(record.owner_email, a, b) for a, b in uncovered(record.span_start, record.span_end, others)]
