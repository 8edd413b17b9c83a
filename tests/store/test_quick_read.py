"""The start-up read (stdlib sqlite3, read-only) sees exactly what the services see, or declines."""

import datetime as dt
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.plan import Target
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import plans, progress, tasks, units
from ecodesk.services.importing import import_document
from ecodesk.store.quick_read import read_snapshot
from tests.field_edits import EDITS, edit_every_field, plan_with_a_task


def newest(infos: list) -> int | None:
    return infos[0].id if infos else None


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rich_plan(db) -> int:
    """Units (one inactive, with a short name), targets, three levels, deadlines, statuses and progress."""
    info = plans.create_plan(db, year=2021, title="2021年工作要点", bureau="南昌市新建生态环境局")
    units.add_unit(db, "综合股", short_name="综合")
    units.add_unit(db, "生态股")
    retired = units.add_unit(db, "执法分局")
    plans.set_targets(db, info.id, [Target("PM2.5 年均浓度 34 微克/立方米以下", "环境空气"), Target("优良天数 90%")])
    chapter = tasks.add_task(db, info.id, title="深入打好污染防治攻坚战")
    task_id = tasks.add_task(
        db, info.id, parent_id=chapter, title="推进大气污染防治", measures="开展 VOCs 治理。\n加强扬尘管控。",
        lead=["综合股", "执法分局"], co=["生态股"], deadline=Deadline(dt.date(2021, 6, 30), "6月底前"), notes="重点",
    )
    tasks.add_task(db, info.id, parent_id=task_id, title="开放时限", deadline=Deadline(None, "长期坚持"))
    tasks.add_task(db, info.id, parent_id=chapter, title="无时限", lead=["生态股"])
    tasks.add_task(db, info.id, title="第二章")
    tasks.update_task(db, task_id, TaskChanges.named(percent=40, status=Status.IN_PROGRESS))
    progress.add_progress(db, task_id, date=dt.date(2021, 5, 10), text="已完成方案编制", percent=60, unit="综合股")
    progress.add_progress(db, task_id, date=dt.date(2021, 3, 1), text="已部署", status=Status.IN_PROGRESS)
    progress.add_progress(db, chapter, date=dt.date(2021, 3, 1), text="同日第二条")
    assert retired.id is not None
    units.set_unit_active(db, retired.id, False)
    plans.create_plan(db, year=2022)  # a second plan: the list and the choice must both match
    return info.id


def test_snapshot_equals_the_services_on_a_plan_with_everything(db, db_path) -> None:
    plan_id = rich_plan(db)
    snap = read_snapshot(str(db_path), lambda infos: plan_id)
    assert snap is not None
    assert snap.path == db_path.resolve()
    assert snap.plans == plans.list_plans(db)
    assert snap.plan_id == plan_id
    assert snap.tree == plans.load_plan(db, plan_id)
    assert [e.text for e in snap.tree.find((1, 1)).progress] == ["已部署", "已完成方案编制"]


def test_snapshot_as_of_a_day_equals_the_services_as_of_that_day(db, db_path) -> None:
    plan_id = rich_plan(db)
    for day in (dt.date(2021, 3, 1), dt.date(2021, 6, 30), dt.date(2021, 12, 31)):
        snap = read_snapshot(str(db_path), lambda infos: plan_id, as_of=day)
        assert snap is not None and snap.tree == plans.load_plan(db, plan_id, as_of=day)
    # as of a day a parent stands where its children stand, whatever it was set to itself
    assert snap.tree.as_of == day and snap.tree.find((1, 1)).status is Status.NOT_STARTED


def test_snapshot_reads_every_task_field_as_the_services_do(db, db_path) -> None:
    """Both read paths take their columns from ecodesk.domain.task_fields: each field edited, both agree."""
    plan_id, task_id = plan_with_a_task(db)
    edit_every_field(db, task_id)
    snap = read_snapshot(str(db_path), lambda infos: plan_id)
    assert snap is not None and snap.tree == plans.load_plan(db, plan_id)
    [task] = snap.tree.tasks
    assert [edit.field.of(task) for edit in EDITS] == [edit.stored for edit in EDITS]


def test_snapshot_equals_the_services_on_an_imported_sample(db, db_path, samples_dir) -> None:
    outcome = import_document(db, samples_dir / "xinjian-2021-gongzuoyaodian.docx")
    snap = read_snapshot(str(db_path), newest)
    assert snap is not None and snap.plan_id == outcome.plan_id
    assert snap.plans == plans.list_plans(db)
    assert snap.tree == plans.load_plan(db, outcome.plan_id)
    assert sum(1 for _ in snap.tree.walk()) > 20


def test_a_database_without_plans_gives_an_empty_snapshot(db, db_path) -> None:
    snap = read_snapshot(str(db_path), newest)
    assert snap is not None and (snap.plans, snap.plan_id, snap.tree) == ([], None, None)


def test_reading_changes_nothing_in_the_file(db, db_path) -> None:
    rich_plan(db)
    db.close()
    before = digest(db_path)
    assert read_snapshot(str(db_path), newest) is not None
    assert digest(db_path) == before


def test_the_connection_cannot_write(db, db_path, monkeypatch) -> None:
    """`mode=ro`: even a bug in the reader could not change the file."""
    rich_plan(db)
    db.close()
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def spy(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(sqlite3, "connect", spy)
    assert read_snapshot(str(db_path), newest) is not None
    [conn] = opened
    with pytest.raises(sqlite3.Error):
        conn.execute("DELETE FROM tasks")  # closed, and read-only besides
    probe = real_connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    with closing(probe), pytest.raises(sqlite3.OperationalError, match="readonly"):
        probe.execute("DELETE FROM tasks")


def test_another_schema_revision_is_declined(db, db_path) -> None:
    rich_plan(db)
    db.close()
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    before = digest(db_path)
    assert read_snapshot(str(db_path), newest) is None
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    assert read_snapshot(str(db_path), newest) is None
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("DROP TABLE alembic_version")
    assert read_snapshot(str(db_path), newest) is None
    assert before != digest(db_path)  # (the edits above), but the reads themselves wrote nothing:
    after = digest(db_path)
    read_snapshot(str(db_path), newest)
    assert digest(db_path) == after


def test_what_needs_the_ordinary_open_is_declined(tmp_path) -> None:
    assert read_snapshot(str(tmp_path / "missing.sqlite"), newest) is None
    assert not (tmp_path / "missing.sqlite").exists()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert read_snapshot(str(empty), newest) is None
    text = tmp_path / "notes.txt"
    text.write_text("不是数据库", encoding="utf-8")
    assert read_snapshot(str(text), newest) is None
    assert read_snapshot("postgresql://clerk@server/ecodesk", newest) is None
    assert read_snapshot(str(tmp_path), newest) is None


def test_a_plan_deleted_under_the_choice_is_declined(db, db_path) -> None:
    rich_plan(db)
    assert read_snapshot(str(db_path), lambda infos: 999) is None


def test_a_locked_database_is_declined(db, db_path) -> None:
    rich_plan(db)
    db.close()
    with closing(sqlite3.connect(db_path, timeout=0)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("BEGIN EXCLUSIVE")
        assert read_snapshot(str(db_path), newest) is None
        conn.rollback()


def test_the_schema_head_is_known_without_sqlalchemy() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    code = ("import sys; from ecodesk.store import quick_read, schema_version; "
            "print(schema_version.SCHEMA_HEAD, 'sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env).stdout.split()
    from ecodesk.store.migrate import SCHEMA_HEAD

    assert out == [SCHEMA_HEAD, "False"]
