"""Undoable edits. Each command calls services only; the database is written at once, one transaction a step.

`apply` runs for the first time inside `Workspace.execute` (so a refused edit never reaches the stack);
QUndoStack's own first `redo` is skipped, later redo/undo steps go through `Workspace.step`, which
fails them as a first apply would (a conflict included). Each step says what it changed (a `Changes`),
and the window refreshes just that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoCommand

from ecodesk.domain.changes import ATTACHMENTS, STRUCTURE, Changes, tasks_changed
from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.plan import ProgressEntry, TaskNode
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.gui.workspace import Workspace
from ecodesk.services import attachments, extensions, progress, tasks, tree
from ecodesk.services.tree import Placement
from ecodesk.store.db import Database


class ServiceCommand(QUndoCommand):
    """Base: subclasses implement `apply` and `revert`; `focus` is the task to select afterwards."""

    def __init__(self, ws: Workspace, text: str) -> None:
        super().__init__(text)
        self.ws = ws
        self.focus: int | None = None
        self.fresh: dict[int, TaskNode] = {}  # tasks as the last step's service returned them (none re-read)
        self._first = True

    def apply(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.ws.step(self, self.apply)

    def undo(self) -> None:
        self.ws.step(self, self.revert)


class RestoreTask(ServiceCommand):
    """Put a deleted subtree back (恢复已删除任务), with its progress and ids; undo deletes it again."""

    def __init__(self, ws: Workspace, text: str, snapshot: dict[str, Any] | None) -> None:
        super().__init__(ws, text)
        self.snapshot = snapshot

    def apply(self) -> Changes:
        assert self.snapshot is not None
        self.focus = tree.restore_task(self.ws.db, self.snapshot)
        return STRUCTURE

    def revert(self) -> Changes:
        """Delete it again, unless another clerk has saved it (or added below it) since."""
        assert self.focus is not None
        self.snapshot = tree.delete_task(self.ws.db, self.focus, expected_version=self.ws.own_version)
        return STRUCTURE


class AddTask(RestoreTask):
    """Add a task; undo deletes it, redo restores the very same row (same id)."""

    def __init__(self, ws: Workspace, *, parent_id: int | None, index: int | None, title: str) -> None:
        super().__init__(ws, f"添加任务“{title}”", None)
        self.parent_id, self.index, self.title = parent_id, index, title

    def apply(self) -> Changes:
        if self.snapshot is not None:
            return super().apply()
        assert self.ws.plan_id is not None
        self.focus = tasks.add_task(self.ws.db, self.ws.plan_id, title=self.title, parent_id=self.parent_id,
                                    index=self.index)
        return STRUCTURE


class DeleteTask(ServiceCommand):
    """Delete a subtree; undo restores it with its progress and ids."""

    def __init__(self, ws: Workspace, task: TaskNode, *, then_select: int | None) -> None:
        super().__init__(ws, f"删除任务“{task.title}”")
        self.task_id = task.id
        self.then_select = then_select
        self.snapshot: dict[str, Any] = {}

    def apply(self) -> Changes:
        assert self.task_id is not None
        self.snapshot = tree.delete_task(self.ws.db, self.task_id)
        self.focus = self.then_select
        return STRUCTURE

    def revert(self) -> Changes:
        self.focus = tree.restore_task(self.ws.db, self.snapshot)
        return STRUCTURE


class EditTask(ServiceCommand):
    """Change some fields of a task; undo puts the old values back.

    Every step expects a version, so neither the edit nor its undo or redo silently overwrites what
    another clerk saved meanwhile (ConflictError: the fresh task is reloaded and the clerk chooses).
    The first apply expects the version the window showed; undo and redo the one this window's last
    own write of the task produced (Workspace.own_version), which later edits of the same task, moves
    and progress reports of this window (all undone before this one) may have moved on.
    `wanted` is what the step being run writes: the new values, or the old ones on undo.
    """

    def __init__(self, ws: Workspace, task: TaskNode, changes: TaskChanges, text: str | None = None,
                 date: dt.date | None = None) -> None:
        super().__init__(ws, text or changes.edit_text)
        assert task.id is not None
        self.focus = task.id
        self.version = task.version
        self.new = changes
        self.old = changes.current(task)
        self.wanted = changes
        self.date = date  # the day a status or percent set takes effect (None: the day it is written)

    def apply(self) -> Changes:
        self.wanted = self.new
        return self._write(lambda expected: tasks.update_task(
            self.ws.db, self.focus, self.new, expected_version=expected, date=self.date,  # type: ignore[arg-type]
            shown=self.ws.shown_task(self.focus)))  # type: ignore[arg-type]

    def revert(self) -> Changes:
        """The old values back, and the dated change the edit recorded taken back (none left behind)."""
        self.wanted = self.old
        return self._write(lambda expected: tasks.undo_update(self.ws.db, self.focus, self.old,  # type: ignore[arg-type]
                                                              expected_version=expected))

    def _write(self, write: Callable[[int | None], TaskNode]) -> Changes:
        assert self.focus is not None
        expected = self.version if self._first else self.ws.own_version(self.focus)
        self.fresh = {self.focus: write(expected)}
        return tasks_changed(self.focus, paced=self.wanted.paced)


class ExtendDeadline(ServiceCommand):
    """Record a 延期 (the new deadline, the reason, the approval date); undo takes that 延期 back and puts
    the deadline it replaced back. Versions are checked as for EditTask."""

    def __init__(self, ws: Workspace, task: TaskNode, new: Deadline, reason: str,
                 approved_on: dt.date | None) -> None:
        super().__init__(ws, f"延期“{task.title}”")
        assert task.id is not None
        self.focus, self.version = task.id, task.version
        self.new, self.reason, self.approved_on = new, reason, approved_on

    def apply(self) -> Changes:
        assert self.focus is not None
        expected = self.version if self._first else self.ws.own_version(self.focus)
        self.fresh = {self.focus: extensions.extend_deadline(self.ws.db, self.focus, self.new, self.reason,
                                                             approved_on=self.approved_on,
                                                             expected_version=expected)}
        return tasks_changed(self.focus)

    def revert(self) -> Changes:
        assert self.focus is not None
        self.fresh = {self.focus: extensions.undo_extension(self.ws.db, self.focus,
                                                            expected_version=self.ws.own_version(self.focus))}
        return tasks_changed(self.focus)


Mover = Callable[[Database, int], Placement]


class MoveTask(ServiceCommand):
    """Indent, outdent, move up/down or drop elsewhere; undo moves it back to where it was."""

    def __init__(self, ws: Workspace, task_id: int, text: str, mover: Mover) -> None:
        super().__init__(ws, text)
        self.focus = task_id
        self.mover = mover
        self.before: Placement | None = None

    def apply(self) -> Changes:
        assert self.focus is not None
        self.before = self.mover(self.ws.db, self.focus)
        return STRUCTURE

    def revert(self) -> Changes:
        assert self.focus is not None and self.before is not None
        tree.move_task(self.ws.db, self.focus, self.before.parent_id, self.before.index)
        return STRUCTURE


class AddProgress(ServiceCommand):
    """Record an update (status and percent may follow it); undo removes it and the dated change it came
    with, so both are as before, unless someone else has saved the task since (ConflictError, as for EditTask)."""

    def __init__(self, ws: Workspace, task: TaskNode, entry: ProgressEntry) -> None:
        super().__init__(ws, "添加进展")
        self.focus = task.id
        self.entry = entry
        self.added_id: int | None = None

    def apply(self) -> Changes:
        assert self.focus is not None
        e = self.entry
        added, task = progress.add_progress_read(self.ws.db, self.focus, date=e.date, text=e.text, percent=e.percent,
                                                 unit=e.unit, shown=self.ws.shown_task(self.focus))
        self.added_id, self.fresh = added.id, {self.focus: task}
        return tasks_changed(self.focus, progress=True)

    def revert(self) -> Changes:
        assert self.added_id is not None and self.focus is not None
        self.fresh = {}  # the task is read again
        return progress.delete_progress(self.ws.db, self.added_id, expected_version=self.ws.own_version(self.focus))


class Reversible(ServiceCommand):
    """A service call and the call that takes it back, for edits whose undo needs no state of its own.
    Each says what it changed (services returning their Changes), or `changes` says it for services that
    return what they wrote instead (a Unit, a PlanInfo)."""

    def __init__(self, ws: Workspace, text: str, do: Callable[[], object], undo: Callable[[], object],
                 changes: Changes | None = None) -> None:
        super().__init__(ws, text)
        self._do, self._undo, self._changes = do, undo, changes

    def apply(self) -> Changes:
        return self._said(self._do())

    def revert(self) -> Changes:
        return self._said(self._undo())

    def _said(self, returned: object) -> Changes:
        if self._changes is not None:
            return self._changes
        assert isinstance(returned, Changes), f"{self.text()}: the service says no Changes"
        return returned


class AddAttachments(ServiceCommand):
    """Attach files to a task or to one of its updates; undo takes them off, redo puts the same ones back
    (their content stays stored in between, so redo reads no file again)."""

    def __init__(self, ws: Workspace, task_id: int, paths: list[Path], progress_id: int | None = None) -> None:
        count = f"{len(paths)} 个文件" if len(paths) > 1 else f"“{paths[0].name}”" if paths else ""
        super().__init__(ws, f"添加附件{count}")
        self.focus, self.paths, self.progress_id = task_id, paths, progress_id
        self.added: list[int] = []

    def apply(self) -> Changes:
        if self.added:
            return attachments.bring_back(self.ws.db, self.added)
        assert self.focus is not None
        made = attachments.add_files(self.ws.db, self.focus, self.paths, progress_id=self.progress_id)
        self.added = [item.id for item in made]
        return ATTACHMENTS

    def revert(self) -> Changes:
        return attachments.remove(self.ws.db, self.added)


class RemoveAttachments(ServiceCommand):
    """Take files off their task; undo brings them back as they were."""

    def __init__(self, ws: Workspace, task_id: int, ids: list[int], names: list[str]) -> None:
        super().__init__(ws, f"删除附件“{names[0]}”" if len(names) == 1 else f"删除 {len(names)} 个附件")
        self.focus, self.ids = task_id, ids

    def apply(self) -> Changes:
        return attachments.remove(self.ws.db, self.ids)

    def revert(self) -> Changes:
        return attachments.bring_back(self.ws.db, self.ids)
