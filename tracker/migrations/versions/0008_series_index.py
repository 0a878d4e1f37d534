"""series index: a changed series' monthly sums found by its key, so an upload sums again only its series

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_monthly_series_key", "monthly_series", ["series_key"])


def downgrade() -> None:
    op.drop_index("ix_monthly_series_key", table_name="monthly_series")
