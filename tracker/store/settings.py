"""Settings kept in the database, written one key at a time (``reports.settings`` reads them)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain.settings import convert
from ..models import Setting


def save_setting(session: Session, key: str, value: str) -> None:
    """Validate and store; raises ``ValueError`` for an unknown key or a bad value."""
    converted = convert(key, value)
    if isinstance(converted, bool):
        text = "yes" if converted else "no"
    elif isinstance(converted, str):
        text = converted
    else:
        text = str(converted) if isinstance(converted, int) else f"{converted:f}"
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()
