"""monthly figures: attendances summed per partnership, person and month, for pages in constant time

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monthly_figure",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("attendances", sa.Integer(), nullable=False),
        sa.Column("uncosted", sa.Integer(), nullable=False),
        sa.Column("hours", sa.BigInteger(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnership.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("partnership_id", "person_id", "month"),
    )
    op.create_index("ix_monthly_figure_person_id", "monthly_figure", ["person_id"])
    op.create_index("ix_monthly_figure_month", "monthly_figure", ["month"])
    op.create_table(
        "monthly_meetings",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnership.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("partnership_id", "month"),
    )
    op.create_index("ix_monthly_meetings_month", "monthly_meetings", ["month"])
    with op.batch_alter_table("attendance") as batch:
        batch.create_index("ix_attendance_person_day", ["person_id", "local_day"])
        batch.create_index("ix_attendance_partnership_day", ["partnership_id", "local_day"])


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.drop_index("ix_attendance_partnership_day")
        batch.drop_index("ix_attendance_person_day")
    op.drop_index("ix_monthly_meetings_month", table_name="monthly_meetings")
    op.drop_table("monthly_meetings")
    op.drop_index("ix_monthly_figure_month", table_name="monthly_figure")
    op.drop_index("ix_monthly_figure_person_id", table_name="monthly_figure")
    op.drop_table("monthly_figure")
