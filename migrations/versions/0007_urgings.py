"""The 催办 log: every task on every 督办通知单 issued, with the slip's number, day, unit and level.

Revision ID: 0007_urgings
Revises: 0006_target_values
Create Date: 2026-12-02 03:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_urgings"
down_revision = "0006_target_values"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "urgings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("task_label", sa.String(length=100), nullable=False),
        sa.Column("task_title", sa.Text(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=True),
        sa.Column("actual", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_urgings_plan_id_plans"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_urgings_task_id_tasks"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_urgings_unit_id_units"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urgings")),
    )
    with op.batch_alter_table("urgings", schema=None) as batch_op:
        for column in ("plan_id", "task_id", "unit_id"):
            batch_op.create_index(batch_op.f(f"ix_urgings_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("urgings")
