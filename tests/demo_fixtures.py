"""The demo organisation, built once a test session into a database of its own, for tests that only read it.

The demo is about sixty thousand occurrences (half a minute to build): building it for every test that
reads its figures, or once for each parallel worker, would add minutes to each run. On PostgreSQL it gets a
database beside the test ones (``<name>_demo``), so the tests that reset their own database never touch it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import run
from tracker import create_app

TODAY = "2026-11-22"


@dataclass(frozen=True)
class BuiltDemo:
    url: str
    files: Path  # the calendar and register files it wrote and imported
    output: str  # what `tracker demo` printed
    pristine: str  # the demo as built, never opened: SQLite's file, or PostgreSQL's template database


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
    """Built by whichever worker asks first, under a lock the others wait on; each worker then reads its
    own copy of the SQLite file (a sign-in writes to the audit trail), or the one PostgreSQL database."""
    from filelock import FileLock

    from tests.databases import recreate_database, reset, worker

    base = tmp_path_factory.getbasetemp()
    shared = base if worker() == "main" else base.parent  # the run's folder, above each worker's own
    folder = shared / "demo"
    given = os.environ.get("TEST_DATABASE_URL")
    with FileLock(str(shared / "demo.lock")):
        if not (folder / "output.txt").exists():
            folder.mkdir(exist_ok=True)
            url = (
                recreate_database(given, f"{make_url(given).database}_demo")
                if given
                else f"sqlite:///{folder / 'demo.sqlite'}"
            )
            app = demo_app(url, folder / "instance")
            reset(app.extensions["database"].engine)
            output = run(app.test_cli_runner(), "demo", "--out", folder / "files", "--today", TODAY).output
            app.extensions["database"].engine.dispose()
            if given:  # a copy nobody connects to, to copy again for the tests that change the demo
                recreate_database(given, f"{make_url(given).database}_demo_pristine", template=make_url(url).database)
            (folder / "url.txt").write_text(url)
            (folder / "output.txt").write_text(output)
    url, output = (folder / "url.txt").read_text(), (folder / "output.txt").read_text()
    pristine = f"{make_url(given).database}_demo_pristine" if given else str(folder / "demo.sqlite")
    if not given:
        own = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        shutil.copyfile(folder / "demo.sqlite", own)
        url = f"sqlite:///{own}"
    return BuiltDemo(url, folder / "files", output, pristine)


@pytest.fixture
def demo(built_demo, tmp_path):
    """An app on the shared demo: read its figures, never change them (other tests read the same ones)."""
    app = demo_app(built_demo.url, tmp_path / "instance")
    yield app
    app.extensions["database"].engine.dispose()


@pytest.fixture
def demo_copy(built_demo, tmp_path):
    """An app on a copy of the demo of this test's own, to change as it likes."""
    from tests.databases import recreate_database, worker

    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        url = recreate_database(given, f"{make_url(given).database}_demo_{worker()}", template=built_demo.pristine)
    else:
        shutil.copyfile(built_demo.pristine, tmp_path / "demo.sqlite")
        url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    app = demo_app(url, tmp_path / "instance")
    yield app
    app.extensions["database"].engine.dispose()


@pytest.fixture
def demo_runner(demo):
    return demo.test_cli_runner()
