"""Statements over many rows, run past the ORM's bookkeeping, in chunks a database accepts.

An ORM-enabled DELETE or UPDATE with a WHERE clause looks through every object the session holds to
keep them in step (``synchronize_session``); once an import has loaded thousands of meetings, that
search cost more than the statements themselves. Rows written here are never held as objects that
are changed afterwards; readers that need objects load them with ``populate_existing``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

CHUNK = 500
UNSYNCED = {"synchronize_session": False}


def execute(session: Session, statement: Any, rows: list[dict] | None = None) -> None:
    """Run a statement once, or once for each chunk of ``rows`` (an executemany)."""
    if rows is None:
        session.execute(statement, execution_options=UNSYNCED)
        return
    for i in range(0, len(rows), CHUNK):
        session.execute(statement, rows[i : i + CHUNK], execution_options=UNSYNCED)


def chunks(items: list, size: int = CHUNK) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def write_pending(session: Session) -> None:
    """Write the changes made to loaded objects now: statements run past the ORM (here, and in the
    readers of raw rows) do not see changes still waiting in the session."""
    session.flush()
