"""a source's sync claimed: when a sync of it began, so a second sync of the same source (the scheduler's
beside "Sync now", or two cron runs) leaves it to the first instead of asking its server twice and importing
the same calendar twice; retention's cutoff for its objects (the days before it left out of its imports);
and the objects kept unfolded, as they are stored from now on, so an erasure finds
a name or an address a fold split (issue 23)

Revision ID: 0034
Revises: 0033
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("calendar_source", sa.Column("syncing_since", sa.DateTime(timezone=True), nullable=True))
    op.add_column("calendar_source", sa.Column("retired_before", sa.Date(), nullable=True))
    for fold in ("\r\n ", "\r\n\t", "\n ", "\n\t"):  # RFC 5545 3.1, and files written with bare line feeds
        folded = sa.text("UPDATE source_event SET body = replace(body, :fold, '') WHERE body LIKE '%' || :fold || '%'")
        op.execute(folded.bindparams(fold=fold))


def downgrade() -> None:
    with op.batch_alter_table("calendar_source") as table:
        table.drop_column("syncing_since")
        table.drop_column("retired_before")
