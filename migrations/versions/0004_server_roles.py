"""Server accounts, and the audit's "who" taken from the database session on PostgreSQL.

On PostgreSQL a trigger fills audit_log.who with session_user (the login the server authenticated), refuses
a row naming anyone else, and stamps the row with the server's clock, whoever writes it (the database's
owner too). A progress report's author is checked by row-level security instead (store/server_roles.py):
the 办公室 restores deleted tasks with their reports, whose authors are other clerks. SQLite files (one
clerk, no accounts) only get the empty server_accounts table.

Revision ID: 0004_server_roles
Revises: 0003_dated_status
Create Date: 2026-12-02 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_server_roles"
down_revision = "0003_dated_status"
branch_labels = None
depends_on = None

# table → (its "who" column, its time column)
SIGNED = {"audit_log": ("who", "at")}

SIGNED_BY_SESSION = """
CREATE FUNCTION ecodesk_signed_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.{who} IS NOT NULL AND NEW.{who} <> '' AND NEW.{who} <> session_user THEN
        RAISE EXCEPTION 'ecodesk: % is not the signed-in role %', NEW.{who}, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.{who} := session_user;
    NEW.{at} := now() AT TIME ZONE 'UTC';
    RETURN NEW;
END
$$;
CREATE TRIGGER ecodesk_signed BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION ecodesk_signed_{table}();
"""


def upgrade() -> None:
    op.create_table("server_accounts",
    sa.Column("login", sa.String(length=63), nullable=False),
    sa.Column("role", sa.String(length=20), nullable=False),
    sa.Column("unit_id", sa.Integer(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_server_accounts_unit_id_units"),
                            ondelete="SET NULL"),
    sa.PrimaryKeyConstraint("login", name=op.f("pk_server_accounts"))
    )
    with op.batch_alter_table("server_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_accounts_unit_id"), ["unit_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for table, (who, at) in SIGNED.items():
            op.execute(SIGNED_BY_SESSION.format(table=table, who=who, at=at))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SIGNED:
            op.execute(f"DROP TRIGGER ecodesk_signed ON {table}")
            op.execute(f"DROP FUNCTION ecodesk_signed_{table}()")
    with op.batch_alter_table("server_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_accounts_unit_id"))
    op.drop_table("server_accounts")
