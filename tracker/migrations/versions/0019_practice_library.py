"""practice library: write-ups in Markdown, attached to partnerships or shared, tagged, with the database's
own full-text index (SQLite FTS5 kept by triggers; a PostgreSQL GIN index over a tsvector)

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The text searched, the same on both databases (store/library_search.py reads it this way).
DOCUMENT = "title || ' ' || tags || ' ' || body"


def upgrade() -> None:
    op.create_table(
        "library_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnership.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_library_entry_partnership_id", "library_entry", ["partnership_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE library_search USING fts5(title, tags, body, content='library_entry', "
            "content_rowid='id', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER library_search_insert AFTER INSERT ON library_entry BEGIN "
            "INSERT INTO library_search(rowid, title, tags, body) VALUES (new.id, new.title, new.tags, new.body); END"
        )
        op.execute(
            "CREATE TRIGGER library_search_delete AFTER DELETE ON library_entry BEGIN "
            "INSERT INTO library_search(library_search, rowid, title, tags, body) "
            "VALUES ('delete', old.id, old.title, old.tags, old.body); END"
        )
        op.execute(
            "CREATE TRIGGER library_search_update AFTER UPDATE ON library_entry BEGIN "
            "INSERT INTO library_search(library_search, rowid, title, tags, body) "
            "VALUES ('delete', old.id, old.title, old.tags, old.body); "
            "INSERT INTO library_search(rowid, title, tags, body) VALUES (new.id, new.title, new.tags, new.body); END"
        )
    else:
        op.execute(
            f"CREATE INDEX ix_library_entry_search ON library_entry USING gin (to_tsvector('english', {DOCUMENT}))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS library_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS library_search")
    else:
        op.execute("DROP INDEX IF EXISTS ix_library_entry_search")
    op.drop_index("ix_library_entry_partnership_id", table_name="library_entry")
    op.drop_table("library_entry")
