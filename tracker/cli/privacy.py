"""Data protection from the shell: erasing a person or an organisation, a person's data on request, and
the retention period applied (from a scheduler: see docs/operating.md)."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import db
from .common import fail


@click.group("erase")
def erase_group() -> None:
    """Erase a person, or an organisation with all its people, for good (administrators)."""


def _erase(kind: str, subject: str, yes: bool) -> None:
    from ..services import privacy

    if not yes:
        fail(f"erasing a {kind} cannot be undone: say --yes to go ahead (see what goes with the web page first)")
    try:
        with db.transaction() as session:
            done = privacy.erase(session, kind, subject, by=f"shell:{getpass.getuser()}")
    except privacy.NotFound as exc:
        fail(str(exc))
    click.echo(done.summary())


# The address or name is called ``subject``: the audit entry of the command leaves it out (cli._record).
@erase_group.command("person")
@click.argument("subject", metavar="EMAIL")
@click.option("--yes", is_flag=True, help="Erase: nothing is erased without it.")
@with_appcontext
def erase_person(subject: str, yes: bool) -> None:
    """Erase the person with this address or alias: calendars, attendee entries, register rows, account."""
    _erase("person", subject, yes)


@erase_group.command("organisation")
@click.argument("subject", metavar="NAME")
@click.option("--yes", is_flag=True, help="Erase: nothing is erased without it.")
@with_appcontext
def erase_organisation(subject: str, yes: bool) -> None:
    """Erase the organisation of this name and every one of its people."""
    _erase("organisation", subject, yes)


@click.command("subject-access")
@click.argument("email")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write it: .zip for one CSV per section, anything else for JSON.")  # fmt: skip
@with_appcontext
def subject_access_command(email: str, output: Path) -> None:
    """Write everything held about the person with this address, as JSON (or a zip of CSV files)."""
    from ..reports import subject_access
    from ..services import privacy

    try:
        held = privacy.subject_access_request(db.get_session(), email)
    except privacy.NotFound as exc:
        fail(str(exc))
    if output.suffix.lower() == ".zip":
        output.write_bytes(subject_access.as_zip(held))
    else:
        output.write_text(subject_access.as_json(held), encoding="utf-8")
    click.echo(f"wrote {sum(len(v) for v in held.values())} records in {len(held)} sections to {output}")


@click.group("retention")
def retention_group() -> None:
    """Meeting titles and attendee lists kept for retain_titles_months (tracker settings)."""


@retention_group.command("apply")
@with_appcontext
def retention_apply() -> None:
    """Remove titles and attendee lists of meetings older than the retention period; hours and costs stay."""
    from ..services import privacy

    with db.transaction() as session:
        run = privacy.apply_retention(session)
    if run.cutoff is None:
        click.echo("retain_titles_months is 0: titles and attendee lists are kept for ever")
        return
    done = run.retired
    click.echo(
        f"meetings before {run.cutoff.isoformat()} ({run.months} months): {done.meetings} retired, "
        f"{done.copies} calendar copies and {done.kept_copies} kept copies stripped, "
        f"{done.readings} stored readings and {done.source_objects} connected calendar objects let go"
    )
