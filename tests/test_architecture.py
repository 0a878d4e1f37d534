"""The layering the README promises, checked on the source: data flows web/cli -> services -> store -> reports.

- ``domain`` is pure: no Flask, no SQLAlchemy, nothing of the other layers;
- ``importers`` knows nothing of the app or the database;
- only the factory, ``db``, ``extensions``, ``logs``, ``cli``, ``background`` (jobs) and ``web`` touch Flask;
- views, commands and the demo change data only through ``services``: they import neither the
  models nor ``store``, never refresh attendances, and call no session method that writes or queries;
- ``services`` leave SQL to ``store`` (and reading figures to ``reports``): they import no SQL construct
  and call no session (or connection) method that writes or queries;
- ``reports`` reads and never writes; only ``services`` refresh attendances;
- no module needs, as it is imported, a module that needs it back (``import_graph`` says what counts).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRACKER, IMPORTERS = ROOT / "tracker", ROOT / "importers"
FLASK = {"flask", "flask_login", "flask_wtf", "wtforms"}
SOURCES = sorted(p for p in (*TRACKER.rglob("*.py"), *IMPORTERS.rglob("*.py")) if "migrations" not in p.parts)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: Path, root: Path = ROOT) -> str:
    """The package a relative import in the file starts from: the file's own, or itself for an ``__init__``."""
    name = module_name(path, root)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def import_statements(nodes: Iterable[ast.AST], *, on_import: bool = False) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run (``TYPE_CHECKING`` blocks left out); with ``on_import``, only those run
    when the module itself is imported: none inside a function, whose imports wait until it is called."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            yield from import_statements(node.orelse, on_import=on_import)
        elif not (on_import and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)):
            yield from import_statements(ast.iter_child_nodes(node), on_import=on_import)


def imported_module(node: ast.ImportFrom, package: str) -> str:
    """The absolute name of the module a ``from ... import`` reads."""
    if not node.level:
        return node.module or ""
    base = package.split(".")
    prefix = ".".join(base[: len(base) - node.level + 1])
    return f"{prefix}.{node.module}" if node.module else prefix


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module the file imports at run time (``TYPE_CHECKING`` blocks left out)."""
    names = set()
    for node in import_statements(ast.parse(path.read_text()).body):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        else:
            module = imported_module(node, package_of(path))
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
    if kind not in ("__init__", "db", "extensions", "logs", "cli", "web", "background"):
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


def import_graph(paths: Iterable[Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Which of the given modules each one imports as it is itself imported (imports inside functions and
    ``TYPE_CHECKING`` blocks left out: they do not run then).

    ``from p import x`` is an edge to ``p.x`` when that is a module, else to ``p`` (``x`` is a name ``p``
    defines, so ``p`` must have run first). Importing ``a.b.c`` also runs the packages ``a`` and ``a.b``
    first, *unless they contain the importer*: a module inside ``a.b`` only runs once ``a.b`` has started,
    so importing a sibling does not run ``a.b`` again and is no cycle through it. Hence ``from . import
    base`` in ``tracker/models/meetings.py`` is an edge to ``tracker.models.base`` alone, while ``from
    tracker.models import Person`` there is an edge to ``tracker.models`` (which imports ``meetings``): a
    real cycle, the loop the schema once had.
    """
    modules = {module_name(path, root): path for path in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in import_statements(ast.parse(path.read_text()).body, on_import=True):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            else:
                module = imported_module(node, package_of(path, root))
                targets.update(f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module for a in node.names)
        edges = set()
        for target in targets:
            parts = target.split(".")
            for end in range(1, len(parts) + 1):
                ancestor = ".".join(parts[:end])
                contains_importer = name == ancestor or name.startswith(ancestor + ".")
                if ancestor in modules and (end == len(parts) or not contains_importer):
                    edges.add(ancestor)
        edges.discard(name)
        graph[name] = edges
    return graph


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle of the graph as the path round it (its first node repeated at the end), or None if it has none."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for following in sorted(graph.get(node, ())):
            if cycle := visit(following):
                return cycle
        path.pop()
        done.add(node)
        return None

    return next((cycle for node in sorted(graph) if (cycle := visit(node))), None)


def test_architecture_no_import_cycle():
    """No module of ``tracker`` or ``importers`` needs, as it is imported, a module that needs it back: such a
    loop works only in the order the imports happen to run, and breaks when a new import changes it."""
    cycle = find_cycle(import_graph(SOURCES))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_architecture_the_cycle_check_sees_cycles(tmp_path: Path):
    """Guard the guard: the cycle finder finds a loop, and the graph has the edges that make one."""
    assert find_cycle({"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None

    files = {
        "pkg/__init__.py": "from .a import A\nfrom . import b\n",
        "pkg/a.py": "from . import base\nA = base.X\n",
        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n"
        "def later():\n    from pkg import A\n",
        "pkg/base.py": "X = 1\n",
        "user.py": "import pkg.base\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    paths = [tmp_path / name for name in files]
    graph = import_graph(paths, root=tmp_path)
    assert graph == {
        "pkg": {"pkg.a", "pkg.b"},
        "pkg.a": {"pkg.base"},  # its own package is running already: no edge to it
        "pkg.b": set(),  # a TYPE_CHECKING import and one inside a function
        "pkg.base": set(),
        "user": {"pkg", "pkg.base"},  # importing pkg.base runs pkg first
    }
    assert find_cycle(graph) is None
    (tmp_path / "pkg/a.py").write_text("from pkg import b, VERSION\nA = 1\n")  # VERSION: a name pkg defines
    assert find_cycle(import_graph(paths, root=tmp_path)) == ["pkg", "pkg.a", "pkg"]

    real = import_graph(SOURCES)
    assert {"tracker.models.base", "tracker.models.meetings"} <= real["tracker.models"]
    assert real["tracker.models.meetings"] == {"tracker.models.base", "tracker.models.partnerships"}


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
