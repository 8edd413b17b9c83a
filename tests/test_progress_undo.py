"""delete_progress: the undo of add_progress puts the task's status and percent back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecodesk.domain.errors import NotFoundError
from ecodesk.domain.status import Status
from ecodesk.services.plans import create_plan
from ecodesk.services.progress import add_progress, delete_progress, list_progress
from ecodesk.services.tasks import add_task, get_task
from ecodesk.store.db import open_database


def test_delete_progress_restores_status_and_percent(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "db.sqlite"))
    task_id = add_task(db, create_plan(db, year=2021).id, title="大气")
    entry = add_progress(db, task_id, date=dt.date(2021, 6, 1), text="完成", percent=100)
    assert get_task(db, task_id).status is Status.DONE
    assert entry.id is not None
    delete_progress(db, entry.id)
    task = get_task(db, task_id)
    assert (task.status, task.percent, list_progress(db, task_id)) == (Status.NOT_STARTED, 0, [])
    with pytest.raises(NotFoundError):
        delete_progress(db, entry.id)
