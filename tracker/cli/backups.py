"""``tracker backup FILE`` and ``tracker restore FILE``: the whole database, with its own tools."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import db
from ..services import backups, database
from .common import fail


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write the whole database to FILE (SQLite: a copy of the database; PostgreSQL: pg_dump's custom format).

    Safe while the app runs: the copy is consistent, as of one moment."""
    engine = current_app.extensions["database"].engine
    try:
        backups.backup(engine, file)
    except (backups.BackupError, OSError) as exc:
        fail(f"No backup written: {exc}")
    click.echo(f"Backup written to {file} ({file.stat().st_size:,} bytes)")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the whole database with the backup in FILE, as `tracker backup` wrote it.

    Everything stored now is replaced; stop the web app and workers first. A backup from an older
    version of the tracker is migrated and its figures worked out again."""
    engine = current_app.extensions["database"].engine
    where = engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"Replace everything in {where} with {file}?", abort=True)
    try:
        restored = backups.restore(engine, file)
    except (backups.BackupError, OSError) as exc:
        fail(f"Nothing restored: {exc}")
        return
    if restored.upgraded:
        with db.transaction() as session:
            database.prepare(engine, session, recompute_all=True)  # the restored rows, figures and all, may be older
        click.echo(f"Restored {file} (schema {restored.revision}, migrated to this version, figures worked out again)")
    else:
        click.echo(f"Restored {file} into {where}")
