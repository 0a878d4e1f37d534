"""What the command modules share."""

from __future__ import annotations

import click


def fail(message: str) -> None:
    """Stop the command with a message and a non-zero exit, as scripts and schedulers expect."""
    raise click.ClickException(message)
