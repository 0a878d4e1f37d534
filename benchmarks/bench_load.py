"""The dashboard under load, idle and while an import runs: gunicorn with 4 workers on PostgreSQL, the
import an RQ job.

An organisation of N people is loaded (all but the last few calendars) and vacuumed, gunicorn serves the
app on 127.0.0.1, and client threads ask for the dashboard as finance for a fixed time: first with nothing
else running, then while ``tracker worker`` runs the import of the last calendars, zipped, as a confirmed
upload's job (on Redis, as the web queues it; the job's settings as the environment gives them:
``IMPORT_READERS``, ``IMPORT_NICENESS``, ``IMPORT_REST``), then with nothing running again. The baseline
is the two idle phases averaged, measured in the same run: a shared machine drifts over a few minutes,
and one idle phase before would count that drift for or against the import. Printed for each phase:
requests per second, median and p95 latency, errors; then the ratios (to the baseline, and to the first
idle phase alone). Bounded: each phase at most ``--seconds`` (default 25 s).

    python benchmarks/bench_load.py --people 50 --worker-log worker.log
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402
import scratch  # noqa: E402
from bench_uploads import bulk_load, prepare_organisation  # noqa: E402
from generate_org import write  # noqa: E402

TODAY = date(2026, 3, 31)
BIN = Path(sys.executable).parent
PORT = scratch.free_port()  # never a fixed one: another run, or anything else, may hold it
BASE = f"http://127.0.0.1:{PORT}"
DASHBOARD = f"{BASE}/dashboard?from=2025-04-01&to=2026-03-31"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")  # a database of its own on the server


UPLOADER = "admin@bench.example"  # may upload anyone's calendar


def _app(url: str, work: Path):
    from tracker import create_app

    config = {"DATABASE_URL": url, "INSTANCE_PATH": str(work / "instance"), "SECRET_KEY": "load"}
    return create_app({**config, "REDIS_URL": REDIS, "JOBS_INLINE": False})


def load_organisation(url: str, work: Path, files: list[Path], later: int) -> None:
    from tracker import db
    from tracker.services import users

    app = _app(url, work)
    with app.app_context():
        prepare_organisation(app, work)
        bulk_load(files[:-later])
        with db.transaction() as session:
            users.create_user(session, UPLOADER, "admin", "bench-password-1")
    app.extensions["database"].engine.dispose()
    settle(url)


def settle(url: str) -> None:
    """The loaded database vacuumed and analysed now, as a locality's database in use long since would be:
    otherwise PostgreSQL's autovacuum of the bulk load starts during one phase or the other, unbidden."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def queue_import(url: str, work: Path, files: list[Path]) -> str:
    """The files zipped and queued on Redis as a confirmed upload is (``web/uploads.confirm``); the job's id."""
    from tracker import background, db
    from tracker.services import import_jobs, pending_uploads

    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.name)
    app = _app(url, work)
    with app.app_context():
        pending = pending_uploads.create(app.instance_path, [("later.zip", bundle.getvalue())], uploader=UPLOADER)
        pending.choose(pending_uploads.Choices())  # each calendar names its owner
        with db.transaction() as session:
            job = import_jobs.queue(session, pending, UPLOADER)
        background.submit(job.id)
    app.extensions["database"].engine.dispose()
    return job.id


def job_state(url: str, job_id: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        state = connection.execute(text("SELECT state FROM job WHERE id = :id"), {"id": job_id}).scalar_one()
    engine.dispose()
    return str(state)


def signed_in() -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{BASE}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    form = {
        "email": "finance@bench.example",
        "password": "bench-password-1",
        "csrf_token": token.group(1) if token else "",
    }
    opener.open(f"{BASE}/login", urllib.parse.urlencode(form).encode()).read()
    return opener


def hammer(clients: int, until) -> dict:
    """Dashboard requests from ``clients`` threads until ``until()`` says stop; latencies and errors."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        opener = signed_in()
        while not until():
            started = time.perf_counter()
            try:
                response = opener.open(DASHBOARD, timeout=30)
                response.read()
                ok = response.status == 200 and "/login" not in response.url
            except Exception as exc:  # a failed request is what this measures
                ok, error = False, repr(exc)
            else:
                error = f"status {response.status} at {response.url}"
            with lock:
                (times if ok else errors).append(time.perf_counter() - started if ok else error)  # type: ignore[arg-type]

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(times)
    return {
        "rps": len(times) / elapsed,
        "median": statistics.median(ordered) if ordered else float("nan"),
        "p95": ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan"),
        "requests": len(times),
        "errors": errors,
        "seconds": elapsed,
    }


def run(args: argparse.Namespace, work: Path, url: str) -> tuple[dict, dict, dict, str, float]:
    """Load the organisation, start gunicorn, hammer it idle and while importing; stop it whatever happens."""
    files = write(args.people, work / "files")
    load_organisation(url, work, files, args.later)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load", "TRACKER_BIND": f"127.0.0.1:{PORT}",
           "TRACKER_WORKERS": "4", "TRACKER_THREADS": "2", "REDIS_URL": REDIS,
           "TRACKER_INSTANCE_PATH": str(work / "instance")}  # fmt: skip
    worker_log = open(args.worker_log, "w") if args.worker_log else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "python:tracker.gunicorn_config", "--access-logfile", "/dev/null",
         "tracker:create_app()"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/login", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        signed_in().open(DASHBOARD).read()  # warm every worker's caches a little
        end = time.monotonic() + args.seconds
        idle = hammer(args.clients, lambda: time.monotonic() > end)
        job = queue_import(url, work, files[-args.later :])
        importing = subprocess.Popen(  # the job's own process: RQ forks a work horse for it
            [BIN / "tracker", "worker", "--burst"], env=env, stdout=subprocess.DEVNULL, stderr=worker_log
        )
        began, end = time.monotonic(), time.monotonic() + args.seconds
        busy = hammer(args.clients, lambda: importing.poll() is not None or time.monotonic() > end)
        importing.wait()
        took = time.monotonic() - began
        finished = job_state(url, job)
        end = time.monotonic() + args.seconds
        after = hammer(args.clients, lambda: time.monotonic() > end)  # the machine may have drifted meanwhile
    finally:
        server.terminate()
        server.wait()
        if args.worker_log:
            worker_log.close()
    return idle, busy, after, finished, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--later", type=int, default=5, help="calendars imported during the load")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--worker-log", help="write the import worker's log here (where its time went)")
    args = parser.parse_args()
    with scratch.folder("load") as work, scratch.database("postgresql", f"load_bench_{scratch.TAG}") as url:
        idle, busy, after, finished, took = run(args, work, url)
    print(f"PostgreSQL, gunicorn 4 workers x 2 threads, {args.clients} clients, {args.people} people")
    for label, r in (("idle before", idle), ("while importing", busy), ("idle after", after)):
        print(
            f"  {label:<16} {r['rps']:6.1f} requests/s  median {r['median'] * 1000:5.0f} ms  "
            f"p95 {r['p95'] * 1000:5.0f} ms  {r['requests']} requests, {len(r['errors'])} errors"
        )
    rps, p95 = (idle["rps"] + after["rps"]) / 2, (idle["p95"] + after["p95"]) / 2
    print(f"  ratios while importing to idle (before and after, averaged): requests/s {busy['rps'] / rps:.2f}, "
          f"p95 {busy['p95'] / p95:.2f}; to idle before only: {busy['rps'] / idle['rps']:.2f}, "
          f"{busy['p95'] / idle['p95']:.2f}")  # fmt: skip
    print(f"  the import of {args.later} calendars (an RQ job): {finished}, {took:.0f} s under load")
    for error in (idle["errors"] + busy["errors"] + after["errors"])[:5]:
        print("  error:", error)


if __name__ == "__main__":
    conditions.run(main)
