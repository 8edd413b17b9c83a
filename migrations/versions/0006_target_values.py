"""主要目标 with actual values: each target's indicator as measured per reporting period, and 达标/未达标.

Revision ID: 0006_target_values
Revises: 0005_collection
Create Date: 2026-12-02 03:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_target_values"
down_revision = "0005_collection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "target_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name=op.f("fk_target_values_target_id_targets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_values")),
        sa.UniqueConstraint("target_id", "period", name=op.f("uq_target_values_target_id")),
    )
    with op.batch_alter_table("target_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_values_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("target_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_values_target_id"))
    op.drop_table("target_values")
