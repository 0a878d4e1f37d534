"""``tracker inspect``: what the importer reads in a file, for a person checking an export before uploading it.

A module of its own, importing the readers and nothing of the app: it stores nothing and needs no
database, so it should start as fast as a plain script (0.2 s, where importing the app's reports and
models first took a second of every run).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import click

import importers
from importers import MAX_FILE_BYTES, CalendarFileError, Occurrence
from importers.events import day_of, days_window

from ..domain.local_time import today as london_today

WRITTEN_AT_ONCE = 2000  # lines gathered before they are written: one write a line cost a tenth of a big file's time


@click.command("inspect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="Whose calendar it is (changes nothing here but the header).")
@click.option("--from", "start", help="First day, YYYY-MM-DD.")
@click.option("--to", "end", help="Last day, YYYY-MM-DD.")
@click.option("--date-format", type=click.Choice(["dmy", "mdy", "ymd"]))
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=MAX_FILE_BYTES,
    show_default=True,
    help="The largest file read: a mailbox's whole export may be larger than an upload may.",
)
def inspect_command(
    file: Path, owner: str | None, start: str | None, end: str | None, date_format: str | None, max_bytes: int
):
    """Show what the importer reads in a file, one JSON object a line; stores nothing and needs no database."""
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
        results = importers.read(
            file.read_bytes(),
            file.name,
            date_format=date_format,
            window=window,
            today=today,
            max_bytes=max_bytes,
            workers=os.cpu_count() or 1,  # a command has one thread: a large file is read on every core
        )
    except CalendarFileError as exc:
        raise click.ClickException(str(exc)) from None
    for result in results:
        if owner or result.owner_hint:
            click.echo(f"{result.filename}: calendar of {owner or result.owner_hint}", err=True)
        shown = (
            o
            for o in result.occurrences
            if not ((first and day_of(o.start) < first) or (last and day_of(o.start) > last))
        )
        batch: list[str] = []
        for occ in shown:
            batch.append(json.dumps(occurrence_json(occ)))
            if len(batch) == WRITTEN_AT_ONCE:
                click.echo("\n".join(batch))
                batch.clear()
        if batch:
            click.echo("\n".join(batch))
        for problem in result.problems:
            click.echo(f"{result.filename}: {problem.severity}: {problem}", err=True)


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
