"""Changing the practice library: an entry added, changed or removed, in the request's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..domain.entries import InvalidEntry
from ..domain.library import LibraryEntryInput
from ..store import library


def save_entry(
    session: Session, entry: LibraryEntryInput, by: str, entry_id: int | None = None, at: datetime | None = None
) -> int:
    item = None if entry_id is None else library.find_entry(session, entry_id)
    if entry_id is not None and item is None:
        raise InvalidEntry("title", "that entry is no longer in the library")
    return library.save_entry(session, entry, by, item, at).id


def remove_entry(session: Session, entry_id: int) -> None:
    item = library.find_entry(session, entry_id)
    if item is not None:
        library.remove_entry(session, item)
