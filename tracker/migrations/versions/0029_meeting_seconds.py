"""meeting seconds: each meeting holds the sum of its attendance rows' seconds, so the review queue orders
series by costed time without summing every attendance of the borough (issue 21)

Revision ID: 0029
Revises: 0028
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Never the copy-and-swap way on SQLite: dropping the old meeting table would delete every copy and
# attendance of it through their ON DELETE CASCADE. SQLite (3.35 and later) adds and drops the column itself.
IN_PLACE = {"recreate": "never"}


def upgrade() -> None:
    with op.batch_alter_table("meeting", **IN_PLACE) as batch:
        batch.add_column(sa.Column("seconds", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE meeting SET seconds = COALESCE("
        "(SELECT SUM(attendance.seconds) FROM attendance WHERE attendance.meeting_id = meeting.id), 0)"
    )


def downgrade() -> None:
    with op.batch_alter_table("meeting", **IN_PLACE) as batch:
        batch.drop_column("seconds")
