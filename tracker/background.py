"""Running jobs away from the request: RQ workers on Redis when ``REDIS_URL`` is set, otherwise a thread
in the web process (the embedded default), or at once inside the request when ``JOBS_INLINE`` is set
(tests). Progress is kept where every process can see it: in Redis, or in this process's memory.

    tracker worker        # with REDIS_URL set: a worker that runs imports for every app process
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context

from . import db, logs
from .services import import_jobs

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
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("JOBS_INLINE"):
        run_in(app, job_id)
    elif app.config.get("REDIS_URL"):
        from rq import Queue

        Queue(QUEUE, connection=_redis(app)).enqueue(run_job, job_id, job_timeout=JOB_TIMEOUT)
    else:
        threading.Thread(target=run_in, args=(app, job_id), name=f"import-{job_id}", daemon=True).start()


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
                    lambda s, d, t: report(app, job_id, Progress(s, d, t)),
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
