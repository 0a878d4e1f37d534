"""The ``tracker`` command: registers, imports, exports and inspection from a shell or a scheduler."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

import importers
from importers import EXCLUSION_REASONS, CalendarFileError, Occurrence
from importers.events import day_of, days_window

from . import db
from .domain.entries import InvalidEntry
from .domain.local_time import today as london_today
from .domain.periods import Period
from .domain.permissions import ROLES
from .domain.settings import DESCRIPTIONS
from .reports.csv_files import COLUMNS, export_rows, to_csv
from .reports.people import uncosted_rows
from .reports.registers import oncost_table
from .services import database, outcomes
from .services import users as accounts
from .services.calendar_import import FileSummary, OwnerUnknown, Upload, check_readable, import_calendars, read_upload
from .services.register_files import RegisterError
from .services.registers import load_register
from .services.settings import change_settings, current

REASONS = {**EXCLUSION_REASONS, "declined": "declined", "outside_partnership": "outside any partnership"}


def init_app(app: Flask) -> None:
    for command in (
        init_command,
        recompute_command,
        staff,
        partnerships,
        grades,
        oncosts,
        settings_group,
        import_command,
        export_command,
        inspect_command,
        demo_command,
        users,
        outcomes_group,
        serve_command,
    ):
        app.cli.add_command(command)


def main() -> None:
    from . import create_app

    FlaskGroup(create_app=create_app, add_default_commands=False, help="Partnership meeting-cost tracker.")()


def _fail(message: str) -> None:
    raise click.ClickException(message)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database schema."""
    from flask import current_app

    with db.transaction() as session:
        database.prepare(current_app.extensions["engine"], session)
    click.echo(f"Database ready: {current_app.extensions['engine'].url.render_as_string(hide_password=True)}")


@click.command("recompute")
@with_appcontext
def recompute_command() -> None:
    """Work every attribution and attendance out afresh from the stored calendars, registers and settings."""
    with db.transaction() as session:
        database.recompute(session)
    click.echo("Every attribution and attendance has been worked out afresh.")


def _register_loader(name: str, help_text: str) -> click.Group:
    @click.group(name, help=help_text)
    def group() -> None:
        pass

    @group.command("load")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @with_appcontext
    def load(file: Path) -> None:
        """Load or update the register from a CSV file."""
        try:
            with db.transaction() as session:
                summary = load_register(session, name, file.read_bytes(), file.name)
        except RegisterError as exc:
            _fail(f"{exc} (nothing was changed)")
        click.echo(f"{file.name}: {summary}")

    return group


staff = _register_loader("staff", "The staff register (HR CSV, upserted by email).")
partnerships = _register_loader("partnerships", "The partnership register (CSV, upserted by name).")
grades = _register_loader("grades", "Pay bands by grade (grade,band_min,band_max).")
oncosts = _register_loader("oncosts", "Employer on-costs per organisation and financial year.")


@oncosts.command("show")
@click.option("--year", type=int, help="Financial year it starts in (default: the current one).")
@with_appcontext
def oncosts_show(year: int | None) -> None:
    """The on-costs in force for each organisation, and the defaults for the others."""
    for line in oncost_table(db.get_session(), year):
        click.echo(line)


@click.group("settings")
def settings_group() -> None:
    """Productive hours and what is counted."""


@settings_group.command("show")
@with_appcontext
def settings_show() -> None:
    settings = current(db.get_session())
    for key, text in DESCRIPTIONS.items():
        click.echo(f"{key:<22} {getattr(settings, key)!s:<8} {text}")
    click.echo(f"{'productive_hours':<22} {float(settings.productive_hours):<8.1f} (derived) hours a full-time year")


@settings_group.command("set")
@click.argument("key")
@click.argument("value")
@with_appcontext
def settings_set(key: str, value: str) -> None:
    try:
        with db.transaction() as session:
            change_settings(session, {key: value})
    except ValueError as exc:
        _fail(str(exc))
    click.echo(f"{key} = {value}")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="Email address of the person whose calendar the files are.")
@click.option("--date-format", type=click.Choice(["dmy", "mdy", "ymd"]), help="Date order of an Outlook CSV.")
@click.option("--skip-invalid", is_flag=True, help="Import the readable events of files with unreadable ones.")
@with_appcontext
def import_command(files: tuple[Path, ...], owner: str | None, date_format: str | None, skip_invalid: bool) -> None:
    """Import .ics, Outlook .csv and .zip calendar exports, all or nothing."""
    results = []
    show_bar = sys.stderr.isatty() and len(files) > 1
    with click.progressbar(files, label="Reading", file=sys.stderr) if show_bar else _plain(files) as items:
        for path in items:
            try:
                upload = Upload(path.name, path.read_bytes(), owner, date_format)
                results.extend(read_upload(upload, session=db.get_session()))
            except (CalendarFileError, OwnerUnknown) as exc:
                _fail(f"{exc}\nNothing was imported.")
    try:
        check_readable(results, skip_invalid=skip_invalid)
    except CalendarFileError as exc:
        _fail(str(exc))
    with db.transaction() as session:
        if sys.stderr.isatty() and len(results) > 1:
            with click.progressbar(length=len(results), label="Importing", file=sys.stderr) as bar:
                summaries = import_calendars(session, results, imported_by="cli", progress=lambda _: bar.update(1))
        else:
            summaries = import_calendars(session, results, imported_by="cli")
    for summary in summaries:
        click.echo(describe(summary))


class _plain:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc) -> None:
        return None


def describe(s: FileSummary) -> str:
    """The import summary a person reads."""
    lines = [f"{s.filename} (calendar of {s.owner})"]
    if s.already_imported:
        lines.append(f"  already imported (import #{s.import_id}); nothing changed")
    lines.append(f"  events read: {s.events_read}; occurrences: {s.occurrences}")
    lines.append(f"  new: {s.new}, updated: {s.updated}, unchanged: {s.unchanged}, removed: {s.removed}")
    lines.append(f"  attributed: {s.attributed}, unattributed: {s.unattributed}")
    if s.excluded:
        lines.append("  excluded: " + ", ".join(f"{REASONS.get(k, k)}: {n}" for k, n in sorted(s.excluded.items())))
    if s.open_ended_series:
        lines.append(f"  {s.open_ended_series} series without an end were expanded up to {s.horizon}")
    if s.unknown_attendees:
        top = ", ".join(f"{e} ({n})" for e, n in list(s.unknown_attendees.items())[:10])
        lines.append(f"  not in the staff register: {top}")
    for problem in s.problems[:20]:
        lines.append(f"  note: {problem}")
    if len(s.problems) > 20:
        lines.append(f"  ... and {len(s.problems) - 20} more notes")
    return "\n".join(lines)


def _period(start: str | None, end: str | None) -> Period:
    """The given days, or the current financial year to date."""
    default = Period.year_to_date(london_today())
    try:
        first = date.fromisoformat(start) if start else default.start
        return Period(first, date.fromisoformat(end) if end else default.end)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("export")
@click.argument("kind", type=click.Choice(list(COLUMNS)))
@click.option("--from", "start", help="First day, YYYY-MM-DD (inclusive; default 1 April of this financial year).")
@click.option("--to", "end", help="Last day, YYYY-MM-DD (inclusive; default today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@with_appcontext
def export_command(kind: str, start: str | None, end: str | None, output: Path | None) -> None:
    """CSV summaries for finance: partnerships, people or meetings."""
    period = _period(start, end)
    session = db.get_session()
    rows = export_rows(session, kind, period)
    text = to_csv(kind, rows)
    if output:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"{len(rows)} rows written to {output}", err=True)
    else:
        click.echo(text, nl=False)
    for row in uncosted_rows(session, period):
        click.echo(
            f"warning: {row.person} <{row.email}> has no salary or grade: "
            f"{row.attendances} attendances ({row.hours:.2f} h) are not costed",
            err=True,
        )


@click.command("inspect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="Whose calendar it is (changes nothing here but the header).")
@click.option("--from", "start", help="First day, YYYY-MM-DD.")
@click.option("--to", "end", help="Last day, YYYY-MM-DD.")
@click.option("--date-format", type=click.Choice(["dmy", "mdy", "ymd"]))
def inspect_command(file: Path, owner: str | None, start: str | None, end: str | None, date_format: str | None):
    """Show what the importer reads in a file, one JSON object a line; stores nothing."""
    try:
        first = date.fromisoformat(start) if start else None
        last = date.fromisoformat(end) if end else None
    except ValueError as exc:
        raise click.BadParameter(f"{exc}: write days as YYYY-MM-DD") from None
    if first and last and last < first:
        raise click.BadParameter(f"--to {last} is before --from {first}")
    # Series without an end are expanded over the days asked for; with --from alone, to a year past it.
    window = days_window(first, last) if last else None
    today = max(first, london_today()) if first else None
    try:
        results = importers.read(file.read_bytes(), file.name, date_format=date_format, window=window, today=today)
    except CalendarFileError as exc:
        _fail(str(exc))
    for result in results:
        if owner or result.owner_hint:
            click.echo(f"{result.filename}: calendar of {owner or result.owner_hint}", err=True)
        for occ in result.occurrences:
            day = day_of(occ.start)
            if (first and day < first) or (last and day > last):
                continue
            click.echo(json.dumps(occurrence_json(occ)))
        for problem in result.problems:
            click.echo(f"{result.filename}: {problem.severity}: {problem}", err=True)


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

    from .demo import DEMO_USERS, build_demo

    folder = out or Path(current_app.instance_path) / "demo"
    with db.transaction() as session:
        database.prepare(current_app.extensions["engine"], session)
        report = build_demo(session, folder, today=date.fromisoformat(today) if today else london_today())
    click.echo(report)
    click.echo("Demo sign-ins (email / password):")
    for email, role, password in DEMO_USERS:
        click.echo(f"  {role:<9} {email} / {password}")


@click.group("users")
def users() -> None:
    """People who sign in to the web app."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 10 characters; asked for when not given.",
)
@with_appcontext
def users_create(email: str, role: str, name: str, password: str) -> None:
    """Create a user, for example the first administrator."""
    try:
        with db.transaction() as session:
            accounts.create_user(session, email, role, password, name)
    except InvalidEntry as exc:
        _fail(str(exc))
    click.echo(f"{email} can now sign in as {role}.")


@click.group("outcomes")
def outcomes_group() -> None:
    """Partnership outcomes (Results-Based Accountability measures)."""


@outcomes_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def outcomes_load(file: Path) -> None:
    """Load partnership,period_start,period_end,measure,value,unit,target,notes rows."""
    try:
        with db.transaction() as session:
            count = outcomes.load_outcomes(session, file.read_bytes(), file.name, "cli")
    except RegisterError as exc:
        _fail(f"{exc} (nothing was changed)")
    click.echo(f"{file.name}: {count} outcome values loaded")


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Start the web app (a development server: put a WSGI server such as gunicorn in front in production)."""
    from flask import current_app
    from werkzeug.serving import run_simple

    click.echo(f"Partnership Meeting-Cost Tracker: http://{host}:{port}/  (Ctrl+C to stop)")
    run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]


def occurrence_json(occ: Occurrence) -> dict:
    """What ``tracker inspect`` prints for one occurrence: the importer's view."""
    return {
        "uid": occ.uid,
        "recurrence_id": occ.recurrence_id,
        "start": occ.start_iso,
        "end": occ.end_iso,
        "all_day": occ.all_day,
        "title": "(private)" if occ.private else occ.title,
        "status": occ.status,
        "transparent": occ.transparent,
        "private": occ.private,
        "organizer": occ.organizer,
        "attendees": [{"email": a.email or None, "name": a.name, "partstat": a.partstat} for a in occ.attendees],
        "categories": list(occ.categories),
        "excluded": occ.exclusion,
    }
