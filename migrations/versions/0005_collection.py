"""Returned 进展征集表: the register of returns, and each progress update's 存在问题, 下步打算 and return.

The columns are added in place (ALTER TABLE … ADD COLUMN), never by rebuilding progress_updates: on SQLite a
rebuild drops the old table, and its ON DELETE CASCADE would take every status change with it. So
return_id has no foreign key (a test upgrades a database made by 0004 and checks the dated history).

Revision ID: 0005_collection
Revises: 0004_server_roles
Create Date: 2026-12-02 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_collection"
down_revision = "0004_server_roles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collection_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("filled_by", sa.String(length=100), nullable=False),
        sa.Column("filled_on", sa.Date(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_collection_returns_plan_id_plans"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_returns")),
    )
    with op.batch_alter_table("collection_returns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collection_returns_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_collection_returns_digest"), ["digest"], unique=False)
    op.add_column("progress_updates", sa.Column("problems", sa.Text(), server_default="", nullable=False))
    op.add_column("progress_updates", sa.Column("next_steps", sa.Text(), server_default="", nullable=False))
    op.add_column("progress_updates", sa.Column("return_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_progress_updates_return_id"), "progress_updates", ["return_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_progress_updates_return_id"), table_name="progress_updates")
    for column in ("return_id", "next_steps", "problems"):
        op.drop_column("progress_updates", column)  # in place (SQLite 3.35+), for the reason above
    with op.batch_alter_table("collection_returns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collection_returns_digest"))
        batch_op.drop_index(batch_op.f("ix_collection_returns_plan_id"))
    op.drop_table("collection_returns")
