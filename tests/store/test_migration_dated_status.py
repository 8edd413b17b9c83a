"""Revision 0003_dated_status on a database made by EcoDesk at revision 0002 (data/made-by-0002.sqlite, made
by the services of commit ade0296: progress reported through 2021, an update entered wrongly and undone,
a status and percent edited by hand): every task's history is rebuilt, dated as it happened."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ecodesk.domain.history import Standing
from ecodesk.domain.status import Status
from ecodesk.services import plans, tasks
from ecodesk.store.db import open_database
from ecodesk.store.migrate import current_revision
from ecodesk.store.quick_read import read_snapshot
from ecodesk.store.schema_version import SCHEMA_HEAD

MADE_BY_0002 = Path(__file__).parent / "data" / "made-by-0002.sqlite"
D = dt.date
EDITED_ON = D(2026, 12, 2)  # the (local) day the file was made, when 土壤 was edited by hand


def test_the_history_is_rebuilt_from_progress_and_the_audit_log(tmp_path: Path) -> None:
    path = tmp_path / "ecodesk.sqlite"
    shutil.copy(MADE_BY_0002, path)
    db = open_database(str(path))
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD
        [info] = plans.list_plans(db)
        latest = plans.load_plan(db, info.id)
        air, water, soil = latest.tasks[0].children
        assert [(c.effective, c.standing) for c in air.history] == [
            (D(2021, 3, 10), Standing(Status.IN_PROGRESS, 20)), (D(2021, 6, 20), Standing(Status.IN_PROGRESS, 60)),
            (D(2021, 11, 20), Standing(Status.DONE, 100))]
        assert all(c.progress_id is not None for c in air.history)
        # the update entered at 90 % and undone left nothing; the one entered again is there
        assert [(c.effective, c.standing) for c in water.history] == [(D(2021, 5, 1), Standing(Status.IN_PROGRESS, 30))]
        assert [c.standing for c in soil.history] == [Standing(Status.IN_PROGRESS, 10)]
        assert soil.history[0].effective >= EDITED_ON - dt.timedelta(days=1)  # local day of the edit
        june = plans.load_plan(db, info.id, as_of=D(2021, 6, 30))
        assert [(t.title, t.status, t.percent) for t in june.tasks[0].children] == [
            ("大气", Status.IN_PROGRESS, 60), ("水", Status.IN_PROGRESS, 30), ("土壤污染防治", Status.NOT_STARTED, 0)]
        # the stored standing is unchanged by the migration
        assert [(t.status, t.percent) for t in (air, water, soil)] == [
            (Status.DONE, 100), (Status.IN_PROGRESS, 30), (Status.IN_PROGRESS, 10)]
        # and deleting a migrated update takes back its change
        first = water.progress[0]
        assert first.id is not None
        from ecodesk.services import progress
        progress.delete_progress(db, first.id)
        assert (tasks.get_task(db, water.id).status, tasks.get_task(db, water.id).percent) == (Status.NOT_STARTED, 0)  # type: ignore[arg-type]
        snap = read_snapshot(str(path), lambda infos: info.id, as_of=D(2021, 6, 30))
        assert snap is not None and snap.tree == plans.load_plan(db, info.id, as_of=D(2021, 6, 30))
    finally:
        db.close()
