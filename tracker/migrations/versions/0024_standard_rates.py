"""standard rates: a table of grade -> standard hourly rate per financial year that finance keeps, so a
cost at standard rates depends on no one's pay (the old rates were averages of a grade's members)

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "standard_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=100), nullable=False),
        sa.Column("financial_year", sa.Integer(), nullable=False),
        sa.Column("hourly_rate", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("grade", "financial_year"),
    )


def downgrade() -> None:
    op.drop_table("standard_rate")
