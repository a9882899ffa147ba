"""keep ESIA tokens on each session to recheck it, and why a session ended

Revision ID: 5e1f0c2a9b47
Revises: 5c1f0a7d2e91
Create Date: 2026-11-26 16:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '5e1f0c2a9b47'
down_revision = '5c1f0a7d2e91'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('end_reason', sa.String(length=10), nullable=False, server_default='')
        )
        batch_op.add_column(sa.Column('esia_tokens', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('esia_checked_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_column('esia_checked_at')
        batch_op.drop_column('esia_tokens')
        batch_op.drop_column('end_reason')
