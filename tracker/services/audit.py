"""Writing to the audit trail in a transaction of its own, so an entry never waits for a long import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from ..store import audit


def record(make_session: Callable[[], Session], **entry: Any) -> None:
    """One entry (see ``store.audit.record``), committed at once, outside the one-writer lock."""
    audit.record_apart(make_session, **entry)
