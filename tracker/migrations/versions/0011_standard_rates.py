"""standard rates: every costed row and monthly sum also at the standard rate of the person's grade group,
for the roles that may not see pay (``tracker init`` works them out once the columns are there)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUMS = ["month", "partnership_id", "person_id", "attendances", "uncosted", "hours", "cost"]


def upgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("standard_rate", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("standard_cost", sa.BigInteger(), nullable=True))
    op.drop_index("ix_monthly_figure_sums", table_name="monthly_figure")
    with op.batch_alter_table("monthly_figure") as batch:
        batch.add_column(sa.Column("standard_uncosted", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("standard_cost", sa.BigInteger(), nullable=True))
    op.create_index("ix_monthly_figure_sums", "monthly_figure", [*SUMS, "standard_uncosted", "standard_cost"])
    with op.batch_alter_table("monthly_series") as batch:
        batch.add_column(sa.Column("standard_cost", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("monthly_series") as batch:
        batch.drop_column("standard_cost")
    op.drop_index("ix_monthly_figure_sums", table_name="monthly_figure")
    with op.batch_alter_table("monthly_figure") as batch:
        batch.drop_column("standard_cost")
        batch.drop_column("standard_uncosted")
    op.create_index("ix_monthly_figure_sums", "monthly_figure", SUMS)
    with op.batch_alter_table("attendance") as batch:
        batch.drop_column("standard_cost")
        batch.drop_column("standard_rate")
