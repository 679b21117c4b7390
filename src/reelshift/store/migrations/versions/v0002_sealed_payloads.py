"""Sealed payloads: profile and analysis compressed and encrypted with a key only the token
holder has; a client digest for quotas; the plain columns kept (nullable) for older rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("saved_analyses") as batch:
        batch.add_column(sa.Column("payload", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("encoding", sa.String(24), nullable=True))
        batch.add_column(sa.Column("client", sa.String(64), nullable=True))
        batch.add_column(sa.Column("size", sa.Integer(), nullable=True))
        batch.alter_column("profile", existing_type=sa.Text(), nullable=True)
        batch.alter_column("analysis", existing_type=sa.Text(), nullable=True)
        batch.create_index("ix_saved_analyses_client", ["client"])


def downgrade() -> None:
    # Sealed rows cannot be turned back into plain text without their tokens: they are dropped.
    op.execute("DELETE FROM saved_analyses WHERE profile IS NULL OR analysis IS NULL")
    with op.batch_alter_table("saved_analyses") as batch:
        batch.drop_index("ix_saved_analyses_client")
        batch.alter_column("analysis", existing_type=sa.Text(), nullable=False)
        batch.alter_column("profile", existing_type=sa.Text(), nullable=False)
        batch.drop_column("size")
        batch.drop_column("client")
        batch.drop_column("encoding")
        batch.drop_column("payload")
