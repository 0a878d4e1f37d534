"""undo history: copies an import replaced, and imports as they stood when undone, so undos can be undone

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "replaced_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("previous_import_id", sa.Integer(), nullable=False),
        sa.Column("meeting_identity", sa.String(length=1000), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("copy", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["calendar_import.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_replaced_copy_import_id", "replaced_copy", ["import_id"])
    op.create_table(
        "undone_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_by", sa.String(length=320), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("owner_email", sa.String(length=320), nullable=False),
        sa.Column("imported_by", sa.String(length=320), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_undone_import_undone_at", "undone_import", ["undone_at"])
    op.create_index("ix_undone_import_owner_email", "undone_import", ["owner_email"])


def downgrade() -> None:
    op.drop_index("ix_undone_import_owner_email", table_name="undone_import")
    op.drop_index("ix_undone_import_undone_at", table_name="undone_import")
    op.drop_table("undone_import")
    op.drop_index("ix_replaced_copy_import_id", table_name="replaced_copy")
    op.drop_table("replaced_copy")
