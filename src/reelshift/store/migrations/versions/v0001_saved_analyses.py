"""Saved analyses, reached by the digest of a private token.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_analyses",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_digest", sa.String(64), nullable=False),
        sa.Column("delete_digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("pack", sa.String(100), nullable=False),
        sa.Column("schema_version", sa.String(16), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_saved_analyses_token_digest", "saved_analyses", ["token_digest"], unique=True
    )
    op.create_index("ix_saved_analyses_expires_at", "saved_analyses", ["expires_at"])
    op.create_index("ix_saved_analyses_created_at", "saved_analyses", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_saved_analyses_created_at", table_name="saved_analyses")
    op.drop_index("ix_saved_analyses_expires_at", table_name="saved_analyses")
    op.drop_index("ix_saved_analyses_token_digest", table_name="saved_analyses")
    op.drop_table("saved_analyses")
