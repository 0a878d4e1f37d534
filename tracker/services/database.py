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


def prepare(engine: Engine, session: Session, *, recompute_all: bool = False) -> None:
    """Run the migrations and, if any ran (or ``recompute_all``: after a restore), work every attendance out
    afresh, as a migration may have reshaped them. A database already at the newest migration is left as
    it is: ``tracker init`` or ``tracker demo`` again costs no rebuild of a borough's attendances."""
    if upgrade(engine) or recompute_all:
        attendances.rebuild(session)
