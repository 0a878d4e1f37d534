"""Nothing lost under faults: a worker killed in the middle of an import leaves the database as it was, and
two uploads of overlapping calendars at once give what one after the other gives (the database's unique
constraints, not timing, keep each meeting one meeting)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.conftest import every_row
from tests.databases import redis_url
from tests.tracker.test_end_to_end import E2E
from tests.web.test_jobs import TASKING, _redis, imports
from tests.web.test_undo_restore import facts
from tracker import db
from tracker.db import WRITERS_LOCK
from tracker.models import Attendance, CalendarImport, Job, Meeting, MeetingCopy
from tracker.services.calendar_import import Upload, import_calendars, read_upload

CHANGING = {"job", "audit_entry"}  # the job's own state and the trail are meant to move


def rows(app) -> dict[str, list]:
    """Every row of every table but the job and audit tables."""
    return every_row(app, leaving_out=tuple(CHANGING))


def big_calendar(events: int) -> bytes:
    """Bob's calendar of ``events`` meetings with Alice and Carol: seconds of work to import."""
    start = datetime(2025, 4, 1, 9, 0)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//faults//EN"]
    for n in range(events):
        begins = start + timedelta(days=n // 6, hours=n % 6)
        lines += [
            "BEGIN:VEVENT",
            f"UID:fault-{n}@test",
            "DTSTAMP:20250101T000000Z",
            f"DTSTART:{begins:%Y%m%dT%H%M%S}Z",
            f"DTEND:{begins + timedelta(minutes=50):%Y%m%dT%H%M%S}Z",
            f"SUMMARY:Health and Wellbeing Board working group {n % 40}",
            "ORGANIZER:mailto:bob@nhs.net",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@council.gov.uk",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:carol@police.uk",
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def _upload_in_memory(client, name: str, data: bytes):
    """An upload whose body is encoded here, in memory: the test client's own encoding of a body this
    large spills into a temporary file it never closes."""
    boundary, body = encode_multipart(MultiDict([("files", FileStorage(io.BytesIO(data), name))]))
    return client.post("/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (from /proc: Linux)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def _job_state(app) -> str | None:
    with app.app_context():
        session = db.get_session()
        state = session.scalar(select(Job.state))
        session.close()
        return state


def _importing(app) -> bool:
    """The import's transaction is open: on PostgreSQL it holds the writers' lock (on SQLite, the job has
    begun and its file takes seconds to read, so it is still inside it)."""
    if _job_state(app) != "running":
        return False
    engine = app.extensions["database"].engine
    if engine.dialect.name != "postgresql":
        return True
    query = text(  # this database's lock: a parallel worker's test may hold the same lock in its own
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    with engine.connect() as connection:
        return bool(connection.execute(query, {"key": WRITERS_LOCK}).scalar())


def test_a_worker_killed_in_the_middle_of_an_import_leaves_the_database_as_it_was(web_app, nhs_manager, tmp_path):
    connection = _redis()
    connection.flushdb()
    web_app.config.update(JOBS_INLINE=False, REDIS_URL=redis_url(), PREVIEW_MAX_BYTES=1)
    manager = nhs_manager  # Bob's calendar: uploaded by his organisation's manager
    started = _upload_in_memory(manager, "bob-year.ics", big_calendar(6000))
    token = started.headers["Location"].rsplit("/", 1)[-1]
    assert manager.post(f"/upload/{token}", data={"owner-000-bob-year.ics": "bob@nhs.net"}).status_code == 200
    before, imported = rows(web_app), imports(web_app)
    assert manager.post(f"/upload/{token}/confirm").status_code == 302  # queued for a worker
    environment = {
        **os.environ,
        "DATABASE_URL": web_app.config["DATABASE_URL"],
        "REDIS_URL": redis_url(),
        "TRACKER_INSTANCE_PATH": web_app.instance_path,
        "SECRET_KEY": "test",
    }
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-c", "from tracker.cli import main; main()", "worker", "--burst"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the worker and the work horse it forks: killed together
        )
    try:
        _wait(lambda: _importing(web_app) or worker.poll() is not None, 60, "the worker to be inside the import")
        time.sleep(0.5)
        assert worker.poll() is None, (_job_state(web_app), log.read_text())
        horses = _children(worker.pid)  # RQ runs each job in a forked "work horse", in a session of its own
        assert horses, "the worker has no work horse running the job"
        for pid in [*horses, worker.pid]:
            os.kill(pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    time.sleep(1)  # were anything of the import still alive, it would have written by now
    assert _job_state(web_app) == "running"  # it never finished...
    assert imports(web_app) == imported and rows(web_app) == before  # ...and nothing of it was written
    with web_app.app_context():  # the writers' lock went with the worker: the next import goes ahead
        with db.transaction() as session:
            upload = Upload("bob-tasking.ics", TASKING, "bob@nhs.net")
            import_calendars(session, read_upload(upload, session=session), imported_by="test")
    assert imports(web_app) == imported + 1
    connection.flushdb()


FILES = [("alice-outlook.ics", "alice@council.gov.uk"), ("bob-google.ics", "bob@nhs.net")]


def _clear(app) -> None:
    with app.app_context():
        session = db.get_session()
        for found in session.scalars(select(CalendarImport)).all():
            session.delete(found)
        session.query(Meeting).delete()
        session.commit()


def _import(app, name: str, owner: str, start: threading.Barrier | None = None) -> None:
    with app.app_context():
        upload = Upload(name, (E2E / name).read_bytes(), owner)
        calendars = read_upload(upload, session=db.get_session())
        if start is not None:
            start.wait()
        with db.transaction() as session:
            import_calendars(session, calendars, imported_by="test")


def test_overlapping_uploads_at_once_give_what_one_after_the_other_gives(web_app):
    _clear(web_app)
    for name, owner in FILES:
        _import(web_app, name, owner)
    one_after_the_other = facts(web_app)
    assert len(one_after_the_other["copies"]) > len(one_after_the_other["meetings"])  # they share meetings

    _clear(web_app)
    start, errors = threading.Barrier(len(FILES)), []

    def run(name: str, owner: str) -> None:
        try:
            _import(web_app, name, owner, start)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=file) for file in FILES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert facts(web_app) == one_after_the_other


def test_the_database_itself_refuses_a_second_copy_of_a_meeting(web_app):
    """What makes the result not a matter of luck: were the writers' lock ever bypassed, the unique
    constraints would refuse the duplicate rather than store it."""
    with web_app.app_context():
        session = db.get_session()
        meeting = session.scalars(select(Meeting).limit(1)).one()
        copy = session.scalars(select(MeetingCopy).where(MeetingCopy.meeting_id == meeting.id).limit(1)).one()
        attended = session.scalars(select(Attendance).limit(1)).one()
        statements = [
            (
                Meeting.__table__,
                {
                    "identity": meeting.identity,
                    "match_key": "x",
                    "series_key": "x",
                    "start": meeting.start,
                    "end": meeting.end,
                },
            ),
            (
                MeetingCopy.__table__,
                {
                    "meeting_id": meeting.id,
                    "import_id": copy.import_id,
                    "owner_email": copy.owner_email,
                    "fingerprint": "x",
                    "start": copy.start,
                    "end": copy.end,
                },
            ),
            (
                Attendance.__table__,
                {
                    "meeting_id": attended.meeting_id,
                    "person_id": attended.person_id,
                    "start": attended.start,
                    "local_day": attended.local_day,
                    "month": attended.month,
                    "seconds": attended.seconds,
                },
            ),
        ]
        for table, values in statements:
            with pytest.raises(IntegrityError):
                with session.begin_nested():
                    session.execute(table.insert().values(**values))
        session.rollback()
        assert session.scalar(select(func.count()).select_from(Meeting)) > 0
