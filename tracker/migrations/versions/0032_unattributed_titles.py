"""unattributed titles: the review queue's series that count for no partnership, summed by title, kept in step
with them, so a partnership's page reads its look-alike titles from a few hundred rows instead of counting
every unattributed meeting of a locality by title (issue 22)

Revision ID: 0032
Revises: 0031
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unattributed_title",
        sa.Column("title", sa.Text(), primary_key=True),
        sa.Column("meetings", sa.Integer(), nullable=False),
    )
    op.execute(
        "INSERT INTO unattributed_title (title, meetings) SELECT title, sum(meetings) FROM review_series "
        "WHERE scope = 0 AND partnership_id IS NULL GROUP BY title"
    )


def downgrade() -> None:
    op.drop_table("unattributed_title")
