"""add groups: a class's or a test run's own people, clock, outbox, faults and snapshots

Revision ID: e81f4a2c9d17
Revises: 5d1f0c2a7b93
Create Date: 2026-11-26 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "e81f4a2c9d17"
down_revision = "5d1f0c2a7b93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "persona_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("clock_offset", sa.BigInteger(), nullable=False),
        sa.Column("baseline", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "group_snapshot",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["persona_group.id"]),
        sa.PrimaryKeyConstraint("group_id", "name"),
    )
    with op.batch_alter_table("persona") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("codes_counted_from", sa.DateTime(), nullable=True))
        batch.create_foreign_key("fk_persona_group_id", "persona_group", ["group_id"], ["id"])
        batch.create_index("ix_persona_group_id", ["group_id"])
    for table in ("message", "fault"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
            batch.create_index(f"ix_{table}_group_id", ["group_id"])


def downgrade():
    for table in ("message", "fault"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_group_id")
            batch.drop_column("group_id")
    with op.batch_alter_table("persona") as batch:
        batch.drop_index("ix_persona_group_id")
        batch.drop_constraint("fk_persona_group_id", type_="foreignkey")
        batch.drop_column("codes_counted_from")
        batch.drop_column("group_id")
    op.drop_table("group_snapshot")
    op.drop_table("persona_group")
