"""The query planner's table statistics, brought up to date after a bulk load.

PostgreSQL plans from statistics that autovacuum refreshes only after a while: right after a large
import the dashboard took 3.7 s instead of 0.13 s until ANALYZE ran. A change that wrote many rows
marks its unit of work; ``db.transaction`` runs ANALYZE once the change is committed.

Within one large change the same holds for its own rows: a zip of many calendars imported in one
transaction looked each file's meetings up by identity in a table PostgreSQL still planned as empty, so
each lookup read the whole table (0.2 s each, 79 s of the demo's 219 s build). ``during`` brings the
statistics of the tables an import writes up to date as it goes; PostgreSQL's ANALYZE counts the rows
the transaction itself has written.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from .. import unit_of_work

BULK_ROWS = 5000  # rows written by one change that make the statistics worth refreshing
IMPORTED = ("meeting", "meeting_copy", "meeting_address", "attendance")  # what an import writes, and looks up


def written(session: Session, rows: int) -> None:
    """A change wrote (or removed) this many rows."""
    if rows >= BULK_ROWS:
        unit_of_work.of(session).statistics_stale = True


def refresh_if_stale(session: Session) -> bool:
    """ANALYZE after a committed bulk change (SQLite has ANALYZE too); whether it ran."""
    work = unit_of_work.of(session)
    if not work.statistics_stale:
        return False
    work.statistics_stale = False
    session.execute(text("ANALYZE"))
    session.commit()
    return True


def during(session: Session, rows: int) -> int:
    """Inside a change that has written ``rows`` rows since its statistics were last brought up to date: on
    PostgreSQL, once that is many, ANALYZE the tables an import writes, so what the change reads next is
    planned on what it wrote (SQLite plans by its indexes alone). The rows written since, 0 if it ran."""
    if rows < BULK_ROWS or session.get_bind().dialect.name != "postgresql":
        return rows
    session.execute(text("ANALYZE " + ", ".join(IMPORTED)))
    return 0
