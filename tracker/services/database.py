"""Creating or upgrading the database, then bringing every derived figure up to date."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..store.schema import upgrade
from . import attendances


def prepare(engine: Engine, session: Session) -> None:
    """Run the migrations; a migration may have cleared or reshaped the derived attendances."""
    upgrade(engine)
    attendances.refresh(session)
