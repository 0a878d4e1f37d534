"""unit values: what one unit of a measure is worth, and the source of that figure

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measure") as table:
        table.add_column(sa.Column("unit_value", sa.BigInteger(), nullable=True))
        table.add_column(sa.Column("unit_value_source", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("measure") as table:
        table.drop_column("unit_value_source")
        table.drop_column("unit_value")
