"""Running the tracker: the schema, a full recompute, the demo, the web server and the job worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import db
from ..domain.local_time import today as london_today
from ..services import database
from .common import fail


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database schema."""
    from flask import current_app

    with db.transaction() as session:
        database.prepare(current_app.extensions["database"].engine, session)
    click.echo(f"Database ready: {current_app.extensions['database'].engine.url.render_as_string(hide_password=True)}")


@click.command("recompute")
@with_appcontext
def recompute_command() -> None:
    """Work every attribution and attendance out afresh from the stored calendars, registers and settings."""
    with db.transaction() as session:
        database.recompute(session)
    click.echo("Every attribution and attendance has been worked out afresh.")


@click.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the generated calendar files (default: instance/demo).",
)
@click.option("--today", default=None, help="Pretend today is this date (YYYY-MM-DD).")
@with_appcontext
def demo_command(out: Path | None, today: str | None) -> None:
    """Build the demo organisation and import its year of calendars through the normal path."""
    from flask import current_app

    from ..demo import DEMO_USERS, build_demo

    folder = out or Path(current_app.instance_path) / "demo"
    with db.transaction() as session:
        database.prepare(current_app.extensions["database"].engine, session)
        report = build_demo(session, folder, today=date.fromisoformat(today) if today else london_today())
    click.echo(report)
    click.echo("Demo sign-ins (email / password):")
    for email, role, password, organisation in DEMO_USERS:
        click.echo(f"  {role:<9} {email} / {password} ({organisation or 'the host'})")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop (for scripts and tests).")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run background imports from Redis (REDIS_URL); start as many as there are cores to spare."""
    from redis import Redis
    from rq import Queue

    from ..background import QUEUE
    from ..workers import ImportWorker

    url = _redis_url("imports run inside the web process and need no worker")
    connection = Redis.from_url(url)
    click.echo(f"Waiting for imports on {url} (queue {QUEUE!r}); Ctrl+C to stop")
    ImportWorker([Queue(QUEUE, connection=connection)], connection=connection).work(burst=burst)


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Queue what is due now, then stop (for scripts and tests).")
@with_appcontext
def scheduler_command(once: bool) -> None:
    """Queue the connected calendars' syncs for the workers on a schedule (RQ's cron); run one, beside them."""
    from redis import Redis
    from rq.cron import CronScheduler

    from ..background import JOB_TIMEOUT, QUEUE, SYNC_TICK, sync_due_job

    url = _redis_url("run `tracker sync` from cron instead")
    scheduler = CronScheduler(connection=Redis.from_url(url))
    scheduler.register(sync_due_job, QUEUE, interval=SYNC_TICK, job_timeout=JOB_TIMEOUT)
    if once:
        scheduler.enqueue_jobs()
        click.echo(f"Queued the connected calendars' sync on {QUEUE!r}")
        return
    click.echo(f"Queuing the connected calendars' syncs every {SYNC_TICK} s on {url} (queue {QUEUE!r}); Ctrl+C to stop")
    scheduler.start()


def _redis_url(without: str) -> str:
    """``REDIS_URL``, or the command stops saying what to do without Redis."""
    from flask import current_app

    url = current_app.config.get("REDIS_URL") or ""
    if not url:
        fail(f"REDIS_URL is not set: without Redis, {without}")
    return url


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Start the web app (a development server: put a WSGI server such as gunicorn in front in production)."""
    from flask import current_app
    from werkzeug.serving import run_simple

    from .. import create_app

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "auth" not in app.blueprints:  # the command line's app has no pages: make the whole one
        app = create_app()
    click.echo(f"Partnership Meeting-Cost Tracker: http://{host}:{port}/  (Ctrl+C to stop)")
    run_simple(host, port, app, threaded=True)
