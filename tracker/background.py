"""Running jobs away from the request: RQ workers on Redis when ``REDIS_URL`` is set, otherwise a thread
in the web process (the embedded default), or at once inside the request when ``JOBS_INLINE`` is set
(tests). Progress is kept where every process can see it: in Redis, or in this process's memory.

    tracker worker        # with REDIS_URL set: a worker that runs imports for every app process
    tracker scheduler     # ...and one process that queues the connected calendars' syncs on time
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, has_app_context

from . import db, logs
from .services import import_jobs
from .services.source_sync import SyncSettings

log = logging.getLogger(__name__)
QUEUE = "tracker"
JOB_TIMEOUT = 3600  # an hour: a directorate's year of calendars takes minutes, not hours


@dataclass(frozen=True)
class Progress:
    stage: str = "Waiting to start"
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


KEPT_FOR = 86400  # a job's progress is kept a day after its last report, in Redis and in memory alike
# job id -> (progress, when it was reported on the monotonic clock); pruned on every report, so a web
# process that runs imports for months holds only the last day's.
_memory: dict[str, tuple[Progress, float]] = {}
_memory_lock = threading.Lock()


def _redis(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"])


def report(app: Flask, job_id: str, progress: Progress) -> None:
    if app.config.get("REDIS_URL"):
        key = f"tracker:progress:{job_id}"
        _redis(app).hset(key, mapping={"stage": progress.stage, "done": progress.done, "total": progress.total})
        _redis(app).expire(key, KEPT_FOR)
    else:
        now = time.monotonic()
        with _memory_lock:
            for old in [k for k, (_p, at) in _memory.items() if now - at > KEPT_FOR]:
                del _memory[old]
            _memory[job_id] = (progress, now)


def progress_of(app: Flask, job_id: str) -> Progress:
    if app.config.get("REDIS_URL"):
        saved = {k.decode(): v.decode() for k, v in _redis(app).hgetall(f"tracker:progress:{job_id}").items()}
        if not saved:
            return Progress()
        return Progress(saved["stage"], int(saved["done"]), int(saved["total"]))
    with _memory_lock:
        return _memory.get(job_id, (Progress(), 0.0))[0]


def submit(job_id: str) -> None:
    """Start a job the request has committed."""
    _away(run_in, run_job, job_id, f"import-{job_id}")


def _away(here: Callable[[Flask, Any], None], job: Callable[[Any], None], argument: Any, name: str) -> None:
    """``here(app, argument)`` away from the request: as the RQ job ``job(argument)`` with Redis, on a thread
    of the web process without, inside the request in tests (``JOBS_INLINE``)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("JOBS_INLINE"):
        here(app, argument)
    elif app.config.get("REDIS_URL"):
        from rq import Queue

        Queue(QUEUE, connection=_redis(app)).enqueue(job, argument, job_timeout=JOB_TIMEOUT)
    else:
        threading.Thread(target=here, args=(app, argument), name=name, daemon=True).start()


def run_job(job_id: str) -> None:
    """What an RQ worker runs: in the app ``tracker worker`` started (made from the same environment as
    the web's), with fresh database connections, since a worker forks a process for each job."""
    from . import create_app

    app = current_app._get_current_object() if has_app_context() else create_app()  # type: ignore[attr-defined]
    # A forked child's database lets go of the parent's connections itself (db.Database.engine).
    run_in(app, job_id, *_own_process(app))


def _own_process(app: Flask) -> tuple[int, int]:
    """How many processes may read the job's calendars, and how long it rests after each (per cent of its
    time): the configured numbers in a work horse RQ forked for this job alone (one thread, so forking again
    is safe), one reader and no rest anywhere else (a worker that runs jobs in its own threaded process). A
    horse also steps back (``IMPORT_NICENESS``, ``IMPORT_REST``): on a machine the web shares, its pages go
    first, and the import takes the time they leave."""
    if threading.active_count() != 1:
        return 1, 0
    niceness = os.nice(app.config["IMPORT_NICENESS"])
    readers, rest = int(app.config["IMPORT_READERS"]), int(app.config["IMPORT_REST"])
    log.info(
        "import job in a process of its own: %d reading, at niceness %d, resting %d%% of its time",
        readers,
        niceness,
        rest,
    )
    return readers, rest


def _step(app: Flask, job_id: str, progress: Progress) -> None:
    """A job's step reported to its page and written to the log: the log's times say where a job's time went."""
    log.info("import job %s: %s (%d of %d)", job_id, progress.stage, progress.done, progress.total)
    report(app, job_id, progress)


def run_in(app: Flask, job_id: str, readers: int = 1, rest: int = 0) -> None:
    """Run one import job to its end, committing its state before, after, and on failure; its log lines
    carry its id. ``readers`` above one reads a zip's calendars in that many forked processes; ``rest``
    above nought rests after each calendar that share (per cent) of the time it took."""
    token = logs.context.set(f"job:{job_id}")
    started, outcome = time.perf_counter(), "stopped"
    try:
        outcome = _run(app, job_id, readers, rest)
    finally:
        log.info("import job %s %s in %.1f s", job_id, outcome, time.perf_counter() - started)
        logs.context.reset(token)


def _run(app: Flask, job_id: str, readers: int, rest: int) -> str:
    log.info("import job %s started", job_id)
    with app.app_context():
        with db.transaction() as session:
            import_jobs.begin(session, job_id)
        try:
            with db.transaction() as session:
                import_jobs.run(
                    session,
                    job_id,
                    app.instance_path,
                    lambda s, d, t: _step(app, job_id, Progress(s, d, t)),
                    readers=readers,
                    rest=rest,
                )
        except import_jobs.JobFailed as exc:
            log.info("import job %s refused: %s", job_id, exc)
            with db.transaction() as session:
                import_jobs.fail(session, job_id, str(exc), app.instance_path)  # refused: its files go
            return "refused"
        except Exception as exc:  # an unexpected fault: the job says so, the log keeps the details
            log.exception("import job %s failed", job_id)
            with db.transaction() as session:
                import_jobs.fail(  # nothing was saved: the files (personal data) go too
                    session,
                    job_id,
                    f"the import stopped with an unexpected error ({exc}); nothing was saved",
                    app.instance_path,
                )
            return "failed"
        with db.transaction() as session:
            import_jobs.finish(session, job_id, app.instance_path)
        report(app, job_id, Progress("Done", 1, 1))
        return "done"


def submit_sync(source_id: int) -> None:
    """Sync one connected calendar now, away from the request (the Sources page's "Sync now")."""
    _away(sync_one, sync_one_job, source_id, f"sync-{source_id}")


def sync_one_job(source_id: int) -> None:
    """What a worker runs for "Sync now"."""
    from . import create_app

    sync_one(current_app._get_current_object() if has_app_context() else create_app(), source_id)  # type: ignore[attr-defined]


def sync_one(app: Flask, source_id: int) -> None:
    from . import sync_runs

    with app.app_context():
        sync_runs.sync([source_id], by="sources page", settings=SyncSettings.of(app.config))


SYNC_TICK = 60  # seconds between the scheduler's looks for connected calendars that are due
SYNC_LOCK = "tracker:syncing"  # one run of the due syncs at a time, whichever worker has the job


def sync_due_job() -> None:
    """What the scheduler queues every ``SYNC_TICK`` seconds (``tracker scheduler``): every connected calendar
    that is due, synced in turn by a worker, as ``tracker sync`` would. A run still going when the next is
    queued is left to finish: the later one finds the lock held and leaves at once."""
    from . import create_app, sync_runs

    app = current_app._get_current_object() if has_app_context() else create_app()  # type: ignore[attr-defined]
    with app.app_context():
        lock = _redis(app).lock(SYNC_LOCK, timeout=JOB_TIMEOUT, blocking=False)
        if not lock.acquire():
            log.info("connected calendars: a sync run is still going; this one leaves it to finish")
            return
        try:
            due = sync_runs.due_sources(datetime.now(UTC))
            outcomes = sync_runs.sync(due, by="scheduler", settings=SyncSettings.of(app.config))
            failed = [o.source_id for o in outcomes if not o.ok]
            log.info("connected calendars: %d due, %d synced, %d failed %s", len(due), len(due) - len(failed),
                     len(failed), failed or "")  # fmt: skip
        finally:
            lock.release()
