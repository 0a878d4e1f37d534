"""Calendars: importing files, exporting the CSV summaries, inspecting what the importer reads."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from importers import EXCLUSION_REASONS, CalendarFileError

from .. import db
from ..domain.local_time import ZONE
from ..domain.local_time import today as london_today
from ..domain.periods import Period
from ..domain.rounding import clock_words, whole_seconds
from ..reports import basis
from ..reports.basis import Basis
from ..reports.csv_files import CSV_KINDS, EXPORTED, csv_chunks, export_rows
from ..reports.people import uncosted_rows
from ..services.calendar_import import FileSummary, OwnerUnknown, ReadCalendar, Upload, each_calendar, import_calendars
from .common import basis_option, fail

WORKBOOK = "workbook"  # ``tracker export workbook``: the finance workbook, not a CSV
REASONS = {**EXCLUSION_REASONS, "declined": "declined", "outside_partnership": "outside any partnership"}


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="Email address of the person whose calendar the files are.")
@click.option("--date-format", type=click.Choice(["dmy", "mdy", "ymd"]), help="Date order of an Outlook CSV.")
@click.option("--skip-invalid", is_flag=True, help="Import the readable events of files with unreadable ones.")
@click.option(
    "--readers",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="every core",
    help="Processes reading a zip's calendars while they are stored one at a time.",
)
@with_appcontext
def import_command(
    files: tuple[Path, ...], owner: str | None, date_format: str | None, skip_invalid: bool, readers: int
) -> None:
    """Import .ics, Outlook .csv and .zip calendar exports, all or nothing."""
    show_bar = sys.stderr.isatty() and len(files) > 1

    def calendars(items, session) -> Iterator[ReadCalendar]:
        for path in items:  # read as stored: an archive of hundreds of calendars is never all in memory
            upload = Upload(path.name, path.read_bytes(), owner, date_format)
            yield from each_calendar(upload, session=session, skip_invalid=skip_invalid, readers=readers)

    try:
        with db.transaction() as session:
            with click.progressbar(files, label="Importing", file=sys.stderr) if show_bar else _plain(files) as items:
                summaries = import_calendars(session, calendars(items, session), imported_by="cli")
    except (CalendarFileError, OwnerUnknown) as exc:
        fail(f"{exc}\nNothing was imported." if "nothing was imported" not in str(exc) else str(exc))
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
        lines.append(f"  already imported (import #{s.import_id}); nothing changed; counts as that import found them")
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


def write_csv(kind: str, rows: Iterable, cost_basis: Basis, output: Path | None) -> None:
    """One summary as CSV, to ``output`` (saying how many rows, and at which basis) or to standard output."""
    written = [0]
    chunks = csv_chunks(kind, _counted(rows, written), cost_basis)
    if output:
        with output.open("w", encoding="utf-8", newline="") as out:
            out.writelines(chunks)
        costs = f", costs at {basis.LABELS[cost_basis]}" if CSV_KINDS[kind].costed else ""
        click.echo(f"{written[0]} rows written to {output}{costs}", err=True)
    else:
        for chunk in chunks:
            click.echo(chunk, nl=False)


def write_workbook_file(period: Period, output: Path | None) -> None:
    """The finance workbook to ``output``, at the basis the command's session was told, saying how many rows
    each sheet has and at which basis."""
    from ..reports.workbook import Made, write_workbook  # XlsxWriter only for the command that needs it

    if output is None:
        fail("the workbook is a file: give one with -o FILE.xlsx")
        return
    session = db.get_session()
    made = Made(datetime.now(ZONE), f"tracker export, run by {getpass.getuser()}")
    written = write_workbook(output, session, period, made)
    sheets = ", ".join(f"{title} {rows}" for title, rows in written.items())
    click.echo(f"Rows written to {output}: {sheets}; costs at {basis.label(session)}", err=True)


def _counted(rows: Iterable, tally: list[int]) -> Iterator:
    """The rows as they stream past, counted into ``tally[0]``."""
    for row in rows:
        tally[0] += 1
        yield row


def period_option_values(start: str | None, end: str | None) -> Period:
    """The given days, or the current financial year to date."""
    default = Period.year_to_date(london_today())
    try:
        first = date.fromisoformat(start) if start else default.start
        return Period(first, date.fromisoformat(end) if end else default.end)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("export")
@click.argument("kind", type=click.Choice((*EXPORTED, WORKBOOK)))
@click.option("--from", "start", help="First day, YYYY-MM-DD (inclusive; default 1 April of this financial year).")
@click.option("--to", "end", help="Last day, YYYY-MM-DD (inclusive; default today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@basis_option
@with_appcontext
def export_command(kind: str, start: str | None, end: str | None, output: Path | None, cost_basis: Basis) -> None:
    """CSV summaries (partnerships, people, meetings, hats, send_one, results) or the finance workbook (.xlsx)."""
    period = period_option_values(start, end)
    session = db.get_session()
    basis.use(session, cost_basis)
    if kind == WORKBOOK:
        write_workbook_file(period, output)
    else:
        write_csv(kind, export_rows(session, kind, period), cost_basis, output)
    for row in uncosted_rows(session, period):
        click.echo(
            f"warning: {row.person} <{row.email}> has no salary or grade: "
            f"{row.attendances} attendances ({clock_words(whole_seconds(row.hours))}) are not costed",
            err=True,
        )
