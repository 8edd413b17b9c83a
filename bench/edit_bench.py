"""One edit in the real main window, from the call to the event loop being idle, against the floor.

Usage: python bench/edit_bench.py [SIZE ...] [--runs N]      (default sizes 200 2000 10000; bench/run
passes sizes in ECODESK_BENCH_EDIT_SIZES, e.g. "200" for a quick run)

On generated plans (bench/gui_start.make_database), the window (offscreen Qt, `Ops(synchronous=True)`, as
tests/gui/conftest.py builds it) makes three edits through the calls its own widgets make:
- status: a pick in the detail panel's status box (QComboBox.activated, as DetailPanel connects it);
- title: the detail panel's title field finished (QLineEdit.editingFinished);
- progress: the 添加进展… action, its dialog answered at once (ProgressDialog.ask, which tests replace too).
Each is timed from that call until a pass of `processEvents` delivers no event at all (`settle`): the
service's transaction, the reload of the plan, every panel's redraw and the repaint are all inside.
Each timed edit is then undone, untimed, through the window's own undo: every run makes the same change to
the task as the generated plan has it (its dated changes and updates do not pile up run after run); the
next edit's push drops the redo step that undo leaves (some 30 µs, timed with it).

The floor is the least any design needs for the same change: one SQLite transaction on the same file
(plain sqlite3, WAL and synchronous=FULL as EcoDesk opens it) writing the change and its audit row(s),
plus one row's `dataChanged` repainted in a bare QTreeView over a QStandardItemModel of the same N rows,
timed the same way. `edit floor` is the floor of a one-field edit (status and title alike: one UPDATE,
one audit row); a progress update's own floor (INSERT, UPDATE, two audit rows) is printed beside its ratio.
Beside it, `edit X shown floor`: the floor's transaction followed by a repaint of exactly the regions the window
itself repainted for that edit (recorded from its Paint events on an edit outside the timed runs): the least
the window must do to show that change, with none of EcoDesk's own code run. An edit's figure over it is what
EcoDesk adds; over `edit floor`, what it adds and what it shows that a bare view's one cell does not.
The window's lock and backup timers are stopped: they are not part of an edit. Edits and floors are
interleaved run by run, so a busy machine weighs on both alike; each figure is the median of the runs.
The lines with the ratios also give the process's CPU time, which other work on the machine moves less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # also under bench/run: the figures must not depend on an X server
os.environ.setdefault("ECODESK_USER", "基准测试")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from gui_start import make_database
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings
from PySide6.QtGui import QRegion, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTreeView, QWidget

from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import ProgressEntry, TaskNode
from ecodesk.domain.status import Status
from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.gui.progress_panel import ProgressDialog
from ecodesk.gui.workspace import Workspace
from ecodesk.store.db import open_database

SIZES = (200, 2000, 10000)
SIZES_ENV = "ECODESK_BENCH_EDIT_SIZES"
TODAY = dt.date(2021, 6, 20)  # the generated plans are of 2021
COLUMNS = 7
MAX_PASSES = 1000


def runs_for(size: int) -> int:
    """Enough runs for a steady median while the whole default run stays near a minute on two cores."""
    return 31 if size <= 500 else 15 if size <= 5000 else 9


class _EventCount(QObject):
    """Counts the events Qt delivers to any object while it is installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, _event: QEvent) -> bool:
        self.count += 1
        return False


def settle(app: QCoreApplication) -> None:
    """Process events until a pass delivers none: whatever the edit set in motion (posted events, zero-time
    timers, update requests and the paints they cause) has run. The counter is installed only here, so
    its Python call per event does not weigh on the edit itself."""
    counter = _EventCount()
    app.installEventFilter(counter)
    try:
        for _ in range(MAX_PASSES):
            counter.count = 0
            app.processEvents()
            if counter.count == 0:
                return
        raise RuntimeError(f"the event loop was still busy after {MAX_PASSES} passes")
    finally:
        app.removeEventFilter(counter)


class Timing(NamedTuple):
    """Milliseconds of wall time, and of this process's CPU time: steadier than the wall's while other work
    shares the cores, though blind to waits (a commit's fsync)."""

    wall_ms: float
    cpu_ms: float


def timed(app: QCoreApplication, action: Callable[[], object]) -> Timing:
    """From calling `action` to the event loop being idle again."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    settle(app)
    return Timing((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall_ms for t in timings), statistics.median(t.cpu_ms for t in timings))


def isolate_settings(folder: Path) -> None:
    """Never read or write the developer's own window settings (geometry, last plan)."""
    QCoreApplication.setOrganizationName("EcoDeskBench")
    QCoreApplication.setApplicationName("EcoDeskBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def _raise(err: UserError) -> None:
    raise err


def open_window(app: QCoreApplication, target: str) -> MainWindow:
    """The main window on `target`, built as the GUI tests build it, showing its plan with `edited_task`
    selected.

    A refused edit raises instead of opening a message box or the conflict dialog, which would wait for a
    click that never comes; the periodic lock and backup checks are stopped."""
    window = MainWindow(Workspace(open_database(target), today=lambda: TODAY), Ops(synchronous=True))
    window.ws.report = _raise
    window.ws.resolve_conflict = None
    window.lock_timer.stop()
    window.backup_timer.stop()
    window.reload_plans()
    window.show()
    window.select_task(edited_task(window).id)
    settle(app)
    return window


def close_window(window: MainWindow) -> None:
    """Close the database without the window's closing backup: the bench's files are thrown away."""
    window.ws.close()
    window.hide()
    window.deleteLater()


def edited_task(window: MainWindow) -> TaskNode:
    """The first task of the first chapter: shown near the top of the tree, with progress of its own."""
    assert window.ws.tree is not None
    return window.ws.tree.tasks[0].children[0]


def current(window: MainWindow) -> TaskNode:
    task = window.current_task()
    assert task is not None
    return task


def change_status(window: MainWindow) -> Callable[[], None]:
    """A pick of another status in the detail panel's box, as a clerk's click emits it."""
    box = window.detail.status_box
    wanted = Status.DONE if current(window).status is Status.IN_PROGRESS else Status.IN_PROGRESS

    def pick() -> None:
        box.setCurrentText(wanted.value)
        box.activated.emit(box.currentIndex())

    return pick


def change_title(window: MainWindow) -> Callable[[], None]:
    """Another title typed into the detail panel and finished (Enter, or leaving the field)."""
    field = window.detail.title_edit
    title = current(window).title
    wanted = title.removesuffix("（修改）") if title.endswith("（修改）") else f"{title}（修改）"

    def finish() -> None:
        field.setText(wanted)
        field.editingFinished.emit()

    return finish


def add_progress(window: MainWindow) -> Callable[[], None]:
    """The 添加进展… action, its dialog answered at once with a dated report and a new percent."""
    percent = 40 if current(window).percent != 40 else 60
    entry = ProgressEntry(TODAY, f"已完成阶段性任务，完成进度 {percent}%", percent, "第1股")
    ProgressDialog.ask = staticmethod(lambda *_args, **_kwargs: entry)  # type: ignore[method-assign]
    return window.progress_action.trigger


EDITS: dict[str, Callable[[MainWindow], Callable[[], None]]] = {
    "status": change_status, "title": change_title, "progress": add_progress}


def timed_edit(app: QCoreApplication, window: MainWindow, kind: str) -> Timing:
    """One edit of the selected task through the window, checked to have reached the task it shows, then
    taken back untimed through the window's own undo: every run makes the same change to the task as the
    plan had it, whose dated changes and updates would otherwise pile up run after run."""
    before = shown_state(window)  # the shown node is updated in place
    elapsed = timed(app, EDITS[kind](window))
    after = shown_state(window)
    changed = {"status": after.status != before.status, "title": after.title != before.title,
               "progress": after.updates == before.updates + 1}[kind]
    assert after.id == before.id and changed, f"the {kind} edit did not reach task {before.id}"
    window.ws.undo_stack.undo()
    settle(app)
    assert shown_state(window) == before, f"the undo of the {kind} edit did not put task {before.id} back"
    return elapsed


class ShownState(NamedTuple):
    """What the bench's edits change of the selected task."""

    id: int | None
    status: Status
    title: str
    updates: int


def shown_state(window: MainWindow) -> ShownState:
    task = current(window)
    return ShownState(task.id, task.status, task.title, len(task.progress))


# -- the floor ---------------------------------------------------------------------------------------

AUDIT = ("INSERT INTO audit_log (at, who, action, entity, entity_id, plan_id, field, old, new) "
         "VALUES (?, '基准测试', ?, ?, ?, 1, ?, ?, ?)")


def floor_statements(kind: str, task_id: int, run: int) -> list[tuple[str, tuple[object, ...]]]:
    """The rows the same change needs: the task's UPDATE (its version counter moved) and its audit rows;
    a progress update also inserts the update itself."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if kind == "progress":
        return [("INSERT INTO progress_updates (task_id, date, text, percent, status, unit_name, author, created_at)"
                 " VALUES (?, ?, ?, ?, '推进中', '第1股', '基准测试', ?)",
                 (task_id, TODAY.isoformat(), f"第{run}次", run % 100, now)),
                ("UPDATE tasks SET percent = ?, version = version + 1 WHERE id = ?", (run % 100, task_id)),
                (AUDIT, (now, "create", "progress", None, str(task_id), None, f"第{run}次")),
                (AUDIT, (now, "update", "task", task_id, "percent", "0", str(run % 100)))]
    column, value = {"status": ("status", ("推进中", "已完成")[run % 2]), "title": ("title", f"任务{run}")}[kind]
    return [(f"UPDATE tasks SET {column} = ?, version = version + 1 WHERE id = ?", (value, task_id)),
            (AUDIT, (now, "update", "task", task_id, column, "", value))]


class Floor:
    """A plain sqlite3 connection to the window's file and a bare tree view of as many rows."""

    def __init__(self, path: Path, rows: int, size: tuple[int, int]) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA synchronous=FULL")  # as EcoDesk: a commit is on disk when it returns
        self.conn.execute("PRAGMA foreign_keys=ON")  # as EcoDesk: a progress update's task is checked
        self.model = QStandardItemModel(rows, COLUMNS)
        for row in range(rows):
            for column in range(COLUMNS):
                self.model.setItem(row, column, QStandardItem(f"任务{row}-{column}"))
        self.view = QTreeView()
        self.view.setUniformRowHeights(True)
        self.view.setModel(self.model)
        self.view.resize(*size)
        self.view.show()

    def edit(self, kind: str, task_id: int, run: int) -> None:
        """The change in one transaction, then one visible row's text changed (its dataChanged repainted)."""
        self.write(kind, task_id, run)
        self.model.item(1, 1).setText(f"{kind} {run}")

    def write(self, kind: str, task_id: int, run: int) -> None:
        """The change in one transaction."""
        self.conn.execute("BEGIN IMMEDIATE")
        for sql, params in floor_statements(kind, task_id, run):
            self.conn.execute(sql, params)
        self.conn.execute("COMMIT")

    def shown(self, kind: str, task_id: int, run: int, repaints: list[Repaint]) -> None:
        """The change in one transaction, then the same regions of the same widgets as the edit repainted."""
        self.write(kind, task_id, run)
        for widget, region in repaints:
            widget.update(region)

    def close(self) -> None:
        self.conn.close()
        self.view.deleteLater()


class Repaint(NamedTuple):
    """One widget's repaint during an edit, to be asked for again (QWidget.update) by the floor as shown."""

    widget: QWidget
    region: QRegion  # in the widget's own coordinates, as its Paint event gave it


class _PaintRecorder(QObject):
    """Notes each Paint event's widget and region while it is installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.repaints: list[Repaint] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.repaints.append(Repaint(watched, QRegion(event.region())))  # type: ignore[attr-defined]
        return False


def recorded_repaints(app: QCoreApplication, window: MainWindow, kind: str) -> list[Repaint]:
    """What the window repaints for one edit of `kind` (made here, untimed)."""
    recorder = _PaintRecorder()
    app.installEventFilter(recorder)
    try:
        timed_edit(app, window, kind)
    finally:
        app.removeEventFilter(recorder)
    return recorder.repaints  # none at all when nothing shown changed (a progress update at an unchanged 序时)


# -- one size ----------------------------------------------------------------------------------------


class Figures(NamedTuple):
    """The medians of one kind of edit: the edit, its floor, and its floor as shown (see the module)."""

    edit: Timing
    floor: Timing
    shown: Timing


def measure_size(app: QCoreApplication, folder: Path, size: int, runs: int) -> dict[str, Figures]:
    """Median edit and floor times of each kind of edit on a plan of `size` tasks."""
    path = folder / f"plan-{size}.sqlite"
    make_database(path, size)
    window = open_window(app, str(path))
    assert window.ws.tree is not None
    floor_task = window.ws.tree.tasks[0].children[1].id  # another row: the floor never moves the edited one's version
    assert floor_task is not None
    floor = Floor(path, size, (window.tree.width(), window.tree.height()))
    times: dict[str, tuple[list[Timing], list[Timing], list[Timing]]] = {kind: ([], [], []) for kind in EDITS}
    repaints: dict[str, list[Repaint]] = {}
    try:
        for kind in EDITS:  # warm-up (first imports, first paint of each panel), then what each edit repaints
            timed_edit(app, window, kind)
            timed(app, partial(floor.edit, kind, floor_task, 0))
            repaints[kind] = recorded_repaints(app, window, kind)
        for run in range(1, runs + 1):
            for kind, (edits, floors, shown) in times.items():
                edits.append(timed_edit(app, window, kind))
                floors.append(timed(app, partial(floor.edit, kind, floor_task, run)))
                shown.append(timed(app, partial(floor.shown, kind, floor_task, run, repaints[kind])))
    finally:
        floor.close()
        close_window(window)
        settle(app)
    return {kind: Figures(*map(median, lists)) for kind, lists in times.items()}


def report(size: int, results: dict[str, Figures]) -> None:
    for kind, figures in results.items():
        print(f"BENCH\tedit {kind}, {size} tasks\t{figures.edit.wall_ms:.1f}\tms")
    print(f"BENCH\tedit floor, {size} tasks\t{results['status'].floor.wall_ms:.1f}\tms")
    for kind, figures in results.items():
        print(f"BENCH\tedit {kind} shown floor, {size} tasks\t{figures.shown.wall_ms:.1f}\tms")
    for kind, (edit, floor, shown) in results.items():
        print(f"edit {kind}, {size} tasks: {edit.wall_ms:.1f} ms (CPU {edit.cpu_ms:.1f}) = "
              f"{edit.wall_ms / floor.wall_ms:.1f} × its floor ({floor.wall_ms:.1f} ms, CPU {floor.cpu_ms:.1f}), "
              f"{edit.wall_ms / shown.wall_ms:.1f} × its floor as shown "
              f"({shown.wall_ms:.1f} ms, CPU {shown.cpu_ms:.1f})")
    sys.stdout.flush()


def default_sizes() -> list[int]:
    chosen = os.environ.get(SIZES_ENV, "").replace(",", " ").split()
    return [int(size) for size in chosen] or list(SIZES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=default_sizes(), help="plan sizes in tasks")
    parser.add_argument("--runs", type=int, help="runs per size (default: 31, 15 or 9 by size)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="ecodesk-edit-bench-") as tmp:
        isolate_settings(Path(tmp) / "settings")
        for size in args.sizes:
            report(size, measure_size(app, Path(tmp), size, args.runs or runs_for(size)))


if __name__ == "__main__":
    main()
