"""Rationalising the partnership map from a shell: the pairs of partnerships that overlap, and the
gatekeeper's assessment of a proposed one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import db
from ..domain.entries import InvalidEntry
from ..domain.gatekeeper import HOURS_RANGE, MAX_PLACES, frequency_words
from ..domain.proposal_entries import proposal_entry
from ..domain.rounding import clock_words, whole_seconds
from ..reports import basis
from ..reports.basis import Basis
from ..reports.cell_text import ratio, two_places
from ..reports.csv_files import export_rows
from ..reports.proposals import alike, names_of, overlapping
from ..services import proposals
from .calendars import period_option_values, write_csv
from .common import basis_option, fail


@click.command("map")
@click.option("--from", "start", help="First day, YYYY-MM-DD (inclusive; default 1 April of this financial year).")
@click.option("--to", "end", help="Last day, YYYY-MM-DD (inclusive; default today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@with_appcontext
def map_command(start: str | None, end: str | None, output: Path | None) -> None:
    """Pairs of partnerships sharing senior people or purpose, as CSV: partnership_a, partnership_b,
    shared_people, shared_hours, overlap, purpose_similarity, kind. Look-alikes first (kind "merge"),
    strongest first; then pairs where one sits below the other (kind "fold back in"), strongest first."""
    period = period_option_values(start, end)
    write_csv("map", export_rows(db.get_session(), "map", period), basis.ACTUAL, output)


@click.command("assess")
@click.option(
    "--members", required=True, help="Members' email addresses (their own or any registered alias), by commas."
)
@click.option("--every", required=True, help="How often it would meet: N-weeks (such as 4-weeks), month or quarter.")
@click.option("--hours", "hours_each", required=True, help=f"How long each meeting would last: {HOURS_RANGE}.")
@click.option("--name", default="Proposed partnership", show_default=True, help="What it would be called.")
@click.option("--purpose", default="", help="What it is for: compared with existing partnerships' purposes.")
@click.option(
    "--places",
    "grade_places",
    default="",
    help=f"Unnamed places by grade: GRADE x N (N from 1 to {MAX_PLACES}), or GRADE for one; such as 'SM x 2, VSM'.",
)
@click.option("--from", "start", help="Overlap measured from this day, YYYY-MM-DD (default 1 April).")
@click.option("--to", "end", help="...to this day (default today).")
@basis_option
@with_appcontext
def assess_command(
    members: str,
    every: str,
    hours_each: str,
    name: str,
    purpose: str,
    grade_places: str,
    start: str | None,
    end: str | None,
    cost_basis: Basis,
) -> None:
    """A proposed partnership's projected hours and cost a year, the partnerships it overlaps, and a warning
    for any it is named like or is much like in purpose. What it cannot cost (a grade no register knows, a
    number of places it cannot read, an address no one has) is refused, naming it, with a non-zero exit."""
    session = db.get_session()
    basis.use(session, cost_basis)
    values = {
        "name": name,
        "purpose": purpose or name,
        "every": every,
        "hours_each": hours_each,
        "members": members,
        "grade_places": grade_places,
    }
    try:
        entry = proposal_entry(values, proposals.registered(session))
    except InvalidEntry as exc:
        fail(f"{OPTIONS.get(exc.field, exc.field)}: {exc.message}")
    projected = proposals.projection(session, entry.people, entry.grade_places, entry.every, entry.hours_each)
    period = period_option_values(start, end)
    click.echo(entry.name)
    click.echo(
        f"Meets {frequency_words(entry.every)} ({projected.meetings:.1f} a year) for {entry.hours_each:f} hours; "
        f"{len(projected.places)} places"
    )
    label = basis.LABELS[cost_basis]
    if projected.cost is None:
        unrated = [f"{n} place{'s' if n > 1 else ''} at {g}" for g, n in projected.unrated()]
        unrated += list(names_of(session, projected.unrated_people()).values())
        click.echo(
            f"Projected: {clock_words(whole_seconds(projected.hours))} a year; cannot be costed at {label}: "
            f"no rate for {', '.join(unrated)}"
        )
    else:
        cost = f"£{Decimal(two_places(projected.cost)):,.2f}"
        click.echo(f"Projected: {clock_words(whole_seconds(projected.hours))} a year, {cost} a year at {label}")
    click.echo(f"  {projected.basis}")
    for like in alike(session, entry.name, entry.purpose):
        click.echo(f"Warning: {like.partnership} exists, with {like.words(ratio(like.purpose_similarity))}")
    found = overlapping(session, period, projected.person_hours(), entry.purpose)
    click.echo(
        f"Overlapping partnerships ({period.start} to {period.end}; members' hours {period.year_basis}):"
        if found
        else "Overlaps no partnership"
    )
    for row in found:
        shared = (
            f"{len(row.shared_people)} shared ({', '.join(row.shared_people)})" if row.shared_people else "none shared"
        )
        click.echo(
            f"  {row.partnership}: {shared}, overlap {ratio(row.overlap)}, purpose {ratio(row.purpose_similarity)}"
        )


# The option each field of a proposal comes from, for a message about it.
OPTIONS = {
    "members": "--members",
    "people": "--members",
    "every": "--every",
    "hours_each": "--hours",
    "name": "--name",
    "purpose": "--purpose",
    "grade_places": "--places",
}
