"""stored readings: what each UID's events of a calendar's latest import gave, for reading a newer export

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_import") as batch:
        batch.add_column(sa.Column("readings", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calendar_import") as batch:
        batch.drop_column("readings")
