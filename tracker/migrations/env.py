"""Alembic environment: the engine comes from the app (or ``DATABASE_URL`` for the alembic CLI)."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from tracker.models import Base
from tracker.store.schema import modelled

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(os.environ.get("DATABASE_URL", "sqlite:///instance/tracker.sqlite"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=modelled,
        )
        context.run_migrations()


run_migrations_online()
