"""Every change any service makes leaves audit rows (who, when, what, old → new), on both databases.

The list of mutating services is checked against the code: a new function that opens a write
session without being exercised here fails the test, so audit coverage cannot silently erode.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

import ecodesk.services
from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.pace import SUQIAN
from ecodesk.domain.plan import PlanTree, Target, TargetValue, TaskNode
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import (
    attachments,
    audit,
    collection,
    extensions,
    periods,
    plans,
    progress,
    rollover,
    targets,
    tasks,
    tree,
    units,
    urgings,
)
from ecodesk.store.db import Database
from ecodesk.store.models import AuditRow, Base
from tests.attach.files import photo
from tests.collect.returns import fill


def mutating_services() -> set[str]:
    """module.function for every public service function that opens a write transaction."""
    found = set()
    for info in pkgutil.iter_modules(ecodesk.services.__path__):
        module = importlib.import_module(f"ecodesk.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            public = fn.__module__ == module.__name__ and not name.startswith("_")
            if public and "db.session()" in inspect.getsource(fn):
                found.add(f"{info.name}.{name}")
    return found


# Accounts exist on a server only; tests/server/test_roles.py checks that each of these is audited.
SERVER_ACCOUNTS = {"accounts.init_server", "accounts.add_user", "accounts.set_user_enabled",
                   "accounts.set_user_password"}


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every data row (the audit log itself aside), to tell whether a call changed anything."""
    with db.reader() as s:
        return {t.name: sorted(map(tuple, s.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables if t.name != AuditRow.__tablename__}


def audit_count(db: Database) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(AuditRow))


def test_every_change_is_audited(target_db: Database, tmp_path: Path) -> None:
    db = target_db
    exercised: set[str] = set()
    latest: dict[str, object] = {}

    def step(name: str, call: Callable[[], object]) -> object:
        before, count = snapshot(db), audit_count(db)
        result = call()
        assert snapshot(db) != before, f"{name} changed nothing: the scenario is wrong"
        assert audit_count(db) > count, f"{name} changed data without an audit row"
        exercised.add(name)
        latest[name] = result
        return result

    plan = step("plans.create_plan", lambda: plans.create_plan(db, year=2025, bureau="测试局"))
    step("plans.edit_plan", lambda: plans.edit_plan(db, plan.id, title="新标题", bureau="测试二局"))
    step("plans.edit_plan", lambda: plans.edit_plan(db, plan.id, bureau="测试局"))
    step("plans.set_targets", lambda: plans.set_targets(db, plan.id, [Target("PM2.5 下降")]))
    step("targets.set_target_value",
         lambda: targets.set_target_value(db, plan.id, 1, TargetValue("2025-H1", "26 μg/m³", True)))
    step("periods.set_monthly", lambda: periods.set_monthly(db, plan.id, True))
    step("periods.set_period_due", lambda: periods.set_period_due(db, plan.id, "2025-H1", dt.date(2025, 7, 10)))
    step("periods.set_pace_rule", lambda: periods.set_pace_rule(db, plan.id, SUQIAN))
    a = step("units.add_unit", lambda: units.add_unit(db, "综合股", bureau="测试局"))
    b = step("units.add_unit", lambda: units.add_unit(db, "执法大队", bureau="测试局"))
    step("units.rename_unit", lambda: units.rename_unit(db, a.id, "综合股", short_name="综合"))
    step("units.reorder_units", lambda: units.reorder_units(db, [b.id, a.id]))
    step("units.set_unit_active", lambda: units.set_unit_active(db, b.id, False))
    first = step("tasks.add_task", lambda: tasks.add_task(db, plan.id, title="甲", lead=["综合股"]))
    second = step("tasks.add_task", lambda: tasks.add_task(db, plan.id, title="乙"))
    step("tasks.update_task", lambda: tasks.update_task(db, first, TaskChanges.named(
        measures="措施", percent=10, co_units=["执法大队"], deadline=Deadline(dt.date(2025, 6, 30), "6月底前"))))
    edited = tasks.update_task(db, second, TaskChanges.named(percent=30))
    step("tasks.undo_update", lambda: tasks.undo_update(db, second, TaskChanges.named(percent=0),
                                                        expected_version=edited.version))
    day = dt.date(2025, 3, 1)
    entry = step("progress.add_progress", lambda: progress.add_progress(db, first, date=day, text="进展"))
    step("progress.add_progress_read", lambda: progress.add_progress_read(db, second, date=day, text="窗口里的进展"))
    step("progress.add_reported", lambda: progress.add_reported(
        db, plan.id, [progress.Reported(second, "报告中的进展")], date=dt.date(2025, 6, 30)))
    step("progress.delete_progress",
         lambda: progress.delete_progress(db, entry.id))
    extended = step("extensions.extend_deadline", lambda: extensions.extend_deadline(
        db, first, Deadline(dt.date(2025, 9, 30), "9月底前"), "资金未到位"))
    step("extensions.undo_extension",
         lambda: extensions.undo_extension(db, first, expected_version=extended.version))  # type: ignore[attr-defined]
    [sent] = collection.send_forms(db, plan.id, "2025-H1", tmp_path, ["综合股"])
    returned = collection.preview_return(db, plan.id, fill(sent, {0: ("征集表报来的进展", 20, None)}))
    step("collection.receive_return", lambda: collection.receive_return(db, returned))
    step("urgings.issue_notices", lambda: urgings.issue_notices(db, plan.id, dt.date(2025, 6, 30), tmp_path / "督办"))
    photo(tmp_path)
    [file] = step("attachments.add_files", lambda: attachments.add_files(db, first, [tmp_path / "现场照片.png"]))
    for change in (attachments.remove, attachments.bring_back):  # one door (_mark) for both: audited each
        count = audit_count(db)
        change(db, [file.id])
        assert audit_count(db) == count + 1
    attachments.remove(db, [file.id])
    step("attachments.purge", lambda: attachments.purge(db))
    step("tree.move_down", lambda: tree.move_down(db, first))
    step("tree.move_up", lambda: tree.move_up(db, first))
    step("tree.indent", lambda: tree.indent(db, second))
    step("tree.outdent", lambda: tree.outdent(db, second))
    step("tree.move_task", lambda: tree.move_task(db, second, first, 0))
    snap = step("tree.delete_task", lambda: tree.delete_task(db, first))
    step("tree.restore_task", lambda: tree.restore_task(db, snap))
    step("units.merge_units", lambda: units.merge_units(db, b.id, a.id))
    imported = PlanTree(year=2026, title="导入", bureau="测试局", tasks=[TaskNode(title="导入的任务")])
    step("plans.save_plan", lambda: plans.save_plan(db, imported))
    draft = step("rollover.rollover_plan", lambda: rollover.rollover_plan(db, plan, 2027))
    step("plans.edit_plan", lambda: plans.edit_plan(db, draft.plan.id, draft=False))  # type: ignore[attr-defined]

    assert exercised == mutating_services() - SERVER_ACCOUNTS
    entries = audit.plan_log(db, plan.id)
    assert all(e.who and e.at for e in entries)
    assert ("update", "percent", "0", "10") in [(e.action, e.field, e.old, e.new) for e in entries]
    task_only = audit.plan_log(db, plan.id, task_id=first)
    assert {e.entity for e in task_only} == {"task", "progress", "attachment"}
