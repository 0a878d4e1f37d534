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

from flask import Flask, current_app, g
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from .store import statistics
from .store.schema import alembic_config, make_engine, upgrade
from .unit_of_work import UnitOfWork

__all__ = ["alembic_config", "get_session", "init_app", "make_engine", "transaction", "upgrade"]


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["engine"] = engine
    app.extensions["engine_pid"] = os.getpid()  # a process that forks (an RQ worker) must not share it
    app.extensions["sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False, class_=UnitOfWork)
    app.teardown_appcontext(_close_session)


def get_session() -> UnitOfWork:
    """The unit of work of the current request or command."""
    if "session" not in g:
        g.session = current_app.extensions["sessionmaker"]()
    return g.session


def _close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("session", None)
    if session is not None:
        session.close()


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
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITERS_LOCK})
        yield session
    finally:
        if dialect == "sqlite":
            _sqlite_writers.release()
