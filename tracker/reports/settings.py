"""The settings in force, read as one ``Settings`` value (the defaults where none is stored)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.settings import Settings, parse
from ..models import Setting


def load_settings(session: Session) -> Settings:
    return parse({s.key: s.value for s in session.scalars(select(Setting))})
