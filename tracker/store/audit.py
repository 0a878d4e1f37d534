"""The audit trail is only ever added to: nothing here (or anywhere) changes or deletes an entry."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..models import AuditEntry


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str = "",
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
            outcome=outcome[:20],
            address=(address or "")[:100],
            details=json.dumps(details or {}, sort_keys=True, default=str),
        )
    )
