"""Undo and redo never overwrite what another clerk saved since: they expect the version their own step
produced, as the first edit expects the one the window showed (issue 13, item 4).

Clerk A is a Workspace on one Database object, clerk B another Database object on the same SQLite file
or PostgreSQL database (tests/targets.py) — the same mechanism either way: version counters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecodesk.domain.errors import ConflictError, UserError
from ecodesk.domain.plan import ProgressEntry, TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import commands
from ecodesk.gui.commands import ServiceCommand
from ecodesk.gui.conflict_dialog import KEEP_MINE, TAKE_THEIRS
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.workspace import Workspace
from ecodesk.services import plans, tasks, tree
from ecodesk.store.db import Database, open_database
from tests.gui.conftest import Messages, stored
from tests.gui.helpers import add, answer_conflicts, new_plan, saved_by_another_clerk
from tests.targets import db_target

__all__ = ["db_target"]


class ClerkA:
    """A workspace on its own Database object, recording conflicts and other errors instead of asking."""

    def __init__(self, target: str) -> None:
        self.ws = Workspace(open_database(target))
        self.conflicts: list[tuple[ServiceCommand, ConflictError]] = []
        self.errors: list[UserError] = []
        self.ws.resolve_conflict = lambda command, err: self.conflicts.append((command, err))
        self.ws.report = self.errors.append

    def task(self, title: str) -> TaskNode:
        assert self.ws.tree is not None
        return next(t for t in self.ws.tree.walk() if t.title == title)


@pytest.fixture
def clerks(qapp: object, db_target: str) -> Iterator[tuple[ClerkA, Database]]:
    """Clerk A's window-less workspace showing a 2021 plan of two tasks, and clerk B's database."""
    b = open_database(db_target)
    plan_id = plans.create_plan(b, year=2021).id
    for title in ("大气污染防治", "水污染防治"):
        tasks.add_task(b, plan_id, title=title, notes="原备注")
    a = ClerkA(db_target)
    a.ws.open_plan(plan_id)
    yield a, b
    a.ws.close()
    b.close()


def test_undo_after_another_clerk_saved_the_task_is_a_conflict(clerks: tuple[ClerkA, Database]) -> None:
    a, b = clerks
    task = a.task("大气污染防治")
    assert a.ws.execute(commands.EditTask(a.ws, task, TaskChanges.named(notes="A 的备注")))
    assert task.id is not None
    tasks.update_task(b, task.id, TaskChanges.named(notes="B 的备注"))  # B saves after A, from another process

    a.ws.undo_stack.undo()  # Ctrl+Z in A's window
    assert tasks.get_task(b, task.id).notes == "B 的备注"
    [(command, err)] = a.conflicts
    assert isinstance(command, commands.EditTask) and command.wanted == TaskChanges.named(notes="原备注")
    assert isinstance(err.current, TaskNode) and err.current.notes == "B 的备注"
    assert a.task("大气污染防治").notes == "B 的备注"  # A's window shows what B saved

    a.ws.undo_stack.redo()  # and Ctrl+Y does not write A's value over B's either
    assert tasks.get_task(b, task.id).notes == "B 的备注"
    assert len(a.conflicts) == 2 and a.conflicts[1][0].wanted == TaskChanges.named(notes="A 的备注")  # type: ignore[attr-defined]
    assert a.errors == []


def test_redo_after_another_clerk_saved_the_task_is_a_conflict(clerks: tuple[ClerkA, Database]) -> None:
    a, b = clerks
    task = a.task("水污染防治")
    assert task.id is not None
    assert a.ws.execute(commands.EditTask(a.ws, task, TaskChanges.named(title="水环境治理")))
    a.ws.undo_stack.undo()
    tasks.update_task(b, task.id, TaskChanges.named(title="水生态保护"))
    a.ws.undo_stack.redo()
    assert tasks.get_task(b, task.id).title == "水生态保护"
    assert [err.current.title for _c, err in a.conflicts] == ["水生态保护"]  # type: ignore[attr-defined]


def test_own_later_steps_on_the_task_are_no_conflict(clerks: tuple[ClerkA, Database]) -> None:
    """This window's later edits, moves and reports on the same task move its version on too; they are
    undone before the edit is, and must not make its undo look like someone else's save."""
    a, b = clerks
    air, water = a.task("大气污染防治"), a.task("水污染防治")
    assert air.id is not None and water.id is not None
    steps = [
        lambda: commands.EditTask(a.ws, a.task("大气污染防治"), TaskChanges.named(notes="第一次")),
        lambda: commands.EditTask(a.ws, a.task("大气污染防治"),
                                  TaskChanges.named(title="大气环境治理", notes="第二次")),
        lambda: commands.MoveTask(a.ws, air.id, "下移", tree.move_down),  # water's version moves as well
        lambda: commands.EditTask(a.ws, a.task("水污染防治"), TaskChanges.named(notes="水")),
        lambda: commands.AddProgress(a.ws, a.task("大气环境治理"), ProgressEntry(dt.date(2021, 5, 1), "已启动", 30)),
    ]
    for make in steps:
        assert a.ws.execute(make())
    edited = [(t.title, t.notes, t.percent) for t in plans.load_plan(b, a.ws.plan_id).walk()]  # type: ignore[arg-type]
    assert edited == [("水污染防治", "水", 0), ("大气环境治理", "第二次", 30)]
    for _ in steps:
        a.ws.undo_stack.undo()
    original = [(t.title, t.notes, t.percent) for t in plans.load_plan(b, a.ws.plan_id).walk()]  # type: ignore[arg-type]
    assert original == [("大气污染防治", "原备注", 0), ("水污染防治", "原备注", 0)]
    for _ in steps:
        a.ws.undo_stack.redo()
    assert [(t.title, t.notes, t.percent) for t in plans.load_plan(b, a.ws.plan_id).walk()] == edited  # type: ignore[arg-type]
    assert a.conflicts == [] and a.errors == []


@pytest.mark.parametrize(("choice", "kept"), [(KEEP_MINE, ""), (TAKE_THEIRS, "B 的备注")])
def test_the_window_asks_which_version_to_keep_when_undo_meets_a_later_save(
        window: MainWindow, db_path: Path, messages: Messages, monkeypatch: pytest.MonkeyPatch,
        choice: int, kept: str) -> None:
    plan_id = new_plan(window)
    task = add(window, "大气污染防治")
    window.detail.notes_edit.setPlainText("A 的备注")
    window.detail.notes_edit.committed.emit("A 的备注")
    saved_by_another_clerk(db_path, task.id, notes="B 的备注")
    seen = answer_conflicts(monkeypatch, choice)
    window.undo_action.trigger()
    assert seen == [["备注", "B 的备注", "（空）"]] and messages.shown == []
    assert stored(db_path, plan_id).tasks[0].notes == kept


def test_undoing_a_report_keeps_a_status_another_clerk_saved_since(clerks: tuple[ClerkA, Database]) -> None:
    a, b = clerks
    task = a.task("大气污染防治")
    assert task.id is not None
    assert a.ws.execute(commands.AddProgress(a.ws, task, ProgressEntry(dt.date(2021, 5, 1), "方案已报审", 30)))
    tasks.update_task(b, task.id, TaskChanges.named(status=Status.DONE, percent=100))
    a.ws.undo_stack.undo()
    kept = tasks.get_task(b, task.id)
    assert (kept.status.value, kept.percent, [p.text for p in kept.progress]) == ("已完成", 100, ["方案已报审"])
    [(command, err)] = a.conflicts
    assert isinstance(command, commands.AddProgress) and "未撤销这条进展" in str(err)


@pytest.mark.parametrize("their_change", ["edit", "child"])
def test_undoing_an_added_task_keeps_what_another_clerk_saved_in_it(clerks: tuple[ClerkA, Database],
                                                                    their_change: str) -> None:
    """Ctrl+Z of 添加任务 deletes the task only as this window left it: once another clerk has written in it
    or added a task below it, the undo is refused and their work stays."""
    a, b = clerks
    assert a.ws.execute(commands.AddTask(a.ws, parent_id=None, index=None, title="土壤污染防治"))
    added = a.task("土壤污染防治")
    assert added.id is not None
    assert a.ws.execute(commands.EditTask(a.ws, added, TaskChanges.named(notes="A 的备注")))  # own edits: no conflict
    if their_change == "edit":
        tasks.update_task(b, added.id, TaskChanges.named(notes="B 的备注"))
    else:
        tasks.add_task(b, a.ws.plan_id, title="B 的下级任务", parent_id=added.id)  # type: ignore[arg-type]

    a.ws.undo_stack.undo()  # A's note taken back (when B did not overwrite it)…
    a.ws.undo_stack.undo()  # …then the task itself: refused
    titles = [t.title for t in plans.load_plan(b, a.ws.plan_id).walk()]  # type: ignore[arg-type]
    assert "土壤污染防治" in titles and ("B 的下级任务" in titles) is (their_change == "child")
    assert any("未撤销" in str(err) for _command, err in a.conflicts)


def test_undoing_an_added_task_nobody_else_touched_deletes_it(clerks: tuple[ClerkA, Database]) -> None:
    a, b = clerks
    assert a.ws.execute(commands.AddTask(a.ws, parent_id=None, index=None, title="土壤污染防治"))
    assert a.ws.execute(commands.AddTask(a.ws, parent_id=a.task("土壤污染防治").id, index=None, title="子任务"))
    a.ws.undo_stack.undo()
    a.ws.undo_stack.undo()
    assert [t.title for t in plans.load_plan(b, a.ws.plan_id).walk()] == ["大气污染防治", "水污染防治"]  # type: ignore[arg-type]
    a.ws.undo_stack.redo()  # and back, restored, then undone again: still its own
    a.ws.undo_stack.undo()
    assert a.conflicts == [] and a.errors == []
