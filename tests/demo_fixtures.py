"""The demo organisation, built once a test session into a database of its own, for tests that only read it.

The demo is about sixty thousand occurrences (half a minute to build): building it for every test that
reads its figures would add minutes to each run. On PostgreSQL it gets a database beside the test one
(``<name>_demo``), so the tests that reset their own database never touch it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker import create_app

TODAY = "2026-11-22"


@dataclass(frozen=True)
class BuiltDemo:
    url: str
    files: Path  # the calendar and register files it wrote and imported
    output: str  # what `tracker demo` printed


def _own_database(url: str) -> str:
    """A fresh PostgreSQL database named after the test one, made through the server's maintenance database."""
    target = make_url(url)
    name = f"{target.database}_demo"
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return target.set(database=name).render_as_string(hide_password=False)


def demo_app(url: str, instance: Path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(instance),
            "JOBS_INLINE": True,
            "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False,
        }
    )


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> BuiltDemo:
    from tests.conftest import _reset, run

    folder = tmp_path_factory.mktemp("demo")
    given = os.environ.get("TEST_DATABASE_URL")
    url = _own_database(given) if given else f"sqlite:///{folder / 'demo.sqlite'}"
    app = demo_app(url, folder / "instance")
    _reset(app.extensions["engine"])
    output = run(app.test_cli_runner(), "demo", "--out", folder / "files", "--today", TODAY).output
    app.extensions["engine"].dispose()
    return BuiltDemo(url, folder / "files", output)


@pytest.fixture
def demo(built_demo, tmp_path):
    """An app on the shared demo: read its figures, never change them (other tests read the same ones)."""
    app = demo_app(built_demo.url, tmp_path / "instance")
    yield app
    app.extensions["engine"].dispose()


@pytest.fixture
def demo_runner(demo):
    return demo.test_cli_runner()
