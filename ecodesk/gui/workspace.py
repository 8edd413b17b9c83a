"""The open database and plan the window shows, and the one place edits pass through.

Every write of the window passes one of two doors: `execute` for an undoable edit (a command of
gui/commands.py), `perform` for a write that is not undone step by step (a plan created, an import, a
restore). Either runs one service call (one transaction), learns what it changed (a `Changes`), reports a
failure in one place, and `refresh` re-reads just that and emits `changed`, so each panel redraws only what it
shows of it (the Anki "operation did execute" pattern: qt/aqt/operations).

At start-up the Workspace may begin from a `StartSnapshot` (ecodesk.store.quick_read) instead of an open
`Database`: the window shows that plan at once, and the database (with SQLAlchemy) is opened by `open_now`
right after the first paint, or on first use of `db`, whichever comes first. Nothing writes before it is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ecodesk.domain.changes import EVERYTHING, PERIOD_SHOWN, Changes
from ecodesk.domain.errors import ConflictError, LocksLostError, StorageError, UserError
from ecodesk.domain.periods import Period, as_of_for, default_period, plan_periods
from ecodesk.domain.plan import PlanInfo, PlanTree, ProgressEntry, TaskNode, Unit
from ecodesk.domain.reporting import show_as_of
from ecodesk.domain.task_fields import FIELDS

if TYPE_CHECKING:
    from ecodesk.domain.attachments import Attachment
    from ecodesk.store.db import Database, Written
    from ecodesk.store.lock import DatabaseLock
    from ecodesk.store.quick_read import StartSnapshot


T = TypeVar("T")


class Edit(Protocol):
    """What the door runs: an undoable edit (gui/commands.ServiceCommand, a QUndoCommand) whose `apply`
    writes one transaction and says what it changed, and whose `focus` is the task to select afterwards."""

    focus: int | None
    fresh: dict[int, TaskNode]  # tasks its last step's service returned as they now are

    def apply(self) -> Changes: ...


class Workspace(QObject):
    """Holds the database, the current plan tree and the undo stack.

    `changed(focus, changes)` fires after every refresh: `focus` is the task id an edit wants selected (or
    None), `changes` what was refreshed (ecodesk.domain.changes), so a panel redraws only what it shows of it.
    `plan_switched` fires when another plan (or database) is shown, before `changed`.
    """

    changed = Signal(object, object)  # focus (a task id or None), Changes
    plans_changed = Signal(object)  # the plan to show (or None): plans were added, replaced or restored
    plan_switched = Signal()
    opened = Signal()

    def __init__(self, db: Database | None, *, today: Callable[[], dt.date] = dt.date.today,
                 start: StartSnapshot | None = None, opener: Callable[[], Database] | None = None,
                 lock: DatabaseLock | None = None) -> None:
        super().__init__()
        assert db is not None or (start is not None and opener is not None), "a database or a snapshot and opener"
        self._db = db
        self._start = start if db is None else None
        self._start_tree = start.tree if self._start is not None else None
        self._opener = opener
        self._lock = lock
        self.today = today
        self.plan_id: int | None = None
        self.tree: PlanTree | None = None
        self.period: Period | None = None  # the 本期 shown (None: 今天); see domain/periods.default_period
        self._pick_period = True  # the next plan read opens on its default period
        self._nodes: dict[int | None, TaskNode] = {}  # the shown tree's tasks by id
        self._files: dict[int, list[Attachment]] | None = None  # the shown plan's files by task (None: unread)
        self.undo_stack = QUndoStack(self)
        self._written: Written = {}  # the versions this window's own edits gave the rows they wrote
        self.listed: list[PlanInfo] = []  # the plans as `plans` last read them
        self.report: Callable[[Exception], None] = _raise
        # Runs slow work of `perform` off the GUI thread with a busy dialog (label, work, on_done, on_error);
        # the window sets it (gui/ops.Ops), without one the work runs inline.
        self.run_slow: Callable[[str, Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]],
                                None] | None = None
        # Asked when an edit finds the task changed by another clerk; None reports it like any error.
        self.resolve_conflict: Callable[[Edit, ConflictError], None] | None = None

    # -- the database ------------------------------------------------------------------------------

    @property
    def db(self) -> Database:
        """The open database; opened here (raising UserError) if the start-up snapshot is still shown."""
        if self._db is None:
            self.open_now()
        assert self._db is not None
        return self._db

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def open_now(self) -> None:
        """Open the database the start-up snapshot came from (a no-op once open); UserError if it cannot be."""
        if self._db is not None:
            return
        assert self._opener is not None
        self._db = self._opener()
        self._start = self._start_tree = None
        self.opened.emit()

    def check_database(self) -> None:
        """Asked by the window's timer: a database whose SQLite locks were lost is reopened on fresh
        connections (Database.verify); the clerk is told and shown what the database now holds."""
        if self._db is None:
            return
        try:
            self._db.verify()
        except LocksLostError as err:
            self.report(err)
            self.refresh()

    @property
    def display_name(self) -> str:
        return self._db.display_name if self._db is not None else str(self._start.path)  # type: ignore[union-attr]

    # -- plans -------------------------------------------------------------------------------------

    def plans(self) -> list[PlanInfo]:
        """Every plan, as the database lists them now; kept as `listed` (the window lists them, then opens one)."""
        if self._start is not None:
            return list(self._start.plans)
        from ecodesk.services.plans import list_plans

        self.listed = list_plans(self.db)
        return self.listed

    def one_look(self) -> AbstractContextManager[None]:
        """The database's reads inside the block share one transaction (Database.one_look); before the
        database is open, nothing is read from it."""
        return self._db.one_look() if self._db is not None else nullcontext()

    def announce_plans(self, select: int | None) -> None:
        """Plans were created, imported, replaced or restored: the window refills its plan list and shows
        `select` (or the plan it showed)."""
        self.plans_changed.emit(select)

    def open_plan(self, plan_id: int | None) -> None:
        """Show another plan, on its default period; undo history belongs to one plan, so it is cleared."""
        self.plan_id = plan_id
        self._pick_period = True
        self.undo_stack.clear()
        self._written.clear()
        self.plan_switched.emit()
        self.refresh()

    def switch_database(self, db: Database, lock: DatabaseLock | None = None) -> None:
        """Show another database; the old one is closed and its lock (if any) released."""
        self.close()
        self._db, self._lock = db, lock
        self._start = self._start_tree = None
        self.plan_id, self.tree, self._files = None, None, None
        self._written.clear()

    def close(self) -> None:
        """Close the database and give up its lock, so another window may open the file."""
        if self._db is not None:
            self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- the period shown --------------------------------------------------------------------------

    @property
    def as_of(self) -> dt.date | None:
        """The day the shown plan is read as of: a past period's last day, else None (as it stands)."""
        return as_of_for(self.period, self.today())

    def pace_day(self) -> dt.date:
        """The day the lights, marks and counts measure against: the as-of day, else today."""
        return self.as_of or self.today()

    def show_period(self, period: Period | None) -> None:
        """Show the plan as of `period` (None: 今天); edits stay undoable across the switch."""
        self.period, self._pick_period = period, False
        self.refresh(changes=PERIOD_SHOWN)

    def _adopt_default_period(self, tree: PlanTree) -> None:
        """The start-up snapshot shows the latest standing: its default period is taken when that is what
        the period shows too, else the period is picked (and the plan read as of it) once the database is
        open (`show_default_period`)."""
        chosen = default_period(tree.reporting_periods(), tree.year, self.today())
        if as_of_for(chosen, self.today()) is None:
            self.period, self._pick_period = chosen, False

    def show_default_period(self) -> None:
        """Read the plan as of its default period if it still waits for one (see _adopt_default_period)."""
        if self._pick_period and self.plan_id is not None and self._db is not None:
            self.refresh(changes=PERIOD_SHOWN)

    def _read_plan(self, plan_id: int) -> PlanTree:
        """The plan as of the period shown; a plan just opened first picks its default period (a second
        read only when the stored periods' 报送截止 move the default from the one guessed by the year)."""
        from ecodesk.services.plans import load_plan

        if not self._pick_period:
            return load_plan(self.db, plan_id, as_of=self.as_of)
        today = self.today()
        known = self.listed if any(p.id == plan_id for p in self.listed) else self.plans()
        year = next((p.year for p in known if p.id == plan_id), today.year)
        guess = default_period(plan_periods(year), year, today)
        tree = load_plan(self.db, plan_id, as_of=as_of_for(guess, today))
        self.period, self._pick_period = default_period(tree.reporting_periods(), tree.year, today), False
        return tree if self.as_of == as_of_for(guess, today) else load_plan(self.db, plan_id, as_of=self.as_of)

    @property
    def units(self) -> list[Unit]:
        """The bureau's units in list order, inactive ones included."""
        if self.tree is not None:
            return self.tree.units
        from ecodesk.services.units import list_units

        return list_units(self.db)

    def files_of(self, task_id: int) -> list[Attachment]:
        """A task's files (its own and its updates'), in the order added, as read for the whole shown plan
        with it (in the transaction that opens it) and again after any change of files: showing a task's
        list asks the database nothing."""
        if self._files is None:  # the start-up snapshot was shown, without them
            self._files = self._read_files()
        return self._files.get(task_id, [])

    def _read_files(self) -> dict[int, list[Attachment]]:
        from ecodesk.services.attachments import plan_attachments

        return plan_attachments(self.db, self.plan_id) if self.plan_id is not None else {}

    def progress_of(self, task: TaskNode) -> list[ProgressEntry]:
        """A task's updates, newest first, as the shown tree holds them: read with the plan, and read
        again with the task whenever a change names it (`refresh`), so showing them asks the database
        nothing."""
        return task.progress[::-1]  # load order is (date, id); the panel lists newest first

    # -- edits -------------------------------------------------------------------------------------

    def refresh(self, focus: int | None = None, changes: Changes = EVERYTHING,
                fresh: dict[int, TaskNode] | None = None) -> None:
        """Bring the shown plan up to date with what `changes` names, and tell every panel.

        A change to some tasks' fields or progress re-reads just those tasks into the shown tree; a change of
        shape, units or plans reads the whole plan again; targets alone, just the targets. Tasks in `fresh`
        (as the edit's service returned them) are not read again.
        """
        start_tree, self._start_tree = self._start_tree, None  # shown once, by the first refresh only
        if self.plan_id is None:
            self.tree, self._files = None, {}
        elif start_tree is not None and start_tree.id == self.plan_id and self._db is None:
            self.tree, self._files = start_tree, None
            self._adopt_default_period(start_tree)
        elif self.tree is None or self.tree.id != self.plan_id or changes.reloads_plan:
            self.tree = self._read_plan(self.plan_id)
            self._files = self._read_files()
        else:
            self._reread(changes, fresh or {})
            self.changed.emit(focus, changes)
            return
        self._nodes = {t.id: t for t in self.tree.walk()} if self.tree is not None else {}
        self.changed.emit(focus, changes)

    def _reread(self, changes: Changes, fresh: dict[int, TaskNode]) -> None:
        """Re-read the tasks (and targets) `changes` names into the shown tree, in place."""
        assert self.tree is not None and self.plan_id is not None
        from ecodesk.services.tasks import get_task

        if changes.attachments:
            self._files = self._read_files()
        if changes.targets:
            from ecodesk.services.plans import load_targets

            self.tree.targets = load_targets(self.db, self.plan_id)
        if changes.periods:
            from ecodesk.services.periods import list_periods, pace_rule

            self.tree.periods = list_periods(self.db, self.plan_id)
            self.tree.pace_rule = pace_rule(self.db, self.plan_id)
        for task_id in changes.tasks:
            node = self._nodes.get(task_id)
            if node is not None:
                take_fields(node, fresh.get(task_id) or get_task(self.db, task_id))
        if changes.tasks and self.as_of is not None:  # a past period shown: the tasks re-read as of its end,
            show_as_of(self.tree.tasks, self.as_of)  # their parents derived again (in memory, no reload)

    def shown_task(self, task_id: int) -> TaskNode | None:
        """The task as the window shows it when that is as stored (today shown), for an edit's service to
        take what it does not change from instead of reading it again (services.tasks.update_task); None
        when a past period is shown (the task as of its end) or the task is not shown."""
        return self._nodes.get(task_id) if self.as_of is None else None

    def own_version(self, task_id: int) -> int | None:
        """The version this window's last own edit of the task gave it (None if it has not written it):
        what an undo or redo of that edit expects to find, or else someone else has saved the task since."""
        from ecodesk.services.tasks import written_version

        return written_version(self._written, task_id)

    def execute(self, command: Edit, *, busy: str | None = None, then: Callable[[], None] = lambda: None) -> bool:
        """The door every undoable edit of the window passes: run the command's first `apply` (one
        transaction), push it on the undo stack, refresh what it says it changed, then run `then`; errors are
        reported here. Only a successful command goes on the stack. With `busy` (the busy dialog's label) the
        apply runs on the thread pool (`run_slow`) and this returns False at once: `then` says it is done;
        else it returns whether the edit was made."""
        def done(changes: Changes) -> None:
            self.undo_stack.push(command)  # type: ignore[arg-type]  # a ServiceCommand
            self.refresh(command.focus, changes, command.fresh)
            then()

        if busy is not None and self.run_slow is not None:
            self.run_slow(busy, lambda: self._recorded(command.apply), done,
                          lambda err: self._refused(command, err))
            return False
        changes = self._attempt(command, command.apply)
        if changes is not None:
            done(changes)
        return changes is not None

    def step(self, command: Edit, action: Callable[[], Changes]) -> None:
        """Undo or redo `command` (`action` is its revert or apply), failing as its first apply would."""
        changes = self._attempt(command, action)
        if changes is not None:
            self.refresh(command.focus, changes, command.fresh)

    def _recorded(self, action: Callable[[], Changes]) -> Changes:
        """One step of a command, the versions it writes recorded (what an undo expects to find)."""
        with self.db.recording_versions(self._written):
            return action()

    def _attempt(self, command: Edit, action: Callable[[], Changes]) -> Changes | None:
        """Run one step of `command` here; what it changed, None if refused."""
        try:
            return self._recorded(action)
        except UserError as err:
            self._refused(command, err)
            return None

    def _refused(self, command: Edit, err: Exception) -> None:
        """A step of `command` failed: said once, and the window shows what it must.

        A storage failure changed nothing, so the panels are not reloaded: the clerk's typed text stays
        in its widget to be saved again. A conflict reloads the other clerk's version, then asks.
        """
        if isinstance(err, LocksLostError):  # reopened: show what the database holds, others' changes included
            self.report(err)
            self.refresh(command.focus)
        elif isinstance(err, StorageError):
            self.report(err)
        elif isinstance(err, ConflictError):
            self.refresh(command.focus)
            if self.resolve_conflict is None:
                self.report(err)
            else:
                self.resolve_conflict(command, err)
        else:
            self.report(err)
            if isinstance(err, UserError):
                self.refresh(command.focus)  # show what the database holds now

    def perform(self, write: Callable[[], T], changes: Callable[[T], Changes], *,
                then: Callable[[T], None] = lambda _result: None, busy: str | None = None) -> None:
        """The door for writes that are not undone step by step: a plan created, a document imported (or a
        plan replaced), a backup restored, a unit added. `write` is one service call (one transaction),
        `changes` says what its result changed; `then` runs after the refresh. With `busy` (the label of the
        busy dialog) the write runs on the thread pool (`run_slow`), else inline; errors are reported here.

        A write that changes which plans exist, or replaces their rows wholesale, clears the undo history
        (its commands name rows that may be gone) and shows the plan it made, or the one shown.
        """
        def done(result: T) -> None:
            made = changes(result)
            if made.plans:
                self.undo_stack.clear()
                self._written.clear()
                self.announce_plans(made.plan)
            else:
                self.refresh(None, made)
            then(result)

        if busy is not None and self.run_slow is not None:
            self.run_slow(busy, write, done, self._failed)
            return
        try:
            result = write()
        except UserError as err:
            self._failed(err)
            return
        done(result)

    def _failed(self, err: Exception) -> None:
        """A write of `perform` failed: said once, and the window shows what the database holds now (a storage
        failure changed nothing and leaves the window as it is)."""
        self.report(err)
        if isinstance(err, ConflictError | LocksLostError):
            self.announce_plans(None)  # another clerk (or a reopen) changed the plans meanwhile
        elif isinstance(err, UserError) and not isinstance(err, StorageError):
            self.refresh()


def _raise(err: Exception) -> None:
    raise err


def take_fields(node: TaskNode, fresh: TaskNode) -> None:
    """Give a shown node what the database now holds of it (its editable fields, progress, dated changes,
    延期 and version), keeping its place in the tree (children, number, path)."""
    for field in FIELDS:
        setattr(node, field.name, field.of(fresh))
    node.progress, node.history, node.version = fresh.progress, fresh.history, fresh.version
    node.extensions, node.carried = fresh.extensions, fresh.carried
