"""copy organiser: each calendar copy keeps its ORGANIZER's address, so that copies without a UID join
one meeting only where organiser or attendees agree, not on title and times alone (issue 20)

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_copy") as batch:
        batch.add_column(sa.Column("organizer", sa.String(length=320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_copy") as batch:
        batch.drop_column("organizer")
