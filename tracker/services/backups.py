"""Backups of the whole database, made and restored with the database's own tools.

SQLite: the online backup API (``sqlite3.Connection.backup``), a consistent copy even while the app
writes, restored the same way in one step. PostgreSQL: ``pg_dump`` in its custom format, restored by
``pg_restore`` in a single transaction, so a restore that fails leaves the database as it was. A
backup made by an older version of the tracker is brought up to date after it is restored; one made by
a newer version is refused, as is a file of the other database's kind.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, make_url

from ..store.schema import alembic_config, read_sqlite_revision, sqlite_intact

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Why a backup or a restore could not be made; nothing was changed."""


@dataclass(frozen=True)
class Restored:
    revision: str  # the schema version the backup was made at
    upgraded: bool  # True when it was older than this version and has been migrated


def backup(engine: Engine, target: Path) -> None:
    """Write the whole database to ``target`` (written beside it first, then moved into place)."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, partial)
        elif engine.dialect.name == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(partial), _libpq_url(engine)], engine)
        else:
            raise BackupError(f"backups of {engine.dialect.name} databases are not supported")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def restore(engine: Engine, source: Path) -> Restored:
    """Replace the whole database with the backup in ``source``. The caller brings the schema up to date
    (and works the figures out again) when ``upgraded`` says the backup was older."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    with source.open("rb") as handle:
        head = handle.read(16)
    if engine.dialect.name == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not an SQLite backup" + _kind_hint(head))
        revision = _sqlite_revision(source)
        _known(revision, engine, source)
        _sqlite_restore(source, engine)
    elif engine.dialect.name == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source} is not a PostgreSQL backup (pg_dump's custom format)" + _kind_hint(head))
        revision = _pg_revision(source, engine)
        _known(revision, engine, source)
        engine.dispose()  # no connection of ours holds a lock the restore must wait for
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _libpq_url(engine),
                str(source),
            ],
            engine,
        )
    else:
        raise BackupError(f"restoring {engine.dialect.name} databases is not supported")
    engine.dispose()
    return Restored(revision, revision != _head(engine))


def _sqlite_backup(engine: Engine, target: Path) -> None:
    target.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()
    finally:
        raw.close()


def _sqlite_restore(source: Path, engine: Engine) -> None:
    """Copied into the live database in one step: readers see the old database or the new, never a mix."""
    with tempfile.TemporaryDirectory() as folder:  # read a copy: the backup file itself stays untouched
        copy = Path(folder) / "restore.sqlite"
        shutil.copyfile(source, copy)
        origin = sqlite3.connect(copy)
        try:
            if not sqlite_intact(origin):
                raise BackupError(f"{source} is damaged: SQLite's integrity check failed")
            engine.dispose()
            raw = engine.raw_connection()
            try:
                origin.backup(raw.driver_connection)  # type: ignore[arg-type]
            finally:
                raw.close()
        finally:
            origin.close()


def _sqlite_revision(source: Path) -> str:
    try:
        revision = read_sqlite_revision(source)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a tracker backup: {exc}") from None
    if revision is None:
        raise BackupError(f"{source} is not a tracker backup: it has no schema version")
    return revision


def _pg_revision(source: Path, engine: Engine) -> str:
    """The schema version inside a custom-format dump: its data for ``alembic_version``, read by pg_restore."""
    try:
        listing = _run(["pg_restore", "--data-only", "--table", "alembic_version", "--file", "-", str(source)], engine)
    except BackupError as exc:
        raise BackupError(f"{source} is not a backup pg_restore can read ({exc})") from None
    lines = listing.splitlines()
    for n, line in enumerate(lines[:-1]):
        if line.startswith("COPY ") and "alembic_version" in line and lines[n + 1] != "\\.":
            return lines[n + 1].strip()
    raise BackupError(f"{source} is not a tracker backup: it has no schema version")


def _known(revision: str, engine: Engine, source: Path) -> None:
    """Refuse a backup whose schema this version cannot migrate from (a newer version made it)."""
    try:
        known = ScriptDirectory.from_config(alembic_config(engine)).get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for unknown or malformed revisions
        known = False
    if not known:
        raise BackupError(
            f"{source} was made at schema version {revision}, which this version of the tracker does not know "
            "(a newer version made it): restore it with that version"
        )


def _head(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def _kind_hint(head: bytes) -> str:
    if head.startswith(SQLITE_MAGIC):
        return ": it is an SQLite database (restore it where DATABASE_URL is an SQLite file)"
    if head.startswith(PG_MAGIC):
        return ": it is a PostgreSQL backup (restore it where DATABASE_URL is a PostgreSQL database)"
    return ""


def _libpq_url(engine: Engine) -> str:
    """The database's address as PostgreSQL's own tools read it; the password goes by environment."""
    url = make_url(engine.url).set(drivername="postgresql", password=None)
    return url.render_as_string(hide_password=False)


def _run(command: list[str], engine: Engine) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install PostgreSQL's client tools (postgresql-client)")
    env = dict(os.environ)
    if engine.url.password:
        env["PGPASSWORD"] = str(engine.url.password)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout
