"""Importing calendar files, as a user asks for it: read, check, store, bring attendances up to date, summarise.

Shared by the CLI, the web upload and the demo. Nothing is written until every
file has been read and checked; the caller's transaction then holds all of it.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

import importers
from importers import AmbiguousDateFormat, CalendarFileError, Deadline, ReadResult, owner_among_people
from importers.deadline import NO_DEADLINE

from ..domain.attendance import DECLINED, excluded_for
from ..domain.entries import EMAIL
from ..domain.periods import uncovered
from ..reports.settings import load_settings
from ..store import meetings, statistics
from ..store.register_snapshot import RegisterSnapshot
from . import attendances, verdicts
from .stored_readings import StoredReadings


class OwnerUnknown(ValueError):
    """Whose calendar a file is cannot be told without doubt, or the address given is not one."""

    def __init__(self, filename: str, *, hint: str | None = None, given: str | None = None) -> None:
        self.filename, self.hint = filename, hint
        if given:
            self.reason = f"{given!r} is not an email address"
        else:
            guess = f" (it may be {hint})" if hint else ""
            self.reason = f"whose calendar this is cannot be told from the file{guess}"
        super().__init__(f"{filename}: {self.reason}; give the owner's email address (--owner)")


@dataclass(frozen=True)
class Upload:
    """One file as a person handed it in: its name and bytes, whose calendar they say it is, and for an
    Outlook CSV the date order they chose (``dmy`` or ``mdy``), when the file cannot tell."""

    filename: str
    data: bytes
    owner: str | None = None
    date_format: str | None = None
    # A connected calendar's sync: imported even if an earlier import held the same bytes (it changed back
    # since: the caller has compared it with the source's latest import already).
    fresh: bool = False


@dataclass(frozen=True)
class ReadCalendar:
    """One calendar read from an upload, with the person whose calendar it is."""

    result: ReadResult
    owner: str
    uploaded_by: str | None = None  # who uploaded it, where one import gathers several people's uploads
    fresh: bool = False  # ``Upload.fresh``: never "already imported"


@dataclass
class FileSummary:
    """What one file did to the database, in the terms the README defines."""

    filename: str
    owner: str
    import_id: int | None = None
    events_read: int = 0
    occurrences: int = 0
    fewer: dict[str, int] = field(default_factory=dict)  # why fewer occurrences than events (importers)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    attributed: int = 0
    unattributed: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    unknown_attendees: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    horizon: str | None = None
    open_ended_series: int = 0
    already_imported: bool = False
    span: tuple[str, str] | None = None
    # Held as an array of 8-byte ids until the import's end counts what each file gave: a locality's
    # million as Python numbers in lists were 40 MB of an import's memory.
    meeting_ids: Sequence[int] = field(default_factory=list, repr=False)
    counted: bool = field(default=False, repr=False)

    def as_json(self) -> str:
        data = asdict(self)
        data.pop("meeting_ids")
        data.pop("counted")
        return json.dumps(data, sort_keys=True)


# What an earlier import of the same file counted, reported again when the file comes back unchanged.
AS_IMPORTED = ("attributed", "unattributed", "excluded", "unknown_attendees")


def resolve_owner(result: ReadResult, given: str | None) -> str:
    """The owner the user gave, or the one the file names without doubt; otherwise refuse."""
    owner = (given or "").strip().lower()
    if owner:
        if not EMAIL.match(owner):
            raise OwnerUnknown(result.filename, hint=result.owner_hint, given=owner)
        return owner
    if result.owner_certain and result.owner_hint:
        return result.owner_hint
    # No name in the file or its file name (Outlook's .ics): suggest whoever is on most of its events.
    raise OwnerUnknown(result.filename, hint=result.owner_hint or owner_among_people(result.occurrences))


@dataclass
class Reading:
    """What the files of one upload gave: calendars ready to import, each file's suggested owner, and
    what stops a file (by stored name): unreadable, or whose it is not known."""

    calendars: list[ReadCalendar] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    owners_missing: list[tuple[str, str]] = field(default_factory=list)
    # Files whose problem a choice on the owners page may mend: an Outlook CSV's date order, to choose or
    # chosen wrongly. Any other problem refuses the upload (web/uploads.py deletes it at once).
    mendable: set[str] = field(default_factory=set)

    @property
    def refusals(self) -> list[tuple[str, str]]:
        return [(stored, why) for stored, why in self.problems if stored not in self.mendable]


def read_uploads(
    files: list[tuple[str, bytes]],
    owners: dict[str, str],
    formats: dict[str, str],
    *,
    session: Session | None = None,
    progress: Callable[[str], None] | None = None,
    deadline: Deadline = NO_DEADLINE,
) -> Reading:
    """Read every stored file of an upload (named ``000-name``); a file that cannot be read is named, with why.
    Past ``deadline``, ``importers.OutOfTime`` (the preview sends such an upload to the background)."""
    reading = Reading()
    for stored, data in files:
        upload = Upload(stored[4:], data, owners.get(stored) or None, formats.get(stored) or None)
        try:
            calendars = read_upload(upload, session=session, deadline=deadline)
        except CalendarFileError as exc:
            reading.problems.append((stored, str(exc)))
            if isinstance(exc, AmbiguousDateFormat) or upload.date_format:
                reading.mendable.add(stored)
        except OwnerUnknown as exc:
            reading.hints[stored] = exc.hint or ""
            reading.owners_missing.append((stored, f"{exc.filename}: {exc.reason}; give the owner's address below"))
        else:
            reading.calendars.extend(calendars)
            reading.hints[stored] = next((c.result.owner_hint for c in calendars if c.result.owner_hint), "") or ""
        if progress:
            progress(upload.filename)
    return reading


def read_upload(
    upload: Upload, *, today: date | None = None, session: Session | None = None, deadline: Deadline = NO_DEADLINE
) -> list[ReadCalendar]:
    """Each calendar in one upload with its owner; raises ``CalendarFileError`` for a file that cannot be
    imported and ``OwnerUnknown`` when whose it is cannot be told.

    With a ``session``, a file identical to one already imported for the same owner is recognised by
    its hash and not read again.
    """
    return list(each_calendar(upload, today=today, session=session, deadline=deadline))


def each_calendar(
    upload: Upload,
    *,
    today: date | None = None,
    session: Session | None = None,
    skip_invalid: bool | None = None,
    deadline: Deadline = NO_DEADLINE,
    readers: int = 1,
) -> Iterator[ReadCalendar]:
    """``read_upload`` one calendar at a time, so an archive of a directorate's calendars can be stored as it
    is read; with ``skip_invalid`` given, each calendar is checked (``check_readable``) before it is yielded.

    ``readers`` above one reads an archive's calendars (or a large file's events) in that many forked
    processes while the caller stores them (``importers.archive_workers``): only for a caller of one
    thread (a command, a job's own process), as forking a threaded web server is not safe."""
    given = (upload.owner or "").strip().lower()

    def imported_owner(sha256: str) -> str | None:
        owners = meetings.owners_of_file(session, sha256) if session is not None else []
        if given:
            return given if given in owners else None
        return owners[0] if len(owners) == 1 else None

    # A newer export of their calendar: the events unchanged since their latest import are not parsed
    # again. Loaded only if the file is read at all (an unchanged file is known by its hash first).
    reuse = StoredReadings(lambda: meetings.latest_readings(session, given)) if session is not None and given else None
    for result in importers.read_each(
        upload.data,
        upload.filename,
        today=today,
        date_format=upload.date_format,
        unchanged=None if upload.fresh else imported_owner,
        reuse=reuse,
        deadline=deadline,
        workers=readers,
    ):
        calendar = ReadCalendar(result, resolve_owner(result, upload.owner), fresh=upload.fresh)
        if skip_invalid is not None:
            check_readable([calendar], skip_invalid=skip_invalid)
        yield calendar


def check_readable(calendars: list[ReadCalendar], *, skip_invalid: bool) -> None:
    """Refuse files with events that could not be read, unless the user chose to skip them."""
    if skip_invalid:
        return
    for calendar in calendars:
        result = calendar.result
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
    calendars: Iterable[ReadCalendar],
    *,
    imported_by: str = "",
    progress: Callable[[str], None] | None = None,
    batch: str | None = None,
    now: datetime | None = None,
    rehearsal: bool = False,
) -> list[FileSummary]:
    """Store every file, bring attendances up to date once, and count what each file gave.

    ``calendars`` may be a generator that reads each file as it is wanted (``each_calendar``): only one
    file's occurrences are in memory at a time, and what it raises undoes the caller's transaction.

    ``progress`` is called with each file's name as it is stored (for progress bars). A ``rehearsal``
    (the preview, which is rolled back) attributes the meetings but does not cost anyone's time.
    """
    loaded: list[RegisterSnapshot] = []

    def registry() -> RegisterSnapshot:
        """The staff register, read once and only if a file is new: an unchanged file costs milliseconds."""
        if not loaded:
            loaded.append(RegisterSnapshot.load(session))
        return loaded[0]

    summaries = []
    touched = attendances.Touched()
    unplanned = 0  # rows written since the planner's statistics were last brought up to date
    for calendar in calendars:
        uploader = calendar.uploaded_by or imported_by
        summary, changed = _store(session, calendar, registry, imported_by=uploader, batch=batch, now=now)
        summaries.append(summary)
        unplanned = statistics.during(session, unplanned + summary.new + summary.removed)
        if rehearsal:
            touched.meetings |= changed  # a preview attributes exactly these
        else:
            touched.gather(session, changed)
        if summary.span and not summary.already_imported:  # their own calendar now speaks for these days
            first, last = (date.fromisoformat(d) for d in summary.span)
            before = meetings.spans_of(session, summary.owner, excluding=summary.import_id)
            touched.spans.extend((summary.owner, a, b) for a, b in uncovered(first, last, before))
        if progress:
            progress(calendar.result.filename)
    if rehearsal:
        attendances.attribute_only(session, touched.meetings)
    else:
        attendances.refresh(session, touched, loaded[0] if loaded else None)
        statistics.written(session, sum(s.new + s.removed for s in summaries))
    counted = load_settings(session).counted_exclusions
    for summary in summaries:
        if not summary.counted:
            _count_outcomes(session, summary, registry(), counted)
    meetings.save_summaries(session, [(s.import_id, s.as_json()) for s in summaries if not s.already_imported])
    return summaries


def _store(
    session: Session,
    calendar: ReadCalendar,
    registry: Callable[[], RegisterSnapshot],
    *,
    imported_by: str,
    batch: str | None,
    now: datetime | None,
) -> tuple[FileSummary, set[int]]:
    """One file stored: its summary so far, and the meetings it changed."""
    result, owner = calendar.result, calendar.owner.strip().lower()
    summary = FileSummary(
        filename=result.filename,
        owner=owner,
        events_read=result.events_read,
        occurrences=len(result.occurrences),
        fewer=importers.fewer_occurrences(result),
        problems=[str(p) for p in result.problems],
        horizon=result.horizon.isoformat() if result.horizon else None,
        open_ended_series=result.open_ended_series,
    )
    earlier = None if calendar.fresh else meetings.find_import(session, result.sha256, owner)
    if earlier is not None:
        # Nothing changes, so what that import found is the answer: counting again would cost more
        # than recognising the file did (milliseconds, whatever its size).
        stored = json.loads(earlier.summary) if earlier.summary else {}
        kept: tuple[str, ...] = AS_IMPORTED if "attributed" in stored else ()
        if result.unchanged:  # not read again: what the file holds is what it held then
            kept += ("events_read", "occurrences", "fewer", "problems", "horizon", "open_ended_series")
        for key in kept:
            setattr(summary, key, stored.get(key, getattr(summary, key)))
        summary.counted = bool("attributed" in stored)
        summary.already_imported, summary.import_id = True, earlier.id
        summary.unchanged = summary.occurrences
        summary.meeting_ids = array("q", meetings.meeting_ids_of(session, earlier))
        return summary, set()
    span = result.span()
    summary.span = (span[0].isoformat(), span[1].isoformat()) if span else None
    readings = importers.pack_groups(result.groups) if result.groups else None
    record = meetings.add_import(
        session, result, owner_email=owner, imported_by=imported_by, batch=batch, now=now, readings=readings
    )
    counts = meetings.store_occurrences(session, record, result.occurrences)
    summary.import_id = record.id
    summary.new, summary.updated, summary.unchanged, summary.removed = (
        counts.new,
        counts.updated,
        counts.unchanged,
        counts.removed,
    )
    summary.meeting_ids = array("q", counts.meeting_ids)
    unknown: Counter[str] = Counter()
    for occ in result.occurrences:
        unknown.update(registry().unknown_among((a.email, a.name) for a in occ.attendees).keys())
    summary.unknown_attendees = dict(unknown.most_common())
    return summary, counts.changed


def _count_outcomes(session: Session, summary: FileSummary, registry: RegisterSnapshot, counted: set[str]) -> None:
    """Attributed, unattributed and excluded meetings of one file, the owner's own declines included."""
    excluded: dict[str, int] = {}
    attributed = unattributed = 0
    owner_id = registry.person_for(summary.owner, None)
    own = meetings.owner_copies(session, summary.owner, summary.meeting_ids)
    declined = {
        mid
        for mid, copy in own.items()
        if owner_id is not None
        and any(registry.person_for(e, n) == owner_id and (p or "").upper() == DECLINED for e, n, p in copy.attendees)
    }
    for meeting in meetings.shown(session, summary.meeting_ids):
        reason = excluded_for(meeting, verdicts.owner_standing(meeting, own.get(meeting.id)), counted)
        if reason is None and meeting.id in declined and "declined" not in counted:
            reason = "declined"
        if reason:
            excluded[reason] = excluded.get(reason, 0) + 1
        elif meeting.partnership_id is not None:
            attributed += 1
        else:
            unattributed += 1
    if unattributed:
        excluded["outside_partnership"] = unattributed
    summary.attributed, summary.unattributed, summary.excluded = attributed, unattributed, excluded
