"""The Alembic migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker import db
from tracker.models import Base
from tracker.store.schema import modelled


def test_migrations_match_the_models(app):
    engine = app.extensions["database"].engine
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False, "include_name": modelled})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_downgrade_and_upgrade_again(app, runner):
    from tests.conftest import run

    engine = app.extensions["database"].engine
    command.downgrade(db.alembic_config(engine), "0001")
    command.upgrade(db.alembic_config(engine), "head")
    run(runner, "init")  # idempotent on an up-to-date schema
