"""Revision 0007_urgings on databases made at revision 0005: on SQLite the 新建 sample made by EcoDesk at 0005
(data/made-by-0005.sqlite: imported, one update by 综合股), on both engines a database stamped 0005. The
plan keeps its tasks and update, the 催办 log starts empty, and notices are then issued into it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command

from ecodesk.services import plans
from ecodesk.services.urgings import issue_notices, urging_log
from ecodesk.store import migrate
from ecodesk.store.db import open_database
from ecodesk.store.schema_version import SCHEMA_HEAD
from tests.store.old_databases import upgraded_copy
from tests.store.test_upgrade_both_databases import raw_engine
from tests.targets import seed_plan


def test_the_sample_made_at_0005_takes_notices_after_the_upgrade(tmp_path: Path) -> None:
    with upgraded_copy(tmp_path, "0005") as db:
        [info] = plans.list_plans(db)
        tree = plans.load_plan(db, info.id)
        assert [p.text for t in tree.walk() for p in t.progress] == ["一季度已召开部署会。"]
        assert urging_log(db, info.id) == []
        run = issue_notices(db, info.id, dt.date(2021, 6, 30), tmp_path / "notices")
        assert run.slips and all(p.is_file() for p in run.paths)
        assert [s.code for s in urging_log(db, info.id)][-1] == "督办〔2021〕第1号"


def test_both_engines_upgrade_from_0005(db_target: str, tmp_path: Path) -> None:
    engine = raw_engine(db_target)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0005_collection")
    engine.dispose()
    db = open_database(db_target)
    try:
        assert migrate.current_revision(db.engine) == SCHEMA_HEAD
        task_id = seed_plan(db)
        [info] = plans.list_plans(db)
        [slip] = issue_notices(db, info.id, dt.date(2026, 6, 30), tmp_path / "notices").slips
        assert (slip.unit, [t.task_id for t in slip.tasks]) == ("综合股", [task_id])
    finally:
        db.close()
