"""Writing the record of attribution changes: each rule or correction with what it moved, and who reverted it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..models import AttributionChange


def add_change(
    session: Session, *, by: str, kind: str, summary: str, undo: dict, moved: list[dict]
) -> AttributionChange:
    """A change made now: ``undo`` is what reverting it sets back, ``moved`` each partnership's figures
    before and after."""
    change = AttributionChange(
        made_at=datetime.now(UTC),
        made_by=by,
        kind=kind,
        summary=summary,
        undo=json.dumps(undo),
        moved=json.dumps(moved),
    )
    session.add(change)
    session.flush()
    return change


def find_change(session: Session, change_id: int) -> AttributionChange | None:
    return session.get(AttributionChange, change_id)


def mark_reverted(session: Session, change: AttributionChange, by_change: AttributionChange) -> None:
    """``by_change`` (a revert, itself recorded) set back what ``change`` set."""
    change.reverted_by = by_change.id
    session.flush()
