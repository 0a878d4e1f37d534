"""whole seconds and pence: an attendance's time is held in whole seconds and its rates and costs in whole
pence, each rounded once, half up, so every total is a sum of printed units (issue 20)

Existing rows are converted in integer arithmetic: hours (billionths of an hour) to seconds, half up; rates
(hundred-millionths of a pound) to pence, half up; each cost worked out again as seconds x rate in pence /
3600, half up; the monthly sums summed again from the rows. ``tracker recompute`` gives the same figures
from the calendars, save where a share of double-booked time fell within a billionth of an hour of half a
second (the old column could not say which side it was).

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOUR_UNITS = 10**9  # the old hours column's units an hour
PENNY_UNITS = 10**6  # the old rate and cost columns' units a penny (10**-8 of a pound)
SUMS_BEFORE = ["month", "partnership_id", "person_id", "attendances", "uncosted", "hours", "cost"]
SUMS_AFTER = ["month", "partnership_id", "person_id", "attendances", "uncosted", "seconds", "cost"]
STANDARD = ["standard_uncosted", "standard_cost"]


def _half_up(numerator: str, denominator: int) -> str:
    """SQL for numerator / denominator rounded half up, for non-negative integers (integer division
    truncates on both SQLite and PostgreSQL)."""
    return f"(({numerator}) * 2 + {denominator}) / ({2 * denominator})"


def _cost(rate: str) -> str:
    return f"CASE WHEN {rate} IS NULL THEN NULL ELSE {_half_up(f'seconds * {rate}', 3600)} END"


def upgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("seconds", sa.Integer(), nullable=True))
    op.execute(f"UPDATE attendance SET seconds = {_half_up('hours * 3600', HOUR_UNITS)}")
    for rate in ("hourly_rate", "standard_rate"):
        op.execute(f"UPDATE attendance SET {rate} = {_half_up(rate, PENNY_UNITS)} WHERE {rate} IS NOT NULL")
    op.execute(f"UPDATE attendance SET cost = {_cost('hourly_rate')}, standard_cost = {_cost('standard_rate')}")
    with op.batch_alter_table("attendance") as batch:
        batch.drop_column("hours")
        batch.alter_column("seconds", existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_monthly_figure_sums", table_name="monthly_figure")
    with op.batch_alter_table("monthly_figure") as batch:
        batch.add_column(sa.Column("seconds", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("hours")
    with op.batch_alter_table("monthly_figure") as batch:
        batch.alter_column("seconds", existing_type=sa.Integer(), server_default=None)
    op.create_index("ix_monthly_figure_sums", "monthly_figure", [*SUMS_AFTER, *STANDARD])
    _sum_again("seconds")


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("hours", sa.BigInteger(), nullable=True))
    op.execute(f"UPDATE attendance SET hours = {_half_up(f'CAST(seconds AS BIGINT) * {HOUR_UNITS}', 3600)}")
    for column in ("hourly_rate", "cost", "standard_rate", "standard_cost"):
        op.execute(f"UPDATE attendance SET {column} = {column} * {PENNY_UNITS} WHERE {column} IS NOT NULL")
    with op.batch_alter_table("attendance") as batch:
        batch.drop_column("seconds")
        batch.alter_column("hours", existing_type=sa.BigInteger(), nullable=False)
    op.drop_index("ix_monthly_figure_sums", table_name="monthly_figure")
    with op.batch_alter_table("monthly_figure") as batch:
        batch.add_column(sa.Column("hours", sa.BigInteger(), nullable=False, server_default="0"))
        batch.drop_column("seconds")
    with op.batch_alter_table("monthly_figure") as batch:
        batch.alter_column("hours", existing_type=sa.BigInteger(), server_default=None)
    op.create_index("ix_monthly_figure_sums", "monthly_figure", [*SUMS_BEFORE, *STANDARD])
    _sum_again("hours")


def _sum_again(time: str) -> None:
    """The monthly sums of people and series from the converted rows, as ``store.monthly.rebuild`` sums them."""
    op.execute("DELETE FROM monthly_figure")
    op.execute(
        f"INSERT INTO monthly_figure (partnership_id, person_id, month, attendances, uncosted, {time}, cost, "
        "standard_uncosted, standard_cost) "
        "SELECT partnership_id, person_id, month, COUNT(id), COUNT(id) - COUNT(cost), "
        f"SUM({time}), SUM(cost), COUNT(id) - COUNT(standard_cost), SUM(standard_cost) "
        "FROM attendance WHERE partnership_id IS NOT NULL GROUP BY partnership_id, person_id, month"
    )
    op.execute("DELETE FROM monthly_series")
    op.execute(
        "INSERT INTO monthly_series (partnership_id, month, series_key, meetings, cost, standard_cost) "
        "SELECT a.partnership_id, a.month, m.series_key, COUNT(DISTINCT a.meeting_id), SUM(a.cost), "
        "SUM(a.standard_cost) FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
        "WHERE a.partnership_id IS NOT NULL GROUP BY a.partnership_id, a.month, m.series_key"
    )
