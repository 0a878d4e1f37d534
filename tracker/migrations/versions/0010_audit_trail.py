"""audit trail: every change, sign-in and export, who, what and when

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target", sa.String(1000), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
    )
    for column in ("at", "actor", "action"):
        op.create_index(f"ix_audit_entry_{column}", "audit_entry", [column])

def downgrade() -> None:
    op.drop_table("audit_entry")
