"""calendar sources: calendars read by the server (CalDAV, published ICS, Microsoft 365, Google) for a
person, each object of the event-by-event kinds as last fetched, and each organisation's agreement to
connect its staff's calendars (issue 23)

Revision ID: 0033
Revises: 0032
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("organisation", sa.Column("sources_agreed", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "calendar_source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("username", sa.String(320), nullable=False, server_default=""),
        sa.Column("secret", sa.LargeBinary(), nullable=True),
        sa.Column("added_by", sa.String(320), nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("paused_reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("validator", sa.Text(), nullable=False, server_default=""),
        sa.Column("last_tried_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_result", sa.Text(), nullable=False, server_default=""),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_import_id", sa.Integer(), nullable=True),
        sa.Column("spoken_from", sa.Date(), nullable=True),
        sa.Column("spoken_until", sa.Date(), nullable=True),
    )
    op.create_index("ix_calendar_source_person_id", "calendar_source", ["person_id"])
    op.create_table(
        "source_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "source_id", sa.Integer(), sa.ForeignKey("calendar_source.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("href", sa.String(2000), nullable=False),
        sa.Column("tag", sa.String(500), nullable=False, server_default=""),
        sa.Column("body", sa.Text(), nullable=False),
        sa.UniqueConstraint("source_id", "href"),
    )
    op.create_index("ix_source_event_source_id", "source_event", ["source_id"])


def downgrade() -> None:
    op.drop_table("source_event")
    op.drop_table("calendar_source")
    # Not a batch (a copy of the table): people and on-costs point at it. SQLite drops a column since 3.35.
    op.execute("ALTER TABLE organisation DROP COLUMN sources_agreed")
