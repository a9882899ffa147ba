"""add app devices and certificate installs

Revision ID: 5d1f0c2a7b93
Revises: c0c8ba53b5bd
Create Date: 2026-11-26 16:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "5d1f0c2a7b93"
down_revision = "c0c8ba53b5bd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "app_device",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("persona_oid", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("code_attempts", sa.Integer(), nullable=False),
        sa.Column("code_expires_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["persona_oid"], ["persona.oid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_app_device_persona_oid", "app_device", ["persona_oid"])
    op.create_index("ix_app_device_created_at", "app_device", ["created_at"])
    op.create_table(
        "certificate_install",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("browser_hash", sa.String(length=64), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("container", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"], ["signature_certificate.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_certificate_install_browser_hash", "certificate_install", ["browser_hash"])


def downgrade():
    op.drop_index("ix_certificate_install_browser_hash", table_name="certificate_install")
    op.drop_table("certificate_install")
    op.drop_index("ix_app_device_created_at", table_name="app_device")
    op.drop_index("ix_app_device_persona_oid", table_name="app_device")
    op.drop_table("app_device")
