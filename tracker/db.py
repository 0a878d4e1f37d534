"""The database in the app: an engine and a session per request or command.

Sessions never commit on their own: the request or CLI command that opened one does,
through ``transaction``; services take the session and never commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from .store.schema import alembic_config, make_engine, upgrade

__all__ = ["alembic_config", "get_session", "init_app", "make_engine", "transaction", "upgrade"]


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["engine"] = engine
    app.extensions["sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The session of the current request or command."""
    if "session" not in g:
        g.session = current_app.extensions["sessionmaker"]()
    return g.session


def _close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("session", None)
    if session is not None:
        session.close()


@contextmanager
def transaction() -> Iterator[Session]:
    """A unit of work: commits when the block ends, rolls everything back on any error."""
    session = get_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
