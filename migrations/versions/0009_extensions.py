"""延期 and the year rollover: deadline extensions, 跨年 tasks' links back, and a plan's draft mark.

`plans.draft` is added in place (ALTER TABLE … ADD COLUMN), never by rebuilding plans: on SQLite a rebuild
drops the old table, and its ON DELETE CASCADE would take every task with it.

Revision ID: 0009_extensions
Revises: 0008_attachments
Create Date: 2026-12-02 03:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_extensions"
down_revision = "0008_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadline_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("old_deadline", sa.Date(), nullable=True),
        sa.Column("old_deadline_text", sa.String(length=200), nullable=False),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("new_deadline_text", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_deadline_extensions_task_id_tasks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_extensions")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_deadline_extensions_task_id"), "deadline_extensions", ["task_id"], unique=False)
    op.create_table(
        "carried_tasks",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("from_task_id", sa.Integer(), nullable=True),
        sa.Column("from_year", sa.Integer(), nullable=False),
        sa.Column("from_number", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_carried_tasks_task_id_tasks"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_task_id"], ["tasks.id"], name=op.f("fk_carried_tasks_from_task_id_tasks"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_carried_tasks")),
    )
    op.create_index(op.f("ix_carried_tasks_from_task_id"), "carried_tasks", ["from_task_id"], unique=False)
    op.add_column("plans", sa.Column("draft", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    op.drop_column("plans", "draft")  # in place (SQLite 3.35+), for the reason above
    op.drop_index(op.f("ix_carried_tasks_from_task_id"), table_name="carried_tasks")
    op.drop_table("carried_tasks")
    op.drop_index(op.f("ix_deadline_extensions_task_id"), table_name="deadline_extensions")
    op.drop_table("deadline_extensions")
