"""reviews and allowances: each partnership's review dates, and hours of preparation and travel per attendance

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("partnership") as table:
        table.add_column(sa.Column("review_on", sa.Date(), nullable=True))
        table.add_column(sa.Column("last_reviewed", sa.Date(), nullable=True))
        table.add_column(sa.Column("preparation_hours", sa.BigInteger(), nullable=False, server_default="0"))
        table.add_column(sa.Column("travel_hours", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("partnership") as table:
        table.drop_column("travel_hours")
        table.drop_column("preparation_hours")
        table.drop_column("last_reviewed")
        table.drop_column("review_on")
