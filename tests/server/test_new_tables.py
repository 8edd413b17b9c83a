"""A table a later migration adds is guarded at once on a server set up by `server init`: its one line in
RULES is applied by the upgrade itself, and a table without one stops the upgrade (nothing changes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from ecodesk.domain.access import Role
from ecodesk.domain.errors import UserError
from ecodesk.store import migrate, server_roles
from ecodesk.store.db import open_database
from tests.accounts import Bureau

pytestmark = pytest.mark.postgres

NEW_TABLE = '''
"""A later migration adding a table."""
from alembic import op

revision = "9999_periods"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE later_periods (id serial PRIMARY KEY, name text NOT NULL)")
    op.execute("CREATE TABLE later_status_changes (id serial PRIMARY KEY, task_id integer REFERENCES tasks (id), "
               "status text NOT NULL)")


def downgrade() -> None:
    op.execute("DROP TABLE later_status_changes")
    op.execute("DROP TABLE later_periods")
'''


@pytest.fixture
def later_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.script_location(), scripts)
    (scripts / "versions" / "9999_periods.py").write_text(NEW_TABLE.format(head=migrate.head_revision()),
                                                          encoding="utf-8")
    monkeypatch.setattr(migrate, "script_location", lambda: str(scripts))
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9999_periods")


def test_the_upgrade_applies_the_new_tables_rule(bureau: Bureau, later_migration: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(server_roles.RULES, "later_periods", server_roles.PLAN_DATA)  # each table's one line
    monkeypatch.setitem(server_roles.RULES, "later_status_changes",
                        server_roles.Rule(office=("INSERT", "UPDATE", "DELETE"), unit_insert=True))
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    office = bureau.add_clerk("office", Role.OFFICE)
    open_database(bureau.url).close()  # the administrator's next start upgrades
    with bureau.raw(office) as conn:
        conn.execute("INSERT INTO later_periods (name) VALUES ('第一季度')")
    with bureau.raw(clerk) as conn:
        assert conn.execute("SELECT name FROM later_periods").fetchall() == [("第一季度",)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO later_periods (name) VALUES ('越权')")
        insert = "INSERT INTO later_status_changes (task_id, status) VALUES (%s, '推进中')"
        conn.execute(insert, (bureau.zonghe_leads,))  # its unit's task
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, (bureau.shengtai_only,))  # another unit's


def test_a_new_table_without_a_rule_stops_the_upgrade(bureau: Bureau, later_migration: None) -> None:
    with pytest.raises(UserError, match=r"升级失败（table later_\w+ has no access rule"):
        open_database(bureau.url)
    with bureau.admin.reader() as s:
        assert migrate.current_revision(bureau.admin.engine) != "9999_periods"
        assert s.connection().exec_driver_sql("SELECT to_regclass('later_periods')").scalar() is None
