"""Opening a database brings it to the current schema, keeping a copy, or refuses it untouched."""

import hashlib
import sqlite3
from contextlib import closing

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from ecodesk.domain.errors import UserError
from ecodesk.services import plans
from ecodesk.store.db import open_database, sqlite_engine
from ecodesk.store.migrate import SCHEMA_HEAD, alembic_config, current_revision, head_revision
from ecodesk.store.models import Base


def make_old_database(path, revision: str) -> None:
    engine = sqlite_engine(path)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_head_constant_matches_the_migration_scripts() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_new_database_is_created_at_head_and_matches_the_models(db_path) -> None:
    db = open_database(str(db_path))
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        fks = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    assert (mode, fks) == ("wal", 1)


def test_first_revision_with_data_is_upgraded_after_a_copy(db_path) -> None:
    make_old_database(db_path, "0001")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("INSERT INTO bureaus (id, name) VALUES (1, '南昌市新建生态环境局')")
        conn.execute("INSERT INTO plans (id, bureau_id, year, title, preamble, created_at) "
                     "VALUES (1, 1, 2021, '2021年工作要点', '', '2021-01-01 00:00:00')")
        conn.execute("INSERT INTO tasks (id, plan_id, parent_id, position, title, measures, deadline_text, status, "
                     "percent, notes) VALUES (1, 1, NULL, 0, '污染防治', '', '', '推进中', 30, '')")
    db = open_database(str(db_path))
    assert current_revision(db.engine) == head_revision()
    tree = plans.load_plan(db, 1)
    assert [(t.number, t.title, t.percent, t.version) for t in tree.walk()] == [("一、", "污染防治", 30, 1)]
    copies = list((db_path.parent / "backups").glob("*-before-upgrade.sqlite"))
    assert len(copies) == 1
    with closing(sqlite3.connect(copies[0])) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT title FROM tasks").fetchall() == [("污染防治",)]


def test_newer_revision_is_refused_and_left_untouched(db_path) -> None:
    open_database(str(db_path)).close()
    with closing(sqlite3.connect(db_path)) as conn:
        with conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(db_path)
    with pytest.raises(UserError, match=r"更新版本的 EcoDesk 创建.*未做任何改动"):
        open_database(str(db_path))
    assert digest(db_path) == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(UserError, match="不是 EcoDesk 数据库"):
        open_database(str(path))
    assert path.read_bytes() == b"PK\x03\x04 not a database"


def test_a_sqlite_url_opens_the_same_file_as_its_path(db_path) -> None:
    db = open_database(f"sqlite:///{db_path}")
    assert db.path == db_path.resolve() and db_path.is_file()
    db.close()
