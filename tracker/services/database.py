"""Creating or upgrading the database, then bringing every derived figure up to date."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..store.schema import upgrade
from . import attendances


def recompute(session: Session) -> None:
    """Work every attribution and attendance out afresh (changes already bring them up to date: this is
    for after a restore or a bulk edit made outside the app)."""
    attendances.rebuild(session)


def prepare(engine: Engine, session: Session) -> None:
    """Run the migrations, then work every attendance out afresh: a migration may have reshaped them."""
    upgrade(engine)
    attendances.rebuild(session)
