"""The audit trail read back: a page at a time for the admin page, all of it for the download."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditEntry


def page(session: Session, *, offset: int, limit: int) -> list[AuditEntry]:
    """Newest first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return list(session.scalars(query.offset(offset).limit(limit)))


def count(session: Session) -> int:
    return session.scalar(select(func.count(AuditEntry.id))) or 0


def every(session: Session) -> Iterator[AuditEntry]:
    """Oldest first, a few hundred at a time, for the download."""
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id).execution_options(yield_per=500)
    yield from session.scalars(query)
