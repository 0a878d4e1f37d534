"""attendance: drop the two indexes another index already covers, so a relabel writes fewer index entries

``ix_attendance_meeting_id`` is the leading column of the unique (meeting_id, person_id) index and
``ix_attendance_person_id`` of ``ix_attendance_person_day``: every lookup they served, those serve. Moving
a review's 25 series to a partnership rewrites some 12,000 rows at 500 people, each in every index of the
table (its partnership is indexed, so PostgreSQL cannot update in place): two indexes fewer is a fifth
less to write (issue 21).

Revision ID: 0030
Revises: 0029
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_attendance_meeting_id", table_name="attendance")
    op.drop_index("ix_attendance_person_id", table_name="attendance")


def downgrade() -> None:
    op.create_index("ix_attendance_person_id", "attendance", ["person_id"])
    op.create_index("ix_attendance_meeting_id", "attendance", ["meeting_id"])
