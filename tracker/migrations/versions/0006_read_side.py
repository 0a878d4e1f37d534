"""read side at scale: meeting series summed per partnership and month, filled from the rows already there;
unattributed titles counted from an index; the monthly figures read from an index alone

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monthly_series",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("series_key", sa.String(length=1000), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnership.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("partnership_id", "month", "series_key"),
    )
    op.create_index("ix_monthly_series_month", "monthly_series", ["month"])
    op.execute(  # the sums of the rows an earlier version wrote, as store.monthly.rebuild makes them
        "INSERT INTO monthly_series (partnership_id, month, series_key, meetings, cost) "
        "SELECT attendance.partnership_id, attendance.month, meeting.series_key, "
        "count(DISTINCT attendance.meeting_id), sum(attendance.cost) "
        "FROM attendance JOIN meeting ON meeting.id = attendance.meeting_id "
        "WHERE attendance.partnership_id IS NOT NULL "
        "GROUP BY attendance.partnership_id, attendance.month, meeting.series_key"
    )

    op.create_index("ix_meeting_unattributed_title", "meeting", ["partnership_id", "private", "title"])
    op.create_index(
        "ix_monthly_figure_sums",
        "monthly_figure",
        ["month", "partnership_id", "person_id", "attendances", "uncosted", "hours", "cost"],
    )


def downgrade() -> None:
    op.drop_index("ix_monthly_figure_sums", table_name="monthly_figure")
    op.drop_index("ix_meeting_unattributed_title", table_name="meeting")
    op.drop_index("ix_monthly_series_month", table_name="monthly_series")
    op.drop_table("monthly_series")
