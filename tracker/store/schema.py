"""The database itself: engines with the pragmas each dialect needs, and the schema through Alembic."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")  # off by default in SQLite
            if engine.url.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")  # pages read while an import is being written
            cursor.close()

    return engine


def modelled(name: str | None, type_: str, _parent_names: object = None) -> bool:
    """Whether a schema object is one the models describe: the practice library's full-text index is each
    database's own (an FTS5 table and its shadows on SQLite, a GIN index on PostgreSQL), made by its
    migration and left out when models and schema are compared."""
    if type_ == "table" and (name or "").startswith("library_search"):
        return False
    return not (type_ == "index" and name == "ix_library_entry_search")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # Alembic is for the commands that change the schema, not every start

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> bool:
    """Create or upgrade the schema to the newest migration; whether any migration ran."""
    from alembic import command

    before = revision(engine)
    command.upgrade(alembic_config(engine), "head")
    return revision(engine) != before


def revision(engine: Engine) -> str | None:
    """The migration the database is at (None: a new database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def read_sqlite_revision(path: Path) -> str | None:
    """The schema version an SQLite database file is at (None: it has none), read without changing the
    file; ``sqlite3.DatabaseError`` when it is not a tracker database."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    return None if row is None else str(row[0])


def sqlite_intact(connection: sqlite3.Connection) -> bool:
    """Whether SQLite's integrity check finds the database whole."""
    return bool(connection.execute("PRAGMA integrity_check").fetchone() == ("ok",))
