"""Attachments: files kept in the database, content-addressed by SHA-256 and stored once, in parts.

Two new tables, nothing rebuilt: attachment_blobs (a file's content in parts of at most 1 MiB, keyed by
its SHA-256 and the part's number) and attachments (a task's or a progress update's file, its name and
size, who added it and when; removed_at for one removed, which undo brings back).

Revision ID: 0008_attachments
Revises: 0007_urgings
Create Date: 2026-12-02 03:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_attachments"
down_revision = "0007_urgings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "part", name=op.f("pk_attachment_blobs")),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("progress_id", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_attachments_task_id_tasks"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["progress_id"], ["progress_updates.id"],
                                name=op.f("fk_attachments_progress_id_progress_updates"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sqlite_autoincrement=True,
    )
    for column in ("task_id", "progress_id", "sha256"):
        op.create_index(op.f(f"ix_attachments_{column}"), "attachments", [column], unique=False)


def downgrade() -> None:
    for column in ("sha256", "progress_id", "task_id"):
        op.drop_index(op.f(f"ix_attachments_{column}"), table_name="attachments")
    op.drop_table("attachments")
    op.drop_table("attachment_blobs")
