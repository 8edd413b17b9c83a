"""Initial schema: bureaus, units, plans, targets, tasks, their units and progress updates.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 16:41:45.789592
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("bureaus",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_bureaus")),
    sa.UniqueConstraint("name", name=op.f("uq_bureaus_name"))
    )
    op.create_table("plans",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("bureau_id", sa.Integer(), nullable=False),
    sa.Column("year", sa.Integer(), nullable=False),
    sa.Column("title", sa.String(length=500), nullable=False),
    sa.Column("preamble", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(["bureau_id"], ["bureaus.id"], name=op.f("fk_plans_bureau_id_bureaus"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    sa.UniqueConstraint("bureau_id", "year", name=op.f("uq_plans_bureau_id"))
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plans_bureau_id"), ["bureau_id"], unique=False)

    op.create_table("units",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("bureau_id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=False),
    sa.Column("short_name", sa.String(length=50), nullable=False),
    sa.Column("sort_order", sa.Integer(), nullable=False),
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(["bureau_id"], ["bureaus.id"], name=op.f("fk_units_bureau_id_bureaus"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
    sa.UniqueConstraint("bureau_id", "name", name=op.f("uq_units_bureau_id"))
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_units_bureau_id"), ["bureau_id"], unique=False)

    op.create_table("targets",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("plan_id", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("category", sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_targets_plan_id_plans"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_targets"))
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_plan_id"), ["plan_id"], unique=False)

    op.create_table("tasks",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("plan_id", sa.Integer(), nullable=False),
    sa.Column("parent_id", sa.Integer(), nullable=True),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("title", sa.Text(), nullable=False),
    sa.Column("measures", sa.Text(), nullable=False),
    sa.Column("deadline", sa.Date(), nullable=True),
    sa.Column("deadline_text", sa.String(length=200), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("percent", sa.Integer(), nullable=False),
    sa.Column("notes", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["parent_id"], ["tasks.id"], name=op.f("fk_tasks_parent_id_tasks"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_tasks_plan_id_plans"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_plan_id"), ["plan_id"], unique=False)

    op.create_table("progress_updates",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("task_id", sa.Integer(), nullable=False),
    sa.Column("date", sa.Date(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("percent", sa.Integer(), nullable=True),
    sa.Column("status", sa.String(length=20), nullable=True),
    sa.Column("unit_name", sa.String(length=200), nullable=False),
    sa.Column("author", sa.String(length=100), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_progress_updates_task_id_tasks"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_updates"))
    )
    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_updates_task_id"), ["task_id"], unique=False)

    op.create_table("task_units",
    sa.Column("task_id", sa.Integer(), nullable=False),
    sa.Column("unit_id", sa.Integer(), nullable=False),
    sa.Column("role", sa.String(length=10), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_task_units_task_id_tasks"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_task_units_unit_id_units"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("task_id", "unit_id", name=op.f("pk_task_units"))
    )
    with op.batch_alter_table("task_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_units_unit_id"), ["unit_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("task_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_units_unit_id"))

    op.drop_table("task_units")
    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_updates_task_id"))

    op.drop_table("progress_updates")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_plan_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_parent_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_plan_id"))

    op.drop_table("targets")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_units_bureau_id"))

    op.drop_table("units")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_bureau_id"))

    op.drop_table("plans")
    op.drop_table("bureaus")
