"""What a benchmark makes is its own and is removed afterwards: databases, folders and a port.

The benchmarks used fixed names (``tracker_bench``, ``pages_bench_<N>``), a fixed port (8765) and left
their folders behind: two runs on one machine, or a run beside the test suite, dropped each other's
databases or failed to start a server. Every name now carries the run's tag (its process id and a random
part), a server listens on a port the system says is free, and everything is removed when the benchmark
ends, unless it was asked to keep it, when it says what it kept and how to use it again.

``BENCH_POSTGRES_URL`` names the PostgreSQL server's maintenance database (default the local one).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TAG = f"{os.getpid()}_{secrets.token_hex(3)}"  # this run's, in every name it makes


def free_port() -> int:
    """A port nothing listens on now (the system's choice): a server started at once on it will have it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _on_server(statement: str) -> None:
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def _postgres_exists(name: str) -> bool:
    admin = create_engine(SERVER)
    try:
        with admin.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    finally:
        admin.dispose()
    return found is not None


@contextmanager
def database(kind: str, name: str, *, reuse: bool = False, keep: bool = False) -> Iterator[str]:
    """The URL of a database called ``name`` (give it the run's ``TAG``): made now and dropped at the end, or
    (``reuse``) one a run kept, which must exist and is kept again. ``kind`` is sqlite or postgresql."""
    if kind == "sqlite":
        path = Path(tempfile.gettempdir()) / f"{name}.sqlite"
        if reuse and not path.exists():
            raise SystemExit(f"there is no {path} to reuse: run once with --keep first")
        try:
            yield f"sqlite:///{path}"
        finally:
            if keep or reuse:
                print(f"  kept {path}")
            else:
                for made in path.parent.glob(f"{path.name}*"):  # the file and its -wal and -shm
                    made.unlink()
        return
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    if reuse:
        if not _postgres_exists(name):
            raise SystemExit(f"there is no PostgreSQL database {name} to reuse: run once with --keep first")
    else:
        _on_server(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        if keep or reuse:
            print(f"  kept PostgreSQL database {name}")
        else:
            _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def folder(purpose: str, *, keep: bool = False) -> Iterator[Path]:
    """A temporary folder of this run's own, removed at the end unless ``keep``."""
    path = Path(tempfile.mkdtemp(prefix=f"tracker-{purpose}-{TAG}-"))
    try:
        yield path
    finally:
        if keep:
            print(f"  kept {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)
