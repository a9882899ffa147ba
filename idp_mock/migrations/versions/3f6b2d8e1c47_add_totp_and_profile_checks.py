"""add totp and profile checks

Revision ID: 3f6b2d8e1c47
Revises: e81f4a2c9d17
Create Date: 2026-11-26 19:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "3f6b2d8e1c47"
down_revision = "e81f4a2c9d17"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("persona") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.create_table(
        "profile_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("persona_oid", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ready_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["persona_oid"], ["persona.oid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_profile_check_persona_oid", "profile_check", ["persona_oid"])


def downgrade():
    op.drop_index("ix_profile_check_persona_oid", table_name="profile_check")
    op.drop_table("profile_check")
    with op.batch_alter_table("persona") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
