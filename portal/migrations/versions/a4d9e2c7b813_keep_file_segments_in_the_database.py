"""keep the sealed segments of stored files in the database (PostgreSQL, several instances)

Revision ID: a4d9e2c7b813
Revises: 8d3b6f1e2a54
Create Date: 2026-11-26 19:40:00.000000

The table starts empty: files stored before stay in the data directory, where the cabinet
still reads them when new files go to the database.
"""

import sqlalchemy as sa
from alembic import op

revision = 'a4d9e2c7b813'
down_revision = '8d3b6f1e2a54'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'file_segment',
        sa.Column('file_id', sa.String(length=32), nullable=False),
        sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('file_id', 'number'),
    )
    with op.batch_alter_table('file_segment', schema=None) as batch_op:
        batch_op.create_index('ix_file_segment_created_at', ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('file_segment', schema=None) as batch_op:
        batch_op.drop_index('ix_file_segment_created_at')
    op.drop_table('file_segment')
