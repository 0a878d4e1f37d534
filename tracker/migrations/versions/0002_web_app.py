"""web app: users, outcomes, partnership leads, attendance months

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("baseline", sa.BigInteger(), nullable=True),
        sa.Column("target", sa.BigInteger(), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnership.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("partnership_id", "name"),
    )
    op.create_index("ix_measure_partnership_id", "measure", ["partnership_id"])
    op.create_table(
        "outcome_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=320), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id", "period_start", "period_end"),
    )
    op.create_index("ix_outcome_value_measure_id", "outcome_value", ["measure_id"])
    with op.batch_alter_table("partnership") as batch:
        batch.add_column(sa.Column("lead_email", sa.String(length=320), nullable=True))
    with op.batch_alter_table("calendar_import") as batch:
        batch.add_column(sa.Column("batch", sa.String(length=40), nullable=True))
        batch.create_index("ix_calendar_import_batch", ["batch"])
    op.execute("DELETE FROM attendance")  # derived rows: rebuilt by the next recompute
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("month", sa.Date(), nullable=False))
        batch.create_index("ix_attendance_month", ["month"])


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.drop_index("ix_attendance_month")
        batch.drop_column("month")
    with op.batch_alter_table("calendar_import") as batch:
        batch.drop_index("ix_calendar_import_batch")
        batch.drop_column("batch")
    with op.batch_alter_table("partnership") as batch:
        batch.drop_column("lead_email")
    op.drop_table("outcome_value")
    op.drop_table("measure")
    op.drop_table("app_user")
