"""Taking one import's contribution back out. The caller commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .ingest import apply_newest
from .models import CalendarImport, MeetingCopy
from .recompute import recompute
from .settings_store import load_settings


def undo_import(session: Session, record: CalendarImport) -> int:
    """Remove the copies this import holds (meetings no other calendar holds go too), then recompute.

    Copies an earlier export of the same calendar held were replaced by this import, so
    they do not come back: re-import that earlier file to restore them.
    """
    copies = session.scalars(select(MeetingCopy).where(MeetingCopy.import_id == record.id)).all()
    for copy in copies:
        meeting = copy.meeting
        meeting.copies.remove(copy)  # delete-orphan removes the copy
        if meeting.copies:
            apply_newest(meeting)
        else:
            session.delete(meeting)
    session.flush()  # copies first: the database would cascade them away with the import row
    session.delete(record)
    session.flush()
    recompute(session, load_settings(session))
    return len(copies)
