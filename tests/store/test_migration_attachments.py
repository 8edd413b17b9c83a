"""Revision 0008_attachments on a database made by EcoDesk at revision 0005 (data/made-by-0005.sqlite: the
新建 sample imported, one update by 综合股 on 一（一）1.): the plan, its update and the dated change are as
they were, and files are then attached to the task and to its update."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from ecodesk.services import attachments, plans
from ecodesk.store.db import open_database
from ecodesk.store.migrate import alembic_config, current_revision
from ecodesk.store.schema_version import SCHEMA_HEAD
from tests.attach.files import big_document, photo
from tests.store.old_databases import upgraded_copy
from tests.store.test_upgrade_both_databases import raw_engine
from tests.targets import seed_plan


def test_an_old_database_takes_attachments_after_the_upgrade(tmp_path: Path) -> None:
    with upgraded_copy(tmp_path, "0005") as db:
        [info] = plans.list_plans(db)
        [reported] = [t for t in plans.load_plan(db, info.id).walk() if t.progress]
        [entry] = reported.progress
        assert entry.text == "一季度已召开部署会。" and len(reported.history) == 1
        assert reported.id is not None and entry.id is not None
        attachments.add_files(db, reported.id, [photo(tmp_path)])
        attachments.add_files(db, reported.id, [big_document(tmp_path)], progress_id=entry.id)
        assert [(a.name, a.progress_id) for a in attachments.attachments_of(db, reported.id)] == [
            ("现场照片.png", None), ("验收报告.pdf", entry.id)]


def test_the_upgrade_from_0005_on_both_databases(db_target: str, tmp_path: Path) -> None:
    """A database left at 0005 (SQLite or PostgreSQL) is brought to 0008 on open and takes files."""
    engine = raw_engine(db_target)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0005_collection")
    engine.dispose()
    db = open_database(db_target)
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD
        task = seed_plan(db)
        [item] = attachments.add_files(db, task, [big_document(tmp_path)])
        assert attachments.save_copy(db, item.id, tmp_path / "回读.pdf").read_bytes() == \
            (tmp_path / "验收报告.pdf").read_bytes()
    finally:
        db.close()
