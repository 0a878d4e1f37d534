"""What the command modules share."""

from __future__ import annotations

import click

from ..reports import basis

# ``--basis``: the cost basis a command reads at (``reports.basis``); actual pay unless told.
basis_option = click.option(
    "--basis",
    "cost_basis",
    type=click.Choice(basis.BASES),
    default=basis.ACTUAL,
    show_default=True,
    help="Cost at actual pay, or at standard grade rates (what directors see).",
)


def fail(message: str) -> None:
    """Stop the command with a message and a non-zero exit, as scripts and schedulers expect."""
    raise click.ClickException(message)
