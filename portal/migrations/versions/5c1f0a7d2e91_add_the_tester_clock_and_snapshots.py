"""add the tester's clock offsets and snapshots

Revision ID: 5c1f0a7d2e91
Revises: 70942e3a3fd9
Create Date: 2026-11-26 16:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '5c1f0a7d2e91'
down_revision = '70942e3a3fd9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'clock_offset',
        sa.Column('esia_oid', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('offset_seconds', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('esia_oid'),
    )
    op.create_table(
        'tester_snapshot',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade():
    op.drop_table('tester_snapshot')
    op.drop_table('clock_offset')
