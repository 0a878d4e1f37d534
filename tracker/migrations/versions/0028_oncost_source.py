"""on-cost source: each organisation's on-costs for a year say where they come from (the scheme, the year,
what the rate is), so a finance user can check them (issue 20)

Revision ID: 0028
Revises: 0026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("oncost_rate") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("oncost_rate") as batch:
        batch.drop_column("source")
