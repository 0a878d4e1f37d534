"""rule requests: a lead's title rule that would take meetings from other partnerships, waiting for an administrator

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rule_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_by", sa.String(320), nullable=False),
        sa.Column("partnership_id", sa.Integer(), sa.ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False),
        sa.Column("keyword", sa.Text(), nullable=False),
        sa.Column("moved", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decided_by", sa.String(320), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "change_id", sa.Integer(), sa.ForeignKey("attribution_change.id", ondelete="SET NULL"), nullable=True
        ),
    )
    op.create_index("ix_rule_request_asked_at", "rule_request", ["asked_at"])
    op.create_index("ix_rule_request_asked_by", "rule_request", ["asked_by"])
    op.create_index("ix_rule_request_partnership_id", "rule_request", ["partnership_id"])
    op.create_index("ix_rule_request_status", "rule_request", ["status"])


def downgrade() -> None:
    op.drop_table("rule_request")
