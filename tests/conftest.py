"""Fixtures: an app on a fresh database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import MetaData

from tests.databases import PostgresDatabases, SqliteDatabases, reset
from tracker import create_app, db
from tracker.store import users

# Passwords hashed cheaply in tests (and in the demo built for them, which imports this module): the
# suite makes thousands of accounts and sign-ins, at about 80 ms each with scrypt. The method the app
# uses everywhere else is asserted in tests/tracker/test_password_hashing.py.
users.PASSWORD_METHOD = "pbkdf2:sha256:1"

pytest_plugins = ["tests.web_fixtures", "tests.demo_fixtures"]

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


_reset = reset  # every table dropped and migrated afresh (tests that need the slow, thorough way)


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> SqliteDatabases | PostgresDatabases:
    """Where each test's empty, migrated database comes from (see tests/databases.py)."""
    given = os.environ.get("TEST_DATABASE_URL")
    return PostgresDatabases(given) if given else SqliteDatabases(tmp_path_factory.mktemp("migrated"))


@pytest.fixture
def app(tmp_path, databases):
    url = databases.fresh(tmp_path)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "JOBS_INLINE": True,  # imports run inside the request; tests of the runners set their own
            "REDIS_URL": None,
        }
    )
    yield app
    app.extensions["database"].engine.dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.get_session()


def run(runner, *args: str, ok: bool = True):
    """Invoke a ``tracker`` command; by default assert it succeeded and show its output if not."""
    result = runner.invoke(args=[str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def every_row(app, *, leaving_out: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table (but those left out), in a stable order: what "nothing changed" means."""
    engine = app.extensions["database"].engine
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {
            name: sorted((tuple(map(str, row)) for row in connection.execute(table.select())), key=repr)
            for name, table in tables.tables.items()
            if name not in leaving_out
        }
