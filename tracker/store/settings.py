"""Settings kept in the database: read as one ``Settings`` value, written one key at a time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.settings import Settings, convert, parse
from ..models import Setting


def load_settings(session: Session) -> Settings:
    return parse({s.key: s.value for s in session.scalars(select(Setting))})


def save_setting(session: Session, key: str, value: str) -> None:
    """Validate and store; raises ``ValueError`` for an unknown key or a bad value."""
    converted = convert(key, value)
    if isinstance(converted, bool):
        text = "yes" if converted else "no"
    else:
        text = str(converted) if isinstance(converted, int) else f"{converted:f}"
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()
