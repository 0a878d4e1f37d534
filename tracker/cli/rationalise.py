"""Rationalising the partnership map from a shell: the pairs of partnerships that overlap, and the
gatekeeper's assessment of a proposed one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import db
from ..domain.entries import InvalidEntry
from ..domain.gatekeeper import frequency_words
from ..domain.proposal_entries import proposal_entry
from ..reports import basis, registers
from ..reports.basis import Basis
from ..reports.csv_files import export_rows, ratio, two_places
from ..reports.proposals import overlapping
from ..services import proposals
from .calendars import period_option_values, write_csv
from .common import basis_option, fail


@click.command("map")
@click.option("--from", "start", help="First day, YYYY-MM-DD (inclusive; default 1 April of this financial year).")
@click.option("--to", "end", help="Last day, YYYY-MM-DD (inclusive; default today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@with_appcontext
def map_command(start: str | None, end: str | None, output: Path | None) -> None:
    """Pairs of partnerships sharing senior people or purpose, strongest candidates to merge first, as CSV:
    partnership_a, partnership_b, shared_people, shared_hours, overlap, purpose_similarity."""
    period = period_option_values(start, end)
    write_csv("map", export_rows(db.get_session(), "map", period), basis.ACTUAL, output)


@click.command("assess")
@click.option("--members", required=True, help="Members' email addresses, separated by commas.")
@click.option("--every", required=True, help="How often it would meet: N-weeks (such as 4-weeks), month or quarter.")
@click.option("--hours", "hours_each", required=True, help="How long each meeting would last, in hours.")
@click.option("--name", default="Proposed partnership", show_default=True, help="What it would be called.")
@click.option("--purpose", default="", help="What it is for: compared with existing partnerships' purposes.")
@click.option("--places", "grade_places", default="", help="Unnamed places by grade, such as 'SM2 x 2, VSM'.")
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
    """A proposed partnership's projected hours and cost a year, and the partnerships it overlaps."""
    session = db.get_session()
    basis.use(session, cost_basis)
    people = []
    for address in (a.strip() for a in members.split(",") if a.strip()):
        person = registers.person_by_email(session, address.lower())
        if person is None:
            raise click.ClickException(f"{address} is not in the staff register")
        people.append(person.id)
    try:
        entry = proposal_entry(
            {
                "name": name,
                "purpose": purpose or name,
                "every": every,
                "hours_each": hours_each,
                "people": [str(p) for p in people],
                "grade_places": grade_places,
            }
        )
    except InvalidEntry as exc:
        fail(f"{exc.field.replace('_', ' ')}: {exc.message}")
    projected = proposals.projection(session, entry.people, entry.grade_places, entry.every, entry.hours_each)
    period = period_option_values(start, end)
    click.echo(entry.name)
    click.echo(
        f"Meets {frequency_words(entry.every)} ({projected.meetings:.1f} a year) for {entry.hours_each:f} hours; "
        f"{len(projected.places)} places"
    )
    cost = (
        "cannot be costed (a place has no rate)"
        if projected.cost is None
        else f"£{Decimal(two_places(projected.cost)):,.2f}"
    )
    click.echo(f"Projected: {projected.hours:,.1f} hours a year, {cost} a year at {basis.LABELS[cost_basis]}")
    found = overlapping(session, period, projected.person_hours(), entry.purpose)
    click.echo(f"Overlapping partnerships ({period.start} to {period.end}):" if found else "Overlaps no partnership")
    for row in found:
        shared = (
            f"{len(row.shared_people)} shared ({', '.join(row.shared_people)})" if row.shared_people else "none shared"
        )
        click.echo(
            f"  {row.partnership}: {shared}, overlap {ratio(row.overlap)}, purpose {ratio(row.purpose_similarity)}"
        )
