"""The open database and plan the window shows, and the one place edits pass through.

Every edit runs a service (one transaction), then `refresh` reloads the plan and emits `changed`, so all
panels redraw from the same fresh `PlanTree` (the Anki "operation did execute" pattern, simplified).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import PlanTree, Unit
from ecodesk.services.plans import PlanInfo, list_plans, load_plan
from ecodesk.services.units import list_units
from ecodesk.store.db import Database

if TYPE_CHECKING:
    from ecodesk.gui.commands import ServiceCommand


class Workspace(QObject):
    """Holds the database, the current plan tree and the undo stack.

    `changed(focus)` fires after every reload; `focus` is the task id an edit wants selected (or None).
    `plan_switched` fires when another plan (or database) is shown, before `changed`.
    """

    changed = Signal(object)
    plan_switched = Signal()

    def __init__(self, db: Database, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.db = db
        self.today = today
        self.plan_id: int | None = None
        self.tree: PlanTree | None = None
        self.undo_stack = QUndoStack(self)
        self.report: Callable[[UserError], None] = _raise

    # -- plans -------------------------------------------------------------------------------------

    def plans(self) -> list[PlanInfo]:
        return list_plans(self.db)

    def open_plan(self, plan_id: int | None) -> None:
        """Show another plan; undo history belongs to one plan, so it is cleared."""
        self.plan_id = plan_id
        self.undo_stack.clear()
        self.plan_switched.emit()
        self.refresh()

    def switch_database(self, db: Database) -> None:
        old, self.db = self.db, db
        self.plan_id, self.tree = None, None
        old.close()

    @property
    def units(self) -> list[Unit]:
        """The bureau's units in list order, inactive ones included."""
        return self.tree.units if self.tree is not None else list_units(self.db)

    # -- edits -------------------------------------------------------------------------------------

    def refresh(self, focus: int | None = None) -> None:
        """Reload the plan from the database and tell every panel."""
        self.tree = load_plan(self.db, self.plan_id) if self.plan_id is not None else None
        self.changed.emit(focus)

    def execute(self, command: ServiceCommand) -> bool:
        """Run a command's first `apply`; only a successful one goes on the undo stack."""
        try:
            command.apply()
        except UserError as err:
            self.report(err)
            self.refresh(command.focus)  # show what the database holds now (e.g. after a conflict)
            return False
        self.undo_stack.push(command)
        self.refresh(command.focus)
        return True

    def guarded(self, action: Callable[[], object], focus: Callable[[], int | None] = lambda: None) -> bool:
        """Run a one-off service call (or an undo step): report a UserError, always reload.

        `focus` is asked after the action, since an undo step may only then know which task to select.
        """
        try:
            action()
            return True
        except UserError as err:
            self.report(err)
            return False
        finally:
            self.refresh(focus())


def _raise(err: UserError) -> None:
    raise err
