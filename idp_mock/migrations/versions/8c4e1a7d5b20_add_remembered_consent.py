"""add remembered consent

Revision ID: 8c4e1a7d5b20
Revises: 3f6b2d8e1c47
Create Date: 2026-11-26 23:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "8c4e1a7d5b20"
down_revision = "3f6b2d8e1c47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consent_grant",
        sa.Column("persona_oid", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["persona_oid"], ["persona.oid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("persona_oid", "client_id"),
    )


def downgrade():
    op.drop_table("consent_grant")
