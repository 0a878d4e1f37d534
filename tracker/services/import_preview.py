"""What an import would do, meeting by meeting, shown before anything is kept (the upload preview)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from importers import Deadline
from importers.deadline import NO_DEADLINE

from ..domain.attendance import excluded_for
from ..reports.settings import load_settings
from ..store import meetings, registers
from . import verdicts
from .calendar_import import FileSummary, ReadCalendar, import_calendars


@dataclass(frozen=True)
class PreviewRow:
    start: datetime
    title: str
    partnership: str | None
    reason: str
    excluded: str | None


@dataclass(frozen=True)
class Preview:
    summary: FileSummary
    rows: list[PreviewRow]


def preview_import(
    session: Session,
    calendars: list[ReadCalendar],
    *,
    imported_by: str,
    limit: int = 500,
    deadline: Deadline = NO_DEADLINE,
) -> list[Preview]:
    """What an import would do, meeting by meeting, without keeping any of it: everything is rolled back.

    Only what the page shows is worked out: each meeting's partnership and why, not anyone's costed time.
    ``deadline`` is checked as each file is stored (``importers.OutOfTime`` past it, all rolled back).
    """
    try:
        summaries = import_calendars(
            session, calendars, imported_by=imported_by, rehearsal=True, progress=deadline.check
        )
        counted = load_settings(session).counted_exclusions
        names = registers.read_partnership_names(session)
        previews = []
        for summary in summaries:
            shown = meetings.load_by_start(session, summary.meeting_ids[:limit])
            own = meetings.owner_copies(session, summary.owner, [m.id for m in shown])
            rows = [
                PreviewRow(
                    m.start,
                    m.title or "(private)",
                    names.get(m.partnership_id) if m.partnership_id else None,
                    m.attribution,
                    excluded_for(m, verdicts.owner_standing(m, own.get(m.id)), counted),
                )
                for m in shown
            ]
            previews.append(Preview(summary, rows))
        return previews
    finally:
        session.rollback()
