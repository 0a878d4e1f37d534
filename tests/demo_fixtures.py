"""The demo organisation, built once a test session into a database of its own, for tests that only read it.

The demo is about sixty thousand occurrences (one to three minutes to build): building it for every test
that reads its figures, or once for each parallel worker, would add minutes to each run. It is built once,
in a process of its own started as the tests are collected (``tests/demo_build.py``), while the workers run
every test that does not need it: the modules that read the demo are moved to the end of the run. On
PostgreSQL it gets a database beside the test ones (``<name>_demo``), so the tests that reset their own
database never touch it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.demo_build import pristine_name
from tracker import create_app

ROOT = Path(__file__).resolve().parents[1]
BUILDERS: list[subprocess.Popen] = []  # the one this process started, if it did: waited for at the end


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


def shared_folder(factory: pytest.TempPathFactory) -> Path:
    """The run's own temporary folder (above each pytest-xdist worker's), where the one demo is built."""
    from tests.databases import worker

    base = factory.getbasetemp()
    return (base if worker() == "main" else base.parent) / "demo"


def start_build(folder: Path) -> None:
    """Start the build unless another worker of this run already has: the first to create the marker does."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        marker = os.open(folder.parent / "demo.started", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    folder.mkdir(exist_ok=True)
    with open(folder.parent / "demo.log", "wb") as log:
        builder = subprocess.Popen(
            [sys.executable, "-m", "tests.demo_build", str(folder)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    BUILDERS.append(builder)
    os.write(marker, str(builder.pid).encode())
    os.close(marker)


def alive(pid: int) -> bool:
    own = [b for b in BUILDERS if b.pid == pid]
    if own:
        return own[0].poll() is None
    try:  # another worker's child: alive while a signal reaches it
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Wait for the builder this process started (stopped first if the run was cut short before it finished)."""
    for builder in BUILDERS:
        if session.shouldstop or session.shouldfail:
            builder.terminate()
        builder.wait()


def wait_for_build(folder: Path) -> None:
    marker = folder.parent / "demo.started"
    while not (folder / "output.txt").exists():
        if (folder / "failed.txt").exists():
            pytest.fail(f"the demo could not be built:\n{(folder / 'failed.txt').read_text()}", pytrace=False)
        text = marker.read_text()
        if text and not alive(int(text)) and not (folder / "output.txt").exists():
            log = (folder.parent / "demo.log").read_text()
            pytest.fail(f"the demo's builder stopped without a word:\n{log}", pytrace=False)
        time.sleep(0.2)


@pytest.hookimpl(trylast=True)  # after `-k` and `-m` have deselected: no build for tests not run
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]):
    """Move the modules that read the demo to the end (their order kept), and start building it now."""
    reads_demo = {item.path for item in items if "built_demo" in getattr(item, "fixturenames", ())}
    if not reads_demo:
        return
    items[:] = [i for i in items if i.path not in reads_demo] + [i for i in items if i.path in reads_demo]
    start_build(shared_folder(config._tmp_path_factory))  # type: ignore[attr-defined]  # the tmp_path_factory fixture's


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> BuiltDemo:
    """The demo this run built; each worker then reads its own copy of the SQLite file (a sign-in writes to
    the audit trail), or the one PostgreSQL database."""
    folder = shared_folder(tmp_path_factory)
    start_build(folder)  # collected by a plugin that skipped the hook above: build it now
    wait_for_build(folder)
    url, output = (folder / "url.txt").read_text(), (folder / "output.txt").read_text()
    given = os.environ.get("TEST_DATABASE_URL")
    pristine = pristine_name(given) if given else str(folder / "demo.sqlite")
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
