"""attribution changes: each rule or correction with who, when, what it moved, and how to revert it

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attribution_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(length=320), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("undo", sa.Text(), nullable=False),
        sa.Column("moved", sa.Text(), nullable=False),
        sa.Column("reverted_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["reverted_by"], ["attribution_change.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attribution_change_made_at", "attribution_change", ["made_at"])
    op.create_index("ix_attribution_change_made_by", "attribution_change", ["made_by"])


def downgrade() -> None:
    op.drop_index("ix_attribution_change_made_by", table_name="attribution_change")
    op.drop_index("ix_attribution_change_made_at", table_name="attribution_change")
    op.drop_table("attribution_change")
