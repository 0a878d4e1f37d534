"""The database in the app: an engine and a session per request or command.

Sessions never commit on their own: the request or CLI command that opened one does,
through ``transaction``; services take the session and never commit.

Changes are made one at a time, so two uploads at once can never both create the same meeting: a
transaction first takes the writers' lock (on PostgreSQL an advisory lock, shared by every process and
worker; on SQLite, which serves one process, a lock in that process). Reading never waits for it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flask import Flask, current_app, g

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine
    from sqlalchemy.orm import sessionmaker

    from .unit_of_work import UnitOfWork

__all__ = ["Database", "alembic_config", "get_session", "init_app", "make_engine", "transaction", "upgrade"]


class Database:
    """The app's database: its engine and the maker of its units of work, each made when first used.

    SQLAlchemy is a fifth of a second of CPU to import: made lazily, it is paid by what reads or writes
    the database, not by every start of the command line (``tracker --help``, a mistyped option)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._sessions: sessionmaker[UnitOfWork] | None = None
        self._pid = os.getpid()

    @property
    def engine(self) -> Engine:
        if self._pid != os.getpid():  # a forked child (an RQ work horse): the parent's connections are not ours
            if self._engine is not None:
                self._engine.dispose(close=False)
            self._pid = os.getpid()
        if self._engine is None:
            from .store.schema import make_engine

            self._engine = make_engine(self.url)
        return self._engine

    def session(self) -> UnitOfWork:
        """A new unit of work on this database."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            from .unit_of_work import UnitOfWork

            self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False, class_=UnitOfWork)
        return self._sessions()

    def dispose(self) -> None:
        """Close every pooled connection (nothing is made if nothing was)."""
        if self._engine is not None:
            self._engine.dispose()


def init_app(app: Flask) -> None:
    app.extensions["database"] = Database(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def get_session() -> UnitOfWork:
    """The unit of work of the current request or command."""
    if "session" not in g:
        g.session = current_app.extensions["database"].session()
    return g.session


def _close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("session", None)
    if session is not None:
        session.close()


def make_engine(url: str) -> Engine:
    from .store.schema import make_engine

    return make_engine(url)


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    from .store.schema import upgrade

    upgrade(engine)


def alembic_config(engine: Engine) -> Config:
    from .store.schema import alembic_config

    return alembic_config(engine)


WRITERS_LOCK = 7_261_531  # the advisory lock's number: any constant the app alone uses
_sqlite_writers = threading.RLock()


@contextmanager
def transaction() -> Iterator[UnitOfWork]:
    """A unit of work, one writer at a time: commits when the block ends, rolls everything back on any error."""
    with _one_writer() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.statistics_stale = False
            session.rollback()
            raise
        from .store import statistics

        statistics.refresh_if_stale(session)  # after a bulk load, while still the one writer


@contextmanager
def rehearsal() -> Iterator[UnitOfWork]:
    """Like a transaction, but always rolled back: what a change would do (a preview), without doing it."""
    with _one_writer() as session:
        try:
            yield session
        finally:
            session.rollback()


@contextmanager
def _one_writer() -> Iterator[UnitOfWork]:
    session = get_session()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_writers.acquire()
    try:
        if dialect == "postgresql":  # held until the transaction commits or rolls back
            from sqlalchemy import text

            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITERS_LOCK})
        yield session
    finally:
        if dialect == "sqlite":
            _sqlite_writers.release()
