"""review series: each series' meetings summed per calendar scope and partnership, kept in step with them,
so the review queue reads a page from an index instead of grouping every meeting of a locality (issue 22)

Revision ID: 0031
Revises: 0030
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "scope, series_key, partnership_id, meetings, seconds, first_start, last_start, title, attribution"
SUMS = "count(m.id), sum(m.seconds), min(m.start), max(m.start), max(m.title), max(m.attribution)"
# (meeting, organisation) once for each organisation whose staff's calendars hold a copy of it: a calendar is
# its import's owner, an owner the person whose own address, or alias, it is (store/review_series.py).
HOLDING = (
    "SELECT DISTINCT mc.meeting_id, s.organisation_id FROM meeting_copy mc "
    "JOIN calendar_import ci ON ci.id = mc.import_id "
    "JOIN (SELECT lower(email) AS address, organisation_id FROM person "
    "UNION SELECT lower(pa.email), p.organisation_id FROM person_alias pa JOIN person p ON p.id = pa.person_id "
    "WHERE lower(pa.email) NOT IN (SELECT lower(email) FROM person)) s ON s.address = ci.owner_email "
    "WHERE s.organisation_id IS NOT NULL"
)


def upgrade() -> None:
    op.create_table(
        "review_series",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope", sa.Integer(), nullable=False),
        sa.Column("series_key", sa.String(1000), nullable=False),
        sa.Column("partnership_id", sa.Integer(), sa.ForeignKey("partnership.id", ondelete="CASCADE")),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("first_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
    )
    op.execute(
        f"INSERT INTO review_series ({COLUMNS}) SELECT 0, m.series_key, m.partnership_id, {SUMS} "
        "FROM meeting m WHERE m.private = false GROUP BY m.series_key, m.partnership_id"
    )
    op.execute(
        f"INSERT INTO review_series ({COLUMNS}) SELECT o.organisation_id, m.series_key, m.partnership_id, {SUMS} "
        f"FROM meeting m JOIN ({HOLDING}) o ON o.meeting_id = m.id WHERE m.private = false "
        "GROUP BY o.organisation_id, m.series_key, m.partnership_id"
    )
    # Indexed once filled, as a bulk load is (a 500-person locality's 1.3 million rows: 22.5 s on SQLite).
    op.create_index("ix_review_series_queue", "review_series", ["scope", "partnership_id", "seconds", "title", "series_key"])
    op.create_index("ix_review_series_key", "review_series", ["series_key"])
    op.create_index(
        "ix_review_series_unattributed",
        "review_series",
        ["scope", "seconds", "title", "series_key"],
        postgresql_where=sa.text("partnership_id IS NULL"),
        sqlite_where=sa.text("partnership_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("review_series")
