"""An import run as a job: the files a manager confirmed, read and stored away from the browser.

The job row says queued, running, done or failed; whoever runs it (a worker, a thread, or the request
itself in tests) commits each of those steps on its own, and the import itself is one transaction
between them, so a failed job leaves nothing half-written. ``progress`` is told, file by file, what
is being done, for the page that shows the job. Each file is read as it is stored, so a zip of hundreds
of calendars is never all in memory at once; a bad file, or a calendar the uploader may not upload
(``calendar_owners``), fails the whole job (one transaction).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from sqlalchemy.orm import Session

from importers import CalendarFileError

from ..domain.local_time import local_day, short_day
from ..models import Job
from ..store import jobs
from . import calendar_owners
from .calendar_import import FileSummary, OwnerUnknown, ReadCalendar, Upload, each_calendar, import_calendars
from .pending_uploads import Pending, find

Progress = Callable[[str, int, int], None]  # (what is being done, files done, files in all)


class JobFailed(Exception):
    """The job cannot be done; the message says why, for the person who asked for it."""


def queue(session: Session, pending: Pending, by: str) -> Job:
    pending.confirm()
    return jobs.create(session, kind="import", token=pending.token, by=by)


def begin(session: Session, job_id: str) -> Job:
    job = _job(session, job_id)
    jobs.mark(session, job, "running")
    return job


class Pace:
    """Rests ``percent`` per cent of the time worked since it last rested: a job run beside the web's pages
    gives them the machine for a while after each calendar (``IMPORT_REST``), its database work paused too."""

    def __init__(
        self, percent: int, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.percent, self.clock, self.sleep = percent, clock, sleep
        self.since = clock()

    def rest(self) -> None:
        if self.percent:
            self.sleep((self.clock() - self.since) * self.percent / 100)
        self.since = self.clock()


def run(session: Session, job_id: str, instance_path: str, progress: Progress, readers: int = 1, rest: int = 0) -> None:
    """Read the job's files and import them, all or nothing; raises ``JobFailed`` with the reason.
    ``readers`` above one reads a zip's calendars in forked processes (``each_calendar``); ``rest`` above
    nought rests after each calendar stored that share (per cent) of the time it took (``Pace``)."""
    pace = Pace(rest)
    job = _job(session, job_id)
    pending = find(instance_path, job.token, by=None)
    choices = pending.choices() if pending else None
    if pending is None or choices is None:
        raise JobFailed("the uploaded files have expired or were already imported; please upload them again")
    names = pending.names()
    scope = calendar_owners.scope_of_account(session, job.created_by)  # as the uploader's account stands now

    def calendars() -> Iterator[ReadCalendar]:
        for n, (name, path) in enumerate(pending.paths()):
            upload = Upload(
                name[4:], path.read_bytes(), choices.owners.get(name) or None, choices.formats.get(name) or None
            )
            progress(f"Reading and storing {upload.filename}", n, len(names))
            try:
                reading = each_calendar(upload, session=session, skip_invalid=choices.skip_invalid, readers=readers)
                for calendar in reading:
                    calendar_owners.check(session, scope, calendar.result.filename, calendar.owner)
                    yield calendar  # stored before the next is asked for
                    pace.rest()
            except CalendarFileError as exc:
                raise JobFailed(str(exc)) from None
            except OwnerUnknown as exc:
                raise JobFailed(f"{exc.filename}: {exc.reason}") from None
            except calendar_owners.OwnerRefused as exc:
                raise JobFailed(str(exc)) from None

    summaries = import_calendars(session, calendars(), imported_by=job.created_by, batch=job.token)
    progress("Working out attendances and costs", len(names), len(names))
    job.message = "\n".join(_already(session, s) for s in summaries if s.already_imported)  # what the result says


def finish(session: Session, job_id: str, instance_path: str) -> None:
    """The import is stored: the uploaded files are not needed any more (they are personal data)."""
    job = _job(session, job_id)
    jobs.mark(session, job, "done", job.message)  # the files found already imported, if any
    pending = find(instance_path, job.token, by=None)
    if pending is not None:
        pending.forget()


def fail(session: Session, job_id: str, message: str, instance_path: str | None = None) -> None:
    """The import was refused: nothing was saved, and the uploaded files (personal data) go at once."""
    job = _job(session, job_id)
    jobs.mark(session, job, "failed", message)
    pending = find(instance_path, job.token, by=None) if instance_path else None
    if pending is not None:
        pending.forget()


def find_job(session: Session, job_id: str) -> Job | None:
    return jobs.find(session, job_id)


def job_of_upload(session: Session, token: str) -> Job | None:
    return jobs.of_upload(session, token)


def _already(session: Session, summary: FileSummary) -> str:
    """'alice.ics: already imported on 3 Dec 2026 by manager@…; nothing changed.'"""
    earlier = jobs.import_record(session, summary.import_id) if summary.import_id else None
    when = f" on {short_day(local_day(earlier.imported_at))}" if earlier else ""
    who = f" by {earlier.imported_by}" if earlier and earlier.imported_by else ""
    return f"{summary.filename}: already imported{when}{who}; nothing changed."


def _job(session: Session, job_id: str) -> Job:
    job = jobs.find(session, job_id)
    if job is None:
        raise JobFailed(f"there is no job {job_id}")
    return job
