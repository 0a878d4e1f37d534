"""The audit trail is only ever added to: nothing here (or anywhere) changes or deletes an entry."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ..models import AuditEntry


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str = "",
    whose: str = "",
    outcome: str = "",
    address: str = "",
    details: dict | None = None,
    at: datetime | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=at or datetime.now(UTC),
            actor=actor[:320],
            action=action[:60],
            target=target[:1000],
            whose=whose[:500],
            outcome=outcome[:20],
            address=(address or "")[:100],
            details=json.dumps(details or {}, sort_keys=True, default=str),
        )
    )


def record_apart(make_session: Callable[[], Session], **entry: Any) -> None:
    """One entry (see ``record``) in a transaction of its own, committed at once: an entry never waits for
    the writers' lock, and stays when the change it records is rolled back."""
    session = make_session()
    try:
        record(session, **entry)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
