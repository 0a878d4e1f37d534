"""Importing calendar files, as a user asks for it: read, check, store, recompute, summarise.

Shared by the CLI and the web upload. Nothing is written until every file has
been read and checked; the caller's transaction then holds all of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

import importers
from importers import CalendarFileError, ReadResult

from .ingest import FileSummary, store_calendar
from .models import CalendarImport
from .recompute import recompute
from .registry import Registry
from .settings import Settings


class OwnerUnknown(ValueError):
    """Whose calendar a file is cannot be told without doubt."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    owner: str | None = None


def resolve_owner(result: ReadResult, given: str | None) -> str:
    """The owner the user gave, or the one the file names without doubt; otherwise refuse."""
    owner = (given or "").strip().lower()
    if owner:
        return owner
    if result.owner_certain and result.owner_hint:
        return result.owner_hint
    guess = f" (it may be {result.owner_hint})" if result.owner_hint else ""
    raise OwnerUnknown(
        f"{result.filename}: whose calendar this is cannot be told from the file{guess}; "
        "give the owner's email address (--owner)"
    )


def read_upload(
    upload: Upload, *, today: date | None = None, date_format: str | None = None
) -> list[tuple[ReadResult, str, str]]:
    """(result, owner, sha256) for each calendar in one upload; raises on a file that cannot be imported."""
    results = importers.read(upload.data, upload.filename, today=today, date_format=date_format)
    return [(result, resolve_owner(result, upload.owner), result.sha256) for result in results]


def check_readable(results: list[tuple[ReadResult, str, str]], *, skip_invalid: bool) -> None:
    """Refuse files with events that could not be read, unless the user chose to skip them."""
    if skip_invalid:
        return
    for result, _, _ in results:
        if result.errors:
            first = result.errors[0]
            more = f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else ""
            raise CalendarFileError(
                result.filename,
                f"{first.message}{more}; nothing was imported. Fix the file, or import the rest with --skip-invalid",
                line=first.line,
                event=first.event,
            )


def import_calendars(
    session: Session,
    results: list[tuple[ReadResult, str, str]],
    settings: Settings,
    *,
    imported_by: str = "",
    progress: Callable[[str], None] | None = None,
    batch: str | None = None,
) -> list[FileSummary]:
    """Store every file, recompute attendances once, and count what each file gave.

    ``progress`` is called with each file's name as it is stored (for progress bars).
    """
    summaries = []
    for result, owner, sha in results:
        summaries.append(
            store_calendar(session, result, owner_email=owner, sha256=sha, imported_by=imported_by, batch=batch)
        )
        if progress:
            progress(result.filename)
    outcome = recompute(session, settings)
    registry = Registry.load(session)
    for summary in summaries:
        owner_id = registry.person_for(summary.owner, None)
        excluded: dict[str, int] = {}
        attributed = unattributed = 0
        for mid in summary.meeting_ids:
            reason = outcome.excluded.get(mid)
            if reason is None and owner_id is not None and owner_id in outcome.declined.get(mid, set()):
                reason = "declined" if "declined" not in settings.counted_exclusions else None
            if reason:
                excluded[reason] = excluded.get(reason, 0) + 1
                continue
            if outcome.partnership.get(mid) is not None:
                attributed += 1
            else:
                unattributed += 1
        if unattributed:
            excluded["outside_partnership"] = unattributed
        summary.attributed, summary.unattributed, summary.excluded = attributed, unattributed, excluded
        if not summary.already_imported:
            record = session.get(CalendarImport, summary.import_id)
            record.summary = summary.as_json()
    session.flush()
    return summaries
