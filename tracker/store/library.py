"""Writing the practice library (the full-text index follows on its own: see migration 0019)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..domain.entries import InvalidEntry
from ..domain.library import LibraryEntryInput, stored_tags
from ..models import LibraryEntry, Partnership


def save_entry(
    session: Session, entry: LibraryEntryInput, by: str, item: LibraryEntry | None = None, at: datetime | None = None
) -> LibraryEntry:
    """``at``: when it was written (default now; the demo stamps its own day, to stay the same each run)."""
    if entry.partnership_id is not None and session.get(Partnership, entry.partnership_id) is None:
        raise InvalidEntry("partnership", "is not in the register")
    now = at or datetime.now(UTC)
    if item is None:
        item = LibraryEntry(created_by=by, created_at=now)
        session.add(item)
    item.title, item.kind, item.body = entry.title, entry.kind, entry.body
    item.tags, item.partnership_id, item.updated_at = stored_tags(entry.tags), entry.partnership_id, now
    session.flush()
    return item


def remove_entry(session: Session, item: LibraryEntry) -> None:
    session.delete(item)
    session.flush()


def find_entry(session: Session, entry_id: int) -> LibraryEntry | None:
    return session.get(LibraryEntry, entry_id)
