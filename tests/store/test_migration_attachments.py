"""Revision 0008_attachments on a database made by EcoDesk at revision 0005 (data/made-by-0005.sqlite: the
新建 sample imported, one update by 综合股 on 一（一）1.): the plan, its update and the dated change are as
they were, and files are then attached to the task and to its update."""

from __future__ import annotations

import shutil
from pathlib import Path

from ecodesk.services import attachments, plans
from ecodesk.store.db import open_database
from ecodesk.store.migrate import current_revision
from ecodesk.store.schema_version import SCHEMA_HEAD
from tests.attach.files import big_document, photo

MADE_BY_0005 = Path(__file__).parent / "data" / "made-by-0005.sqlite"


def test_an_old_database_takes_attachments_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "ecodesk.sqlite"
    shutil.copy(MADE_BY_0005, path)
    db = open_database(str(path))
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD == "0008_attachments"
        [info] = plans.list_plans(db)
        [reported] = [t for t in plans.load_plan(db, info.id).walk() if t.progress]
        [entry] = reported.progress
        assert entry.text == "一季度已召开部署会。" and len(reported.history) == 1
        assert reported.id is not None and entry.id is not None
        attachments.add_files(db, reported.id, [photo(tmp_path)])
        attachments.add_files(db, reported.id, [big_document(tmp_path)], progress_id=entry.id)
        assert [(a.name, a.progress_id) for a in attachments.attachments_of(db, reported.id)] == [
            ("现场照片.png", None), ("验收报告.pdf", entry.id)]
    finally:
        db.close()
