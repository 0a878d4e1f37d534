"""The layering the README promises, checked on the source: data flows web/cli -> services -> store -> reports.

- ``domain`` is pure: no Flask, no SQLAlchemy, nothing of the other layers;
- ``importers`` knows nothing of the app or the database;
- only the factory, ``db``, ``extensions``, ``cli``, ``background`` (jobs) and ``web`` touch Flask;
- views, commands and the demo change data only through ``services``: they import neither the
  models nor ``store``, never refresh attendances, and call no session method that writes or queries;
- ``services`` leave SQL to ``store`` (and reading figures to ``reports``): they import no SQL construct
  and call no session (or connection) method that writes or queries;
- ``reports`` reads and never writes; only ``services`` refresh attendances.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRACKER, IMPORTERS = ROOT / "tracker", ROOT / "importers"
FLASK = {"flask", "flask_login", "flask_wtf", "wtforms"}
SOURCES = sorted(p for p in (*TRACKER.rglob("*.py"), *IMPORTERS.rglob("*.py")) if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module the file imports at run time (``TYPE_CHECKING`` blocks left out)."""
    tree = ast.parse(path.read_text())
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    skipped = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for child in ast.walk(node)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return names


def layer(path: Path) -> str:
    rel = path.relative_to(ROOT).parts
    return rel[0] if rel[0] == "importers" else (rel[1] if len(rel) > 2 else rel[1].removesuffix(".py"))


def tops(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def within(names: set[str], *prefixes: str) -> set[str]:
    return {n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes)}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_layers(path: Path):
    names, kind = imports_of(path), layer(path)
    if kind == "importers":
        assert not tops(names) & {"flask", "sqlalchemy", "tracker", *FLASK}
        return
    if kind == "domain":
        assert not tops(names) & {"sqlalchemy", "werkzeug", *FLASK}
        assert not within(names, "tracker") - within(names, "tracker.domain")
    if kind not in ("__init__", "db", "extensions", "cli", "web", "background"):
        assert not tops(names) & FLASK, f"{path.name} imports Flask"
    if kind in ("web", "cli", "demo", "background"):
        assert not within(names, "tracker.models", "tracker.store", "tracker.services.attendances")
    if kind == "reports":
        assert not within(names, "tracker.services", "tracker.store", "tracker.web")
    if kind == "store":
        assert not within(names, "tracker.services", "tracker.reports", "tracker.web")
    if kind != "services":
        assert not within(names, "tracker.services.attendances"), "only services bring attendances up to date"


WRITES_OR_QUERIES = {"add", "add_all", "delete", "flush", "commit", "execute", "scalar", "scalars", "merge"}


@pytest.mark.parametrize(
    "path",
    [p for p in SOURCES if layer(p) in ("web", "cli", "demo", "background")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_architecture_views_and_commands_leave_the_database_to_services_and_reports(path: Path):
    calls = [
        node.func.attr
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    ]
    assert not set(calls) & WRITES_OR_QUERIES


# What a service may take from SQLAlchemy: type hints and the database's address, no statement.
SERVICES_MAY_IMPORT = {"sqlalchemy.Engine", "sqlalchemy.make_url", "sqlalchemy.orm.Session"}
# Methods no other object of a service has: whatever their receiver, they run SQL (a raw connection too).
ONLY_DATABASES = (WRITES_OR_QUERIES - {"add", "delete"}) | {
    "query",
    "executemany",
    "bulk_save_objects",
    "bulk_insert_mappings",
    "bulk_update_mappings",
}
# ...and those a set or dict has as well, when a session is asked.
SESSION_ONLY = {"add", "delete", "get", "refresh", "connection"}


def sql_in(source: str) -> list[str]:
    """What in a module runs SQL itself: SQLAlchemy names other than type hints, and calls that write or query."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            found += [
                f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" not in SERVICES_MAY_IMPORT
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver, method = ast.unparse(node.func.value), node.func.attr
            if method in ONLY_DATABASES or (method in SESSION_ONLY and receiver.split(".")[-1].endswith("session")):
                found.append(f"{receiver}.{method}()")
    return found


@pytest.mark.parametrize("path", [p for p in SOURCES if layer(p) == "services"], ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_services_leave_sql_to_the_store(path: Path):
    assert sql_in(path.read_text()) == [], "write or query through a store function (or read figures in reports)"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_modules_stay_small(path: Path):
    assert len(path.read_text().splitlines()) <= 400, "split the module before it grows past 400 lines"


def test_architecture_the_checks_see_the_layers():
    """Guard the guard: the helpers above really find relative imports and layers."""
    names = imports_of(TRACKER / "services" / "calendar_import.py")
    assert "tracker.store.meetings" in names and "tracker.services.attendances" in names
    assert layer(TRACKER / "web" / "dashboard.py") == "web" and layer(TRACKER / "cli.py") == "cli"
    assert "tracker.models" not in imports_of(TRACKER / "web" / "auth.py")  # a TYPE_CHECKING import only


def test_architecture_the_sql_check_sees_sql():
    """Guard the guard: what a service must not do is found, what it may do is not."""
    leaky = """
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

def names(session: Session, raw, ids):
    found = session.get(Partnership, 1)
    session.add(found)
    self.session.delete(found)
    raw.execute("PRAGMA integrity_check")
    session.flush()
    return session.scalars(select(Partnership.name).where(func.lower(Partnership.name) == "x"))
"""
    assert sql_in(leaky) == [
        "sqlalchemy",
        "sqlalchemy.func",
        "sqlalchemy.select",
        "sqlalchemy.orm.selectinload",
        "session.get()",
        "session.add()",
        "self.session.delete()",
        "raw.execute()",
        "session.flush()",
        "session.scalars()",
    ]
    clean = """
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session

def fine(session: Session, owners: dict, seen: set) -> None:
    seen.add(owners.get("a"))
    seen.delete = None
    registers.read_partnership_names(session)
"""
    assert sql_in(clean) == []
    assert any(layer(p) == "services" and p.name == "attendances.py" for p in SOURCES)
