"""sso: each user belongs to a partner organisation, or to the host (NULL) for the administrators who run
the app; single sign-on admits a user only through a domain mapped to that same organisation

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_app_user_organisation_id", "organisation", ["organisation_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("fk_app_user_organisation_id", type_="foreignkey")
        batch.drop_column("organisation_id")
