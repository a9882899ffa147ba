"""feedback messages from the help page

Revision ID: 8d3b6f1e2a54
Revises: 5f2c8e1a9d47
Create Date: 2026-11-26 19:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '8d3b6f1e2a54'
down_revision = '5f2c8e1a9d47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'feedback_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('doctor_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('position', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('snils', sa.String(length=11), nullable=False),
        sa.Column('inn', sa.String(length=12), nullable=False),
        sa.Column('licence_number', sa.String(length=60), nullable=False),
        sa.Column('application_number', sa.String(length=40), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('sender_address', sa.String(length=45), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['doctor_id'], ['doctor.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('feedback_message') as batch:
        batch.create_index('ix_feedback_message_doctor_id', ['doctor_id'])
        batch.create_index('ix_feedback_message_sender_address', ['sender_address'])
        batch.create_index('ix_feedback_message_created_at', ['created_at'])


def downgrade():
    op.drop_table('feedback_message')
