"""Upgrades on SQLite and PostgreSQL: data survives, and a migration failing half-way changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from ecodesk.domain.errors import UserError
from ecodesk.services import backups, tasks
from ecodesk.store import migrate
from ecodesk.store.db import open_database, sqlite_engine
from tests.targets import seed_plan

BROKEN_MIGRATION = '''
"""A migration that changes data, then fails half-way."""
from alembic import op

revision = "9999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE tasks SET title = '半途改坏的标题'")
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade() -> None:
    pass
'''


def raw_engine(target: str) -> Engine:
    """An engine on the target without EcoDesk's open-time checks and upgrades."""
    if "://" not in target:
        return sqlite_engine(Path(target))
    return create_engine(make_url(target).set(drivername="postgresql+psycopg"))


def test_upgrade_from_0001_keeps_data(db_target: str) -> None:
    engine = raw_engine(db_target)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("INSERT INTO bureaus (id, name) VALUES (1, '局')"))
        conn.execute(text("INSERT INTO units (id, bureau_id, name, short_name, sort_order, active) "
                          "VALUES (1, 1, '综合股', '', 0, TRUE)"))
        conn.execute(text("INSERT INTO plans (id, bureau_id, year, title, preamble, created_at) "
                          "VALUES (1, 1, 2020, '2020年工作要点', '', '2020-01-01 00:00:00')"))
    engine.dispose()
    db = open_database(db_target)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.reader() as s:
            assert s.execute(text("SELECT title, version FROM plans")).one() == ("2020年工作要点", 1)
            assert s.execute(text("SELECT active, version FROM units")).one() == (True, 1)
        if db.is_sqlite:
            assert [b.reason for b in backups.list_backups(db)] == ["before-upgrade"]
    finally:
        db.close()


def test_failed_migration_changes_nothing(db_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(db_target)
    task_id = seed_plan(db)
    db.close()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.script_location(), scripts)
    head = migrate.head_revision()
    (scripts / "versions" / "9999_broken.py").write_text(BROKEN_MIGRATION.format(head=head), encoding="utf-8")
    monkeypatch.setattr(migrate, "script_location", lambda: str(scripts))
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9999_broken")
    sqlite = "://" not in db_target
    said = r"已自动恢复到升级前的副本" if sqlite else r"升级已撤销，数据未受影响"
    with pytest.raises(UserError, match=r"升级失败（.*no_such_table.*），" + said):
        open_database(db_target)
    monkeypatch.undo()
    db = open_database(db_target)
    try:
        assert tasks.get_task(db, task_id).title == "推进大气污染防治"
        assert migrate.current_revision(db.engine) == head
        if sqlite:
            assert [b.reason for b in backups.list_backups(db)] == ["before-upgrade"]
    finally:
        db.close()
