"""The layering the README promises, checked on the source: data flows web/cli -> services -> store -> reports.

- ``domain`` is pure: no Flask, no SQLAlchemy, nothing of the other layers;
- ``importers`` knows nothing of the app or the database;
- only the factory, ``db``, ``extensions``, ``cli``, ``background`` (jobs) and ``web`` touch Flask;
- views, commands and the demo change data only through ``services``: they import neither the
  models nor ``store``, never refresh attendances, and call no session method that writes or queries;
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


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_modules_stay_small(path: Path):
    assert len(path.read_text().splitlines()) <= 400, "split the module before it grows past 400 lines"


def test_architecture_the_checks_see_the_layers():
    """Guard the guard: the helpers above really find relative imports and layers."""
    names = imports_of(TRACKER / "services" / "calendar_import.py")
    assert "tracker.store.meetings" in names and "tracker.services.attendances" in names
    assert layer(TRACKER / "web" / "dashboard.py") == "web" and layer(TRACKER / "cli.py") == "cli"
    assert "tracker.models" not in imports_of(TRACKER / "web" / "auth.py")  # a TYPE_CHECKING import only
