"""The registers, settings, outcomes and users from CSV files and the shell."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import db
from ..domain.entries import InvalidEntry
from ..domain.permissions import ROLES
from ..domain.settings import DESCRIPTIONS
from ..reports.registers import oncost_table
from ..services import outcomes
from ..services import users as accounts
from ..services.register_files import RegisterError
from ..services.registers import load_register
from ..services.settings import change_settings, current
from .common import fail


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
                summary = load_register(session, name, file.read_bytes(), file.name, by=f"shell:{getpass.getuser()}")
        except RegisterError as exc:
            fail(f"{exc} (nothing was changed)")
        click.echo(f"{file.name}: {summary}")

    return group


staff = _register_loader("staff", "The staff register (HR CSV, upserted by email).")
salaries = _register_loader(
    "salaries", "Salaries of people in the staff register (email,annual_salary,salary_effective_from)."
)
partnerships = _register_loader("partnerships", "The partnership register (CSV, upserted by name).")
grades = _register_loader("grades", "Pay bands by grade (grade,band_min,band_max).")
rates = _register_loader(
    "rates", "Standard hourly rates by grade and financial year (grade,financial_year,hourly_rate), kept by finance."
)
oncosts = _register_loader("oncosts", "Employer on-costs per organisation and financial year.")
comparators = _register_loader(
    "comparators", "Front-line comparators (name,unit,cost_per_unit,source): what meeting cost would buy instead."
)
funding = _register_loader(
    "funding", "Money each partnership steers (partnership,source,amount,period_start,period_end,conditions)."
)


@oncosts.command("show")
@click.option("--year", type=int, help="Financial year it starts in (default: the current one).")
@with_appcontext
def oncosts_show(year: int | None) -> None:
    """The on-costs in force for each organisation, each with its source, and the defaults for the others."""
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
        fail(str(exc))
    click.echo(f"{key} = {value}")


@click.group("users")
def users() -> None:
    """People who sign in to the web app."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="")
@click.option(
    "--organisation",
    default="",
    help="The partner organisation (as in the staff register) the user works for; left out: the host.",
)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 10 characters; asked for when not given.",
)
@with_appcontext
def users_create(email: str, role: str, name: str, organisation: str, password: str) -> None:
    """Create a user, for example the first administrator (of the host: no --organisation)."""
    try:
        with db.transaction() as session:
            accounts.create_user(session, email, role, password, name, organisation or None)
    except InvalidEntry as exc:
        fail(str(exc))
    click.echo(f"{email} can now sign in as {role} of {organisation or 'the host'}.")


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
        fail(f"{exc} (nothing was changed)")
    click.echo(f"{file.name}: {count} outcome values loaded")
