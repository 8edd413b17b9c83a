"""One door for edits: each command says what it changed (Changes) and the window refreshes just that.

Counted on the real window: the model's signals (rows repainted with dataChanged against rows removed and
inserted) and the SQL statements sent (a whole-plan read lists every task of the plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import event

from ecodesk.domain.changes import EVERYTHING, STRUCTURE, TARGETS, Changes, tasks_changed
from ecodesk.domain.plan import ProgressEntry, Target
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui import commands
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.task_model import LATEST_COLUMN, STATUS_COLUMN, TITLE_COLUMN
from tests.gui.conftest import stored
from tests.gui.helpers import add, new_plan, select


@dataclass
class Seen:
    """What the window did during one edit."""

    repainted: set[int] = field(default_factory=set)  # task ids whose row emitted dataChanged
    rows_removed: int = 0
    rows_inserted: int = 0
    resets: int = 0
    statements: list[str] = field(default_factory=list)
    refreshed: list[Changes] = field(default_factory=list)

    @property
    def whole_plan_reads(self) -> int:
        return sum(1 for s in self.statements if "FROM tasks" in s and "tasks.plan_id =" in s)


@contextmanager
def watching(window: MainWindow) -> Iterator[Seen]:
    seen = Seen()
    model = window.model

    def data_changed(top, bottom, _roles=()) -> None:  # type: ignore[no-untyped-def]
        seen.repainted.add(model.task_id_of(top))

    def statement(_conn, _cursor, text, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.statements.append(text)

    slots = [(model.dataChanged, data_changed), (model.rowsRemoved, lambda *_: _bump(seen, "rows_removed")),
             (model.rowsInserted, lambda *_: _bump(seen, "rows_inserted")),
             (model.modelReset, lambda: _bump(seen, "resets")),
             (window.ws.changed, lambda _focus, changes: seen.refreshed.append(changes))]
    for signal, slot in slots:
        signal.connect(slot)
    engine = window.ws.db.engine
    event.listen(engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        for signal, slot in slots:
            signal.disconnect(slot)


def _bump(seen: Seen, name: str) -> None:
    setattr(seen, name, getattr(seen, name) + 1)


def _plan_of_three(window: MainWindow) -> tuple[int, int, int]:
    new_plan(window)
    first = add(window, "大气污染防治")
    second = add(window, "水污染防治")
    third = add(window, "土壤污染防治")
    assert first.id and second.id and third.id
    return first.id, second.id, third.id


def test_a_field_edit_repaints_its_row_and_reads_no_plan(window: MainWindow) -> None:
    QAbstractItemModelTester(window.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    _first, second, _third = _plan_of_three(window)
    with watching(window) as seen:
        window.edit_task(second, TaskChanges.named(title="水污染防治攻坚", status=Status.IN_PROGRESS))
    assert seen.refreshed == [tasks_changed(second)]
    assert seen.repainted == {second}
    assert (seen.rows_removed, seen.rows_inserted, seen.resets) == (0, 0, 0)
    assert seen.whole_plan_reads == 0
    assert window.model.index_of(second, TITLE_COLUMN).data() == "水污染防治攻坚"
    assert window.detail.isEnabled() and window.current_id() == second


def test_a_title_repaints_its_own_row_a_status_the_rows_above_too(window: MainWindow) -> None:
    """A parent row sums up the status and 序时 of the tasks below it: a status edit of a sub-task repaints the
    parent's “1/1 已完成” with it; its title (or measures, notes, units) is in its own row only."""
    new_plan(window)
    parent = add(window, "大气污染防治")
    child = add(window, "PM2.5 治理", child=True)
    assert parent.id and child.id
    with watching(window) as seen:
        window.edit_task(child.id, TaskChanges.named(title="PM2.5 与臭氧协同治理"))
    assert seen.refreshed == [tasks_changed(child.id, paced=False)]
    assert seen.repainted == {child.id}
    with watching(window) as seen:
        window.edit_task(child.id, TaskChanges.named(status=Status.DONE))
    assert seen.refreshed == [tasks_changed(child.id)]
    assert seen.repainted == {child.id, parent.id}
    assert window.model.index_of(parent.id, STATUS_COLUMN).data() == "1/1 已完成"
    assert window.count_label.text().startswith("全部 1 项末级任务：已完成 1")
    with watching(window) as seen:
        window.ws.undo_stack.undo()
        window.ws.undo_stack.undo()
    assert seen.repainted == {child.id, parent.id}
    assert window.model.index_of(child.id, TITLE_COLUMN).data() == "PM2.5 治理"
    assert window.model.index_of(parent.id, STATUS_COLUMN).data() == "0/1 已完成"


def test_a_progress_report_repaints_its_row_and_lists_the_report(window: MainWindow) -> None:
    _first, second, _third = _plan_of_three(window)
    task = select(window, "水污染防治")
    entry = ProgressEntry(date=dt.date(2021, 6, 1), text="已完成排查", percent=40, unit="")
    with watching(window) as seen:
        window.ws.execute(commands.AddProgress(window.ws, task, entry))
    assert seen.refreshed == [tasks_changed(second, progress=True)]
    assert seen.repainted == {second} and (seen.rows_removed, seen.rows_inserted) == (0, 0)
    assert seen.whole_plan_reads == 0
    assert window.model.index_of(second, LATEST_COLUMN).data() == "6月1日 已完成排查"
    assert window.ws.tree is not None and next(t for t in window.ws.tree.walk() if t.id == second).percent == 40
    assert not [s for s in seen.statements if s.startswith("SELECT") and "FROM progress_updates" in s]  # shown


def test_undoing_a_progress_report_repaints_its_row_as_the_service_says(window: MainWindow) -> None:
    _first, second, _third = _plan_of_three(window)
    task = select(window, "水污染防治")
    window.ws.execute(commands.AddProgress(window.ws, task, ProgressEntry(dt.date(2021, 6, 1), "已完成排查", 40, "")))
    with watching(window) as seen:
        window.ws.undo_stack.undo()
    assert seen.refreshed == [tasks_changed(second, progress=True)]  # what services.progress.delete_progress says
    assert seen.repainted == {second} and (seen.rows_removed, seen.rows_inserted, seen.resets) == (0, 0, 0)
    assert seen.whole_plan_reads == 0
    assert window.model.index_of(second, LATEST_COLUMN).data() == ""
    assert next(t for t in window.ws.tree.walk() if t.id == second).percent == 0  # type: ignore[union-attr]


def test_a_structure_change_rebuilds_the_rows_from_one_plan_read(window: MainWindow) -> None:
    _plan_of_three(window)
    with watching(window) as seen:
        add(window, "生态保护")
    assert STRUCTURE in seen.refreshed
    assert seen.rows_inserted > 0 and seen.whole_plan_reads >= 1


def test_targets_alone_touch_no_task_row(window: MainWindow, db_path) -> None:  # type: ignore[no-untyped-def]
    _plan_of_three(window)
    with watching(window) as seen:
        window.set_targets([], [Target("PM2.5 浓度控制在 30 微克/立方米以下", "")])
    assert seen.refreshed == [TARGETS]
    assert seen.repainted == set() and (seen.rows_removed, seen.rows_inserted) == (0, 0)
    assert seen.whole_plan_reads == 0
    assert window.ws.tree is not None
    assert [t.text for t in window.ws.tree.targets] == ["PM2.5 浓度控制在 30 微克/立方米以下"]


def test_undo_and_redo_pass_the_door_across_structure_changes(window: MainWindow, db_path) -> None:  # type: ignore[no-untyped-def]
    QAbstractItemModelTester(window.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    _first, second, _third = _plan_of_three(window)
    plan_id = window.ws.plan_id
    added = add(window, "生态保护")
    window.edit_task(second, TaskChanges.named(title="水污染防治攻坚"))
    stack = window.ws.undo_stack
    with watching(window) as seen:
        stack.undo()  # the title: one row
        stack.undo()  # the new task's name, typed in place: its row
        stack.undo()  # the added task: the shape
    assert seen.refreshed == [tasks_changed(second, paced=False), tasks_changed(added.id, paced=False),  # type: ignore[arg-type]
                              STRUCTURE]
    assert [t.title for t in stored(db_path, plan_id).walk()] == ["大气污染防治", "水污染防治", "土壤污染防治"]
    for _step in range(3):
        stack.redo()
    shown = [(t.number, t.title) for t in window.ws.tree.walk()]  # type: ignore[union-attr]
    assert shown == [(t.number, t.title) for t in stored(db_path, plan_id).walk()]
    assert ("四、", "生态保护") in shown and ("二、", "水污染防治攻坚") in shown
    assert added.id in {t.id for t in window.ws.tree.walk()}  # type: ignore[union-attr]


def test_refresh_f5_reads_everything(window: MainWindow) -> None:
    _plan_of_three(window)
    with watching(window) as seen:
        window.reload_action.trigger()
    assert seen.refreshed == [EVERYTHING] and seen.whole_plan_reads >= 1
