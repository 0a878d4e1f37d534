"""Imports as background jobs: a thread in the web process, RQ workers on Redis, a failed job, two at once."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.databases import redis_url
from tests.tracker.test_end_to_end import E2E
from tests.web.test_pages import _upload, text
from tracker import db
from tracker.models import CalendarImport, Job

TASKING = (E2E / "bob-google.ics").read_bytes().replace(b"Health and Wellbeing Board", b"Community safety tasking")
TASKING = TASKING.replace(b"040000008200E00074C5B7101A82E00800000000hwb", b"tasking-series")


def previewed(manager, data: bytes = TASKING) -> str:
    """Upload a file, say whose it is, see the preview: the token of the upload, ready to confirm. The file is
    Bob's calendar, so ``manager`` is one of his organisation's (``nhs_manager``) or an administrator."""
    started = _upload(manager, "bob-tasking.ics", data)
    token = started.headers["Location"].rsplit("/", 1)[-1]
    preview = manager.post(f"/upload/{token}", data={"owner-000-bob-tasking.ics": "bob@nhs.net"})
    assert "Check what will be imported" in text(preview)
    return token


def imports(app) -> int:
    with app.app_context():
        return db.get_session().scalar(select(func.count()).select_from(CalendarImport))


def test_jobs_run_in_a_thread_and_the_page_follows_them(web_app, nhs_manager):
    web_app.config["JOBS_INLINE"] = False  # the embedded default: a thread in the web process
    manager = nhs_manager  # Bob's calendar: uploaded by his organisation's manager
    before = imports(web_app)
    confirmed = manager.post(f"/upload/{previewed(manager)}/confirm")
    assert confirmed.status_code == 302 and "/jobs/" in confirmed.headers["Location"]
    for _ in range(100):
        page = manager.get(confirmed.headers["Location"])
        if page.status_code == 302:
            break
        assert page.status_code == 200 and 'http-equiv="refresh"' in text(page)  # it keeps itself up to date
        time.sleep(0.1)
    assert page.status_code == 302 and "/imports/batch/" in page.headers["Location"]
    assert "Import complete" in text(manager.get(page.headers["Location"]))
    assert imports(web_app) == before + 1


def test_a_failed_job_says_why_and_saves_nothing(web_app, as_role, nhs_manager):
    manager = nhs_manager
    token = previewed(manager)
    stored = next((Path(web_app.instance_path) / "uploads" / token).glob("000-*"))
    stored.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")  # the file breaks between preview and import
    before = imports(web_app)
    page = manager.post(f"/upload/{token}/confirm", follow_redirects=True)
    body = text(page)
    assert "The import did not happen" in body and "bob-tasking.ics, line 2: the file is truncated" in body
    assert "Nothing was saved" in body and imports(web_app) == before
    with web_app.app_context():
        job = db.get_session().scalars(select(Job)).one()
        assert (job.state, job.created_by) == ("failed", "manager@nhs-trust.example")
    assert as_role("director").get(f"/jobs/{job.id}").status_code == 403
    # An upload's job is its uploader's alone, as the upload is: administrators are told there is none.
    assert as_role("admin").get(f"/jobs/{job.id}").status_code == 404


def _redis():
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    connection = Redis.from_url(redis_url())
    try:
        connection.ping()
    except RedisDown:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("Redis is not running at 127.0.0.1:6379, and this run requires it")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    return connection


def test_jobs_go_to_rq_workers_when_redis_is_set(web_app, nhs_manager):
    from rq import Queue

    from tracker.background import QUEUE
    from tracker.workers import InlineWorker

    connection = _redis()
    connection.flushdb()
    web_app.config.update(JOBS_INLINE=False, REDIS_URL=redis_url())
    manager = nhs_manager
    before = imports(web_app)
    job_page = manager.post(f"/upload/{previewed(manager)}/confirm").headers["Location"]
    waiting = text(manager.get(job_page))
    assert "Waiting to import" in waiting and imports(web_app) == before  # nothing runs until a worker does
    assert len(Queue(QUEUE, connection=connection)) == 1
    with web_app.app_context():
        InlineWorker([Queue(QUEUE, connection=connection)], connection=connection).work(burst=True)
    done = manager.get(job_page)
    assert done.status_code == 302 and imports(web_app) == before + 1
    assert "Import complete" in text(manager.get(done.headers["Location"]))
    connection.flushdb()


# Two imports at once: tests/web/test_faults.py (the same result as one after the other, on PostgreSQL too).


def test_a_workers_job_reads_a_zip_in_processes_of_its_own_at_a_lower_priority(web_app, as_role, tmp_path):
    """``tracker worker`` forks a work horse for each job: there, a zip's calendars are read by
    ``IMPORT_READERS`` processes, and the job steps back by ``IMPORT_NICENESS`` for the web's requests.
    The import is what one process makes of the zip (tests/importers/test_archive_workers.py)."""
    import subprocess
    import sys

    from tests.importers.cases import zipped
    from tests.web.test_large_uploads import ALICE, BOB

    connection = _redis()
    connection.flushdb()
    web_app.config.update(JOBS_INLINE=False, REDIS_URL=redis_url(), PREVIEW_MAX_BYTES=1_000)
    manager = as_role("manager")
    before = imports(web_app)
    started = _upload(manager, "directorate.zip", zipped({"bob.ics": BOB, "team/alice.ics": ALICE}))
    token = started.headers["Location"].rsplit("/", 1)[-1]
    manager.post(f"/upload/{token}", data={"owner-000-directorate.zip": "alice@council.gov.uk"})
    job_page = manager.post(f"/upload/{token}/confirm").headers["Location"]
    environment = {
        **os.environ,
        "DATABASE_URL": web_app.config["DATABASE_URL"],
        "REDIS_URL": redis_url(),
        "TRACKER_INSTANCE_PATH": web_app.instance_path,
        "SECRET_KEY": "test",
        "IMPORT_READERS": "2",
        "IMPORT_NICENESS": "3",
        "IMPORT_REST": "50",
    }
    worker = subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()", "worker", "--burst"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    logged = worker.stdout + worker.stderr
    niceness = min(os.getpriority(os.PRIO_PROCESS, 0) + 3, 19)  # three steps back from where the worker started
    assert f"import job in a process of its own: 2 reading, at niceness {niceness}, resting 50% of its time" in logged
    result = text(manager.get(job_page, follow_redirects=True))
    assert "Import complete" in result and "directorate.zip/team/alice.ics" in result, logged
    assert imports(web_app) == before + 2
    connection.flushdb()


def test_a_jobs_readers_and_niceness_are_read_from_the_environment(monkeypatch, tmp_path):
    from tracker.config import from_environment

    assert from_environment(str(tmp_path))["IMPORT_READERS"] == (os.cpu_count() or 1)  # every core by default
    assert from_environment(str(tmp_path))["IMPORT_NICENESS"] == 10
    assert from_environment(str(tmp_path))["IMPORT_REST"] == 100  # as long again as each calendar took
    monkeypatch.setenv("IMPORT_READERS", "3")
    monkeypatch.setenv("IMPORT_NICENESS", "0")
    monkeypatch.setenv("IMPORT_REST", "0")
    config = from_environment(str(tmp_path))
    assert (config["IMPORT_READERS"], config["IMPORT_NICENESS"], config["IMPORT_REST"]) == (3, 0, 0)
    monkeypatch.setenv("IMPORT_READERS", "0")
    with pytest.raises(ValueError, match="IMPORT_READERS must be a whole number of at least 1, not '0'"):
        from_environment(str(tmp_path))


def test_a_job_rests_its_share_of_each_calendars_time_and_no_more():
    """``IMPORT_REST`` per cent of the time since the last rest: a calendar that took 2 s at 50 % rests 1 s,
    the rest itself not counted as work; at 0 it never rests."""
    from tracker.services.import_jobs import Pace

    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pace = Pace(50, clock=lambda: now[0], sleep=sleep)
    now[0] += 2.0  # the first calendar read and stored
    pace.rest()
    now[0] += 0.5  # the second
    pace.rest()
    assert slept == [1.0, 0.25]
    never = Pace(0, clock=lambda: now[0], sleep=sleep)
    now[0] += 5.0
    never.rest()
    assert slept == [1.0, 0.25]
