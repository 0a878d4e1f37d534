"""The layering the README promises: domain logic and readers know nothing of Flask or the database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = [
    "attribution",
    "costing",
    "attendance",
    "settings",
    "exports",
    "demo_writers",
    "demo_data",
    "inspection",
    "results",
    "charts",
    "permissions",
]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", PURE)
def test_architecture_domain_modules_import_neither_flask_nor_sqlalchemy(module):
    assert not imports_of(ROOT / "tracker" / f"{module}.py") & {"flask", "sqlalchemy"}


@pytest.mark.parametrize("path", sorted((ROOT / "importers").glob("*.py")), ids=lambda p: p.name)
def test_architecture_importers_know_nothing_of_the_app(path):
    assert not imports_of(path) & {"flask", "sqlalchemy", "tracker"}
