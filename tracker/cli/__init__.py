"""The ``tracker`` command: registers, imports, exports and inspection from a shell or a scheduler."""

from __future__ import annotations

import functools
import getpass
import importlib
import logging

import click
from flask import Flask, current_app, has_app_context
from flask.cli import AppGroup, FlaskGroup

log = logging.getLogger(__name__)

# Every command: its module in this package, the name it has there, and its one-line help. A command's
# module (and what it imports: services, reports, importers) is imported only when the command runs, so
# ``tracker --help`` and the start every command pays stay light; tests/tracker/test_cli_start.py checks
# that each line here says what the command's own help says, and what a start imports.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("running", "init_command", "Create or upgrade the database schema."),
    "recompute": (
        "running",
        "recompute_command",
        "Work every attribution and attendance out afresh from the stored calendars, registers and settings.",
    ),
    "staff": ("registers", "staff", "The staff register (HR CSV, upserted by email)."),
    "salaries": (
        "registers",
        "salaries",
        "Salaries of people in the staff register (email,annual_salary,salary_effective_from).",
    ),
    "partnerships": ("registers", "partnerships", "The partnership register (CSV, upserted by name)."),
    "grades": ("registers", "grades", "Pay bands by grade (grade,band_min,band_max)."),
    "rates": (
        "registers",
        "rates",
        "Standard hourly rates by grade and financial year (grade,financial_year,hourly_rate), kept by finance.",
    ),
    "oncosts": ("registers", "oncosts", "Employer on-costs per organisation and financial year."),
    "comparators": (
        "registers",
        "comparators",
        "Front-line comparators (name,unit,cost_per_unit,source): what meeting cost would buy instead.",
    ),
    "funding": (
        "registers",
        "funding",
        "Money each partnership steers (partnership,source,amount,period_start,period_end,conditions).",
    ),
    "settings": ("registers", "settings_group", "Productive hours and what is counted."),
    "users": ("registers", "users", "People who sign in to the web app."),
    "outcomes": ("registers", "outcomes_group", "Partnership outcomes (Results-Based Accountability measures)."),
    "import": ("calendars", "import_command", "Import .ics, Outlook .csv and .zip calendar exports, all or nothing."),
    "export": (
        "calendars",
        "export_command",
        "CSV summaries (partnerships, people, meetings, hats, send_one, results) or the finance workbook (.xlsx).",
    ),
    "inspect": (
        "inspecting",
        "inspect_command",
        "Show what the importer reads in a file, one JSON object a line; stores nothing.",
    ),
    "demo": (
        "running",
        "demo_command",
        "Build the demo organisation and import its year of calendars through the normal path.",
    ),
    "serve": (
        "running",
        "serve_command",
        "Start the web app (a development server: put a WSGI server such as gunicorn in front in production).",
    ),
    "worker": (
        "running",
        "worker_command",
        "Run background imports from Redis (REDIS_URL); start as many as there are cores to spare.",
    ),
    "sources": (
        "sources",
        "sources_group",
        "Connected calendars: CalDAV, published ICS addresses, Microsoft 365 and Google.",
    ),
    "sync": (
        "sources",
        "sync_command",
        "Bring every connected calendar (or one) up to date; exits non-zero naming each that failed.",
    ),
    "scheduler": (
        "running",
        "scheduler_command",
        "Queue the connected calendars' syncs for the workers on a schedule (RQ's cron); run one, beside them.",
    ),
    "backup": (
        "backups",
        "backup_command",
        "Write the whole database to FILE (SQLite: a copy of the database; PostgreSQL: pg_dump's custom format).",
    ),
    "restore": (
        "backups",
        "restore_command",
        "Replace the whole database with the backup in FILE, as `tracker backup` wrote it.",
    ),
    "erase": (
        "privacy",
        "erase_group",
        "Erase a person, or an organisation with all its people, for good (administrators).",
    ),
    "subject-access": (
        "privacy",
        "subject_access_command",
        "Write everything held about the person with this address, as JSON (or a zip of CSV files).",
    ),
    "retention": (
        "privacy",
        "retention_group",
        "Meeting titles and attendee lists kept for retain_titles_months (tracker settings).",
    ),
    "map": (
        "rationalise",
        "map_command",
        "Pairs of partnerships sharing senior people or purpose, as CSV: partnership_a, partnership_b,"
        " shared_people, shared_hours, overlap, purpose_similarity, kind.",
    ),
    "assess": (
        "rationalise",
        "assess_command",
        "A proposed partnership's projected hours and cost a year, the partnerships it overlaps, and a warning"
        " for any it is named like or is much like in purpose.",
    ),
}


@functools.cache
def load_command(name: str) -> click.Command | None:
    """The command called ``name``, its module imported now, audited once; None if there is none."""
    if name not in COMMANDS:
        return None
    module, attribute, _help = COMMANDS[name]
    command: click.Command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    _audited(command, "tracker")
    return command


class _Listed:
    """What a group of lazily loaded commands lists and prints without importing any of them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) or super().get_command(ctx, cmd_name)  # type: ignore[misc]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in sorted(COMMANDS)])


class Commands(_Listed, AppGroup):
    """The app's ``cli`` (what ``app.test_cli_runner()`` and ``flask --app tracker`` run)."""


class Tracker(_Listed, FlaskGroup):
    """The ``tracker`` console script: lists and finds commands without making the app."""


def init_app(app: Flask) -> None:
    app.cli = Commands(app.name)


def _audited(command: click.Command, parent: str) -> None:
    """Each command run from the shell goes into the audit trail: which, with what (never a password),
    by which account of the machine, and whether it worked. Wrapped once, whatever the apps made."""
    path = f"{parent} {command.name}"
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _audited(sub, path)
        return
    callback = command.callback
    if callback is None or getattr(callback, "audited", False):
        return

    @functools.wraps(callback)
    def run(*args, **kwargs):
        outcome = "failed"
        try:
            result = callback(*args, **kwargs)
            outcome = "done"
            return result
        except SystemExit as exit_:
            outcome = "done" if not exit_.code else "failed"
            raise
        finally:
            _record(path, outcome, kwargs)

    run.audited = True  # type: ignore[attr-defined]
    command.callback = run


def _record(path: str, outcome: str, params: dict) -> None:
    if not has_app_context():
        return
    from ..services import audit

    # Never a password; never whom an erasure was of (``subject``): its own entry says it by reference; never
    # a calendar's address (``url``): a published calendar's private link holds its key.
    details = {
        k: str(v)[:200]
        for k, v in params.items()
        if "password" not in k and k not in ("subject", "url") and v not in (None, (), False)
    }
    try:
        audit.record(
            current_app.extensions["database"].session,
            actor=f"shell:{getpass.getuser()}",
            action=path,
            target=path,
            whose=str(params.get("email") or ""),  # the account a users command is about
            outcome=outcome,
            details=details,
        )
    except Exception:  # the command's own work is done: say so loudly rather than fail it
        log.exception("could not write the audit entry for %s", path)


def main() -> None:
    from .. import create_app

    Tracker(
        create_app=functools.partial(create_app, serving=False),
        add_default_commands=False,
        load_dotenv=False,
        help="Partnership meeting-cost tracker.",
    )()
