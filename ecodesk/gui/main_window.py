"""The main window: plan selector, filter bar, task tree, detail and progress panels, targets and overview tabs.

The window never writes itself: every edit becomes a command (gui/commands.py) run by the Workspace,
whose `changed` signal redraws every panel from the reloaded plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ecodesk import APP_TITLE
from ecodesk.domain.changes import Changes
from ecodesk.domain.filters import Filtered, TaskFilter
from ecodesk.domain.numbering import task_label
from ecodesk.domain.periods import Period, current_period, default_progress_date
from ecodesk.domain.plan import PlanInfo, PlanTree, Target, TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import STATUS
from ecodesk.gui.actions import Shortcut, key_sequences, make_action
from ecodesk.gui.attachment_actions import AttachmentActions
from ecodesk.gui.attachments_panel import AttachmentsPanel
from ecodesk.gui.comparison_tab import ComparisonTab
from ecodesk.gui.detail_panel import DetailPanel
from ecodesk.gui.dialogs import confirm, show_error
from ecodesk.gui.file_actions import FileActions
from ecodesk.gui.filter_bar import FilterBar
from ecodesk.gui.filter_status import NoMatchLine, count_text
from ecodesk.gui.help_menu import open_sample, show_guide
from ecodesk.gui.ops import Ops
from ecodesk.gui.overview_tab import OverviewTab
from ecodesk.gui.parts import STATUS_MS, WindowParts
from ecodesk.gui.period_view import PeriodControls
from ecodesk.gui.progress_panel import ProgressDialog, ProgressPanel
from ecodesk.gui.qt_values import CUSTOM_CONTEXT_MENU, SCROLL_BAR_OFF, WIDGET_SHORTCUT
from ecodesk.gui.targets_tab import TargetsTab
from ecodesk.gui.task_model import TITLE_COLUMN, TaskFilterProxy, TaskTreeModel, expand_branches
from ecodesk.gui.urgings import UrgingsTab
from ecodesk.gui.window_fit import TaskTreeView, fit_window
from ecodesk.gui.workspace import Workspace

# Commands, services and the units dialog are imported where used: the first window is shown from a
# start-up snapshot before SQLAlchemy is loaded (see Workspace and app.build_window).
if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QCloseEvent

    from ecodesk.domain.errors import ConflictError
    from ecodesk.domain.reporting import TaskMark
    from ecodesk.domain.task_fields import TaskChanges
    from ecodesk.gui.commands import ServiceCommand
    from ecodesk.services import tree as tree_service
    from ecodesk.store.backup import BackupFile
    from ecodesk.store.db import Database

LOCK_CHECK_MS = 2000  # how often Workspace.check_database looks at the SQLite locks (ecodesk.store.watch)
AUTO_BACKUP_CHECK_MS = 5 * 60 * 1000  # how often to ask services.backups.maybe_backup (it applies the 30-minute rule)


class MainWindow(QMainWindow):
    """One window per database; `ws` holds the data, `ops` runs slow work off the GUI thread."""

    def __init__(self, ws: Workspace, ops: Ops | None = None, *, remembers: bool = True) -> None:
        """`remembers`: whether this window's size, columns and plan are kept for the next start (not
        for the sample plan's window)."""
        super().__init__()
        self.ws = ws
        self.remembers = remembers
        self.ops = ops or Ops()
        self.collapsed: set[int] = set()
        self.filter = TaskFilter()
        self.model = TaskTreeModel(self)
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build_widgets()
        self._filtered: Filtered | None = None  # what the filter bar shows of the plan, and its counts
        self._marks: dict[int, TaskMark] = {}  # the shown tasks' 序时 marks in the period shown
        self.files = FileActions(ws, self.parts())
        self.attach = AttachmentActions(ws, self.parts(), self.attachments)
        self._build_actions()
        self._build_menus()
        self._connect()
        ws.report = lambda err: show_error(self, err)
        ws.resolve_conflict = self._resolve_conflict
        ws.run_slow = lambda label, work, done, failed: self.ops.run(self, label, work, on_done=done,
                                                                     on_error=failed)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.auto_backup)
        self.backup_timer.start()
        self.lock_timer = QTimer(self)  # lost SQLite locks are noticed before the next edit, not by it
        self.lock_timer.setInterval(LOCK_CHECK_MS)
        self.lock_timer.timeout.connect(self.ws.check_database)
        self.lock_timer.start()
        self._restore_settings()

    # -- building ----------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.plan_box = QComboBox()
        self.plan_box.setMinimumContentsLength(14)  # long titles are cut; the tooltip has them whole
        self.filter_bar = FilterBar()
        self.tree = TaskTreeView()
        self.tree.setModel(self.proxy)
        self.tree.follow(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.tree.setProperty("contextMenuPolicy", CUSTOM_CONTEXT_MENU)  # see gui/qt_values.py
        self.task_menu: QMenu | None = None  # the right-click menu, made on first use
        self.detail = DetailPanel()
        self.progress = ProgressPanel()
        self.attachments = AttachmentsPanel()
        self.targets = TargetsTab()
        self.overview = OverviewTab()
        self.periods = PeriodControls(self.ws)
        self.comparison = ComparisonTab(self.ws, self.parts)
        self.urgings = UrgingsTab(self.ws, self.parts)
        self.setCentralWidget(self._central())
        self.count_label = QLabel()
        self.db_label = QLabel()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.periods.pace_label)
        self.statusBar().addPermanentWidget(self.filter_bar.legend)  # beside the counts: the bar keeps room to search
        self.statusBar().addPermanentWidget(self.db_label)
        self.setWindowTitle(APP_TITLE)

    def _central(self) -> QWidget:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter_bar)
        self.no_match = NoMatchLine()
        column.addWidget(self.no_match)
        column.addWidget(self.tree)
        side = QWidget()  # the task's fields, then its progress: one column that scrolls as a whole
        stack = QVBoxLayout(side)
        stack.addWidget(self.detail)
        stack.addWidget(self.progress, 1)
        stack.addWidget(self.attachments)
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_OFF)  # the fields wrap to its width
        self.side_scroll.setWidget(side)
        self.main_splitter = QSplitter()  # horizontal
        self.main_splitter.addWidget(left)
        self.main_splitter.addWidget(self.side_scroll)
        # The fields start as wide as they need (no horizontal scroll bar: any narrower would cut them) and the
        # tree takes the rest as the window grows or shrinks: its columns need the room more than the fields.
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 0)
        fields = side.minimumSizeHint().width() + self.side_scroll.verticalScrollBar().sizeHint().width()
        self.main_splitter.setSizes([900, fields])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.main_splitter, "工作任务")
        self.tabs.addTab(self.targets, "主要目标")
        self.tabs.addTab(self.overview, "统计概览")
        self.tabs.addTab(self.comparison, "本期与上期")
        self.tabs.addTab(self.urgings, "催办记录")
        return self.tabs

    def _action(self, text: str, slot: Any, shortcut: Shortcut | None = None, tree_only: bool = False) -> QAction:
        """An action; `tree_only` shortcuts (Del, Tab, F2…) fire only while the tree has focus."""
        action = make_action(self, text, slot, shortcut)
        if tree_only:
            action.setProperty("shortcutContext", WIDGET_SHORTCUT)  # see gui/qt_values.py
            self.tree.addAction(action)
        return action

    def _build_actions(self) -> None:
        stack = self.ws.undo_stack
        self.undo_action = stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcuts(key_sequences(QKeySequence.StandardKey.Undo))
        self.redo_action = stack.createRedoAction(self, "重做")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.add_action = self._action("添加任务", self.add_task, "Ctrl+N")
        self.add_child_action = self._action("添加下级任务", self.add_subtask, "Ctrl+Shift+N")
        self.rename_action = self._action("重命名", self.rename_current, "F2", tree_only=True)
        self.delete_action = self._action("删除任务", self.delete_current, QKeySequence.StandardKey.Delete, True)
        self.indent_action = self._action("降级（成为上一项的下级）", lambda: self.move_current("indent"), "Tab", True)
        self.outdent_action = self._action("升级", lambda: self.move_current("outdent"), "Shift+Tab", True)
        self.up_action = self._action("上移", lambda: self.move_current("up"), "Ctrl+Up", True)
        self.down_action = self._action("下移", lambda: self.move_current("down"), "Ctrl+Down", True)
        self.units_action = self._action("股室管理…", self.open_units_dialog)
        self.history_action = self._action("修改记录…", self.show_history)
        self.urgings_action = self._action("催办记录", self.show_urgings)
        self.progress_action = self._action("添加进展…", self.add_progress)
        self.done_action = self._action("标记为已完成", lambda: self.mark_current(Status.DONE))
        self.active_action = self._action("标记为推进中", lambda: self.mark_current(Status.IN_PROGRESS))
        self.deleted_action = self._action("恢复已删除任务…", self.restore_deleted)
        self.find_action = self._action("查找", self.focus_search, QKeySequence.StandardKey.Find)
        self.expand_action = self._action("全部展开", self.tree.expandAll)
        self.collapse_action = self._action("全部折叠", self.tree.collapseAll)
        self.reload_action = self._action("刷新", lambda: self.ws.refresh(self.current_id()), "F5")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.files.fill_menu(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self._action("退出", self.close, QKeySequence.StandardKey.Quit))
        edit = bar.addMenu("编辑(&E)")
        _add(edit, [self.undo_action, self.redo_action, None, self.add_action, self.add_child_action,
                    self.rename_action, self.delete_action, None, self.indent_action, self.outdent_action,
                    self.up_action, self.down_action, None, self.history_action, self.deleted_action, None,
                    self.find_action, self.units_action, self._action("报告期与序时规则…", self.open_periods_dialog)])
        view = bar.addMenu("视图(&V)")
        _add(view, [self.expand_action, self.collapse_action, self.reload_action])
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self._action("使用说明", lambda: show_guide(self), "F1"))
        help_menu.addAction(self._action("打开示例计划", lambda: open_sample(self.parts(), MainWindow)))
        help_menu.addAction(self._action("关于", self.files.about))
        toolbar = self.addToolBar("工具栏")
        toolbar.setObjectName("main_toolbar")
        toolbar.addWidget(QLabel(" 年度计划："))
        toolbar.addWidget(self.plan_box)
        toolbar.addWidget(QLabel(" 本期："))
        toolbar.addWidget(self.periods.box)
        toolbar.addSeparator()
        for action in (self.add_action, self.add_child_action, self.delete_action, None, self.outdent_action,
                       self.indent_action, self.up_action, self.down_action, None, self.undo_action,
                       self.redo_action, None, self.units_action):
            _ = toolbar.addSeparator() if action is None else toolbar.addAction(action)
        for action, short in ((self.indent_action, "降级"), (self.undo_action, "撤销"), (self.redo_action, "重做")):
            action.setIconText(short)  # the toolbar's label; the menu and tooltip say what would be undone

    def _connect(self) -> None:
        self.ws.changed.connect(self._on_changed)
        self.ws.plans_changed.connect(self.reload_plans)
        self.ws.plan_switched.connect(self.collapsed.clear)
        self.plan_box.activated.connect(lambda _i: self.ws.open_plan(self.plan_box.currentData()))
        self.filter_bar.changed.connect(self._on_filter)
        self.no_match.clear_requested.connect(self.filter_bar.clear)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.tree.customContextMenuRequested.connect(self.open_task_menu)
        self.tree.collapsed.connect(lambda i: self.collapsed.add(self.model.task_id_of(self._source(i))))
        self.tree.expanded.connect(lambda i: self.collapsed.discard(self.model.task_id_of(self._source(i))))
        self.model.edit_requested.connect(self.edit_task)
        self.model.move_requested.connect(self._on_drop)
        self.detail.changes_requested.connect(self.edit_task)
        self.detail.extend_requested.connect(self.extend_task)
        self.progress.add_requested.connect(self.add_progress)
        self.progress.files_dropped.connect(self._on_update_drop)
        self.tree.files_dropped.connect(self._on_tree_drop)
        self.tree.width_changed.connect(self._fit_status_bar)  # the window resized
        self.detail.files_dropped.connect(lambda paths: self.attach.add(paths))
        self.targets.edited.connect(self.set_targets)
        self.tabs.currentChanged.connect(self._on_tab)

    # -- refreshing --------------------------------------------------------------------------------

    def reload_plans(self, select: int | None = None) -> None:
        """Refill the plan selector and open a plan: `select`, else the current one, else the one shown
        when the window last closed, else the newest. The list and the plan are read in one transaction."""
        with self.ws.one_look():
            plans = self.ws.plans()
            self.plan_box.clear()
            for p in plans:
                self.plan_box.addItem(plan_label(p.year, p.title, p.draft), p.id)
            ids = [p.id for p in plans]
            wanted = choose_plan(plans, select, self.ws.plan_id)
            self.plan_box.setCurrentIndex(ids.index(wanted) if wanted is not None else -1)
            self.ws.open_plan(wanted)

    def _on_changed(self, focus: int | None, changes: Changes) -> None:
        """Redraw what `changes` names: some tasks' rows (and the counts, the current task's panels), the
        targets, the files listed, or — when the plan's shape, units or plans changed — everything."""
        self._redraw(focus, changes)
        if changes.attachments:
            self.attach.show_task(self.current_task(), changed=True)

    def _redraw(self, focus: int | None, changes: Changes) -> None:
        tree = self.ws.tree
        if not (changes.reloads_plan or changes.periods) and tree is not None and self.model.shows(tree):
            self._redraw_rows(focus, changes)
            return
        keep = focus if focus is not None else self.current_id() or self._first_id()
        today = self.ws.pace_day()
        self._marks = self.periods.marks(tree)
        self.periods.show_plan(tree)
        self.comparison.show_plan(tree)
        self.model.set_tree(tree, today, self._marks)
        self.filter_bar.set_units([u.name for u in self.ws.units if u.active])
        self._apply_filter(rows_rebuilt=True)
        self.select_task(keep)
        self._show_current()
        self.targets.show_targets(tree.targets if tree else [], tree is not None, self._target_period())
        self.overview.show_plan(tree, today, self._marks)  # figures computed once the tab is shown
        for action in (self.add_action, self.add_child_action, self.deleted_action):
            action.setEnabled(tree is not None)
        self.setWindowTitle(f"{tree.title} — {APP_TITLE}" if tree else APP_TITLE)
        self.plan_box.setToolTip(tree.title if tree else "")
        if tree is not None and changes.plan_info:
            self.plan_box.setItemText(self.plan_box.currentIndex(), plan_label(tree.year, tree.title, tree.draft))
        # a file by its name (its folder in the tooltip): a whole path leaves the counts beside it no room
        name = self.ws.display_name
        self.db_label.setText(f"数据库：{name if '://' in name else Path(name).name}")
        self.db_label.setToolTip(f"数据库：{name}")

    def _redraw_rows(self, focus: int | None, changes: Changes) -> None:
        """Only the named tasks changed: their rows repainted (dataChanged) with, when a paced field or
        progress changed, their 序时 marks and the rows above them; the filter and counts applied again, and
        the panels of the current task shown afresh; the tree keeps its rows and expansion."""
        tree = self.ws.tree
        assert tree is not None
        if changes.tasks:
            self._apply_filter(rows_rebuilt=False, changed=self._repaint_rows(tree, changes))
            self.overview.show_plan(tree, self.ws.pace_day(), self._marks)
            if focus is not None and focus != self.current_id():
                self.select_task(focus)
            self._show_current()
        if changes.targets:
            self.targets.show_targets(tree.targets, True, self._target_period())

    def _repaint_rows(self, tree: PlanTree, changes: Changes) -> frozenset[int]:
        """Repaint the rows of the tasks `changes` names; the tasks to filter and count again."""
        if not changes.paced:  # a title, measures, notes or units: the rows above and every mark stay as they are
            self.model.update_rows(changes.tasks)
            return changes.tasks
        marks = self.periods.marks(tree, self.model.tasks_of(self.model.with_ancestors(changes.tasks)))
        self._marks.update(marks)
        self.model.update_tasks(changes.tasks, marks)
        return frozenset(marks)

    def _target_period(self) -> Period | None:
        """The period whose 主要目标 values the tab edits: the 本期 shown, or under 今天 the one being reported."""
        tree = self.ws.tree
        if tree is None:
            return None
        return self.ws.period or current_period(tree.reporting_periods(), self.ws.today())

    def _on_filter(self, flt: TaskFilter) -> None:
        keep = self.current_id()
        self.filter = flt
        self._apply_filter(rows_rebuilt=False)
        self.select_task(keep)

    def _apply_filter(self, rows_rebuilt: bool = True, changed: Iterable[int] = ()) -> None:
        """Show the tasks the filter bar matches and count them (by status, and by 序时 in the period shown);
        the branches are expanded again when the rows were rebuilt or the rows shown changed. After an edit of
        some tasks (`changed`: those whose 序时 marks it changed) only those are filtered and counted again
        (domain.filters.Filtered), unless one starts or stops matching."""
        tree, day, filtered = self.ws.tree, self.ws.pace_day(), self._filtered
        if rows_rebuilt or filtered is None or (filtered.filter, filtered.today) != (self.filter, day):
            filtered = self._filtered = Filtered(tree.tasks if tree else [], self.filter, day, self._marks)
            self.periods.count(filtered.leaves, self._marks)
        else:
            counted = filtered.leaves
            nodes = (self.model.task_at(self.model.index_of(task_id)) for task_id in changed)
            filtered.update([node for node in nodes if node is not None])
            if filtered.leaves is counted:
                self.periods.recount(changed, self._marks)
            else:  # filtered again: other tasks are counted
                self.periods.count(filtered.leaves, self._marks)
        if self.proxy.set_shown(filtered.shown_ids) or rows_rebuilt:
            self._restore_expansion()
        self.no_match.setVisible(not self.filter.is_empty and not filtered.shown_ids)
        self.periods.show_counts(self._marks)
        self.count_label.setText(count_text(filtered.counts.stats(), not self.filter.is_empty))
        self._fit_status_bar()

    def _fit_status_bar(self) -> None:
        """The lights' legend shows while the counts beside it have their room (on a 1024 px screen they
        would be cut; the tree's own marks and tooltips say what the colours mean)."""
        parts = (self.count_label, self.periods.pace_label, self.filter_bar.legend, self.db_label)
        room = self.statusBar().width() - STATUS_BAR_SLACK * len(parts)
        self.filter_bar.legend.setVisible(sum(part.sizeHint().width() for part in parts) <= room)

    def _restore_expansion(self) -> None:
        self.tree.blockSignals(True)
        expand_branches(self.tree, self.model, self.proxy, skip=self.collapsed)
        for task_id in self.collapsed:
            self.tree.collapse(self.proxy.mapFromSource(self.model.index_of(task_id)))
        self.tree.blockSignals(False)

    def _show_current(self) -> None:
        task = self.current_task()
        units = self.ws.units
        self.detail.show_task(task, units, self.ws.tree)
        entries = self.ws.progress_of(task) if task is not None else []
        self.progress.show_entries(entries, task is not None)
        self.attach.show_task(task)
        for action in (self.add_child_action, self.rename_action, self.delete_action, self.indent_action,
                       self.outdent_action, self.up_action, self.down_action, self.history_action,
                       self.urgings_action, self.progress_action, self.done_action, self.active_action):
            action.setEnabled(task is not None)

    def open_task_menu(self, pos: QPoint) -> None:
        """Right-click on the tree: the task under the pointer becomes the current one and the menu offers
        what can be done to it; on empty space, nothing is selected and the menu adds a task at the end."""
        self.tree.setCurrentIndex(self.tree.indexAt(pos))  # an invalid index off the rows: nothing current
        if self.task_menu is None:
            self.task_menu = QMenu(self)
            _add(self.task_menu, [self.add_action, self.add_child_action, self.rename_action, self.delete_action,
                                  None, self.outdent_action, self.indent_action, self.up_action, self.down_action,
                                  None, self.done_action, self.active_action, self.progress_action,
                                  self.history_action, self.urgings_action])
        self.task_menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.overview:
            self.overview.ensure_chart()

    # -- selection ---------------------------------------------------------------------------------

    def _source(self, proxy_index: QModelIndex) -> QModelIndex:
        return self.proxy.mapToSource(proxy_index)

    def current_task(self) -> TaskNode | None:
        return self.model.task_at(self._source(self.tree.currentIndex()))

    def current_id(self) -> int | None:
        task = self.current_task()
        return task.id if task is not None else None

    def _first_id(self) -> int | None:
        tasks = self.ws.tree.tasks if self.ws.tree else []
        return tasks[0].id if tasks else None

    def select_task(self, task_id: int | None) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(task_id))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().setCurrentIndex(index, flags)
        if index.isValid():
            self.tree.scrollTo(index)

    # -- editing -----------------------------------------------------------------------------------

    def add_task(self) -> None:
        """A sibling below the selected task (or at the end), ready to be named in place."""
        task = self.current_task()
        parent_id = self.model.parent_id(task.id) if task is not None and task.id is not None else None
        index = task.path[-1] if task is not None else None
        self._add(parent_id, index)

    def add_subtask(self) -> None:
        task = self.current_task()
        if task is not None:
            self._add(task.id, None)

    def _add(self, parent_id: int | None, index: int | None) -> None:
        from ecodesk.gui import commands

        if self.ws.plan_id is not None and self.ws.execute(
                commands.AddTask(self.ws, parent_id=parent_id, index=index, title="新任务")):
            self.rename_current()

    def rename_current(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid():
            self.tree.edit(index.siblingAtColumn(TITLE_COLUMN))

    def edit_task(self, task_id: int, changes: TaskChanges) -> None:
        task = self.model.task_at(self.model.index_of(task_id))
        if (refused := self.periods.refusal(changes)) is not None:
            show_error(self, refused)
            self._show_current()  # the panel shows the stored values again
        elif task is not None:
            from ecodesk.gui import commands

            self.ws.execute(commands.EditTask(self.ws, task, changes))

    def extend_task(self, task_id: int) -> None:
        """The detail panel's 延期…: the dialog, then one undoable 延期 through the door."""
        from ecodesk.gui import commands
        from ecodesk.gui.extension_dialog import ExtensionDialog

        task = self.model.task_at(self.model.index_of(task_id))
        asked = ExtensionDialog.ask(self, task, self.ws.today()) if task is not None else None
        if task is not None and asked is not None:
            self.ws.execute(commands.ExtendDeadline(self.ws, task, asked.deadline, asked.reason, asked.approved_on))

    def mark_current(self, status: Status) -> None:
        """The right-click 标记为已完成 / 标记为推进中: one undoable status edit through the door."""
        task = self.current_task()
        if task is not None and task.id is not None and task.status is not status:
            self.edit_task(task.id, STATUS.to(status))

    def delete_current(self) -> None:
        task = self.current_task()
        if task is None:
            return
        below = sum(1 for _ in task.walk()) - 1
        question = f"“{task.title}”有 {below} 项下级任务，将一并删除。\n删除后可用“撤销”（Ctrl+Z）恢复。确定删除吗？"
        if below and not confirm(self, "删除任务", question):
            return
        assert task.id is not None
        from ecodesk.gui import commands

        self.ws.execute(commands.DeleteTask(self.ws, task, then_select=self.model.neighbour_of(task.id)))

    def move_current(self, how: str) -> None:
        task = self.current_task()
        if task is None or task.id is None:
            return
        from ecodesk.gui import commands
        from ecodesk.services import tree as tree_service

        mover, text = {"indent": (tree_service.indent, "降级"), "outdent": (tree_service.outdent, "升级"),
                       "up": (tree_service.move_up, "上移"), "down": (tree_service.move_down, "下移")}[how]
        self.ws.execute(commands.MoveTask(self.ws, task.id, f"{text}“{task.title}”", mover))

    def _on_drop(self, task_id: int, parent_id: int | None, index: int) -> None:
        from ecodesk.gui import commands
        from ecodesk.services import tree as tree_service

        def mover(db: Database, tid: int) -> tree_service.Placement:
            return tree_service.move_task(db, tid, parent_id, index)

        self.ws.execute(commands.MoveTask(self.ws, task_id, "拖动任务", mover))

    def _on_tree_drop(self, index: QModelIndex, paths: list[Path]) -> None:
        """Files dropped on a row: that task becomes the current one and gets them."""
        task = self.model.task_at(self._source(index))
        if task is not None and task.id is not None:
            self.select_task(task.id)
            self.attach.add(paths, task_id=task.id)

    def _on_update_drop(self, progress_id: int, paths: list[Path]) -> None:
        """Files dropped on one of the current task's updates (0: beside them, on the task itself)."""
        self.attach.add(paths, progress_id=progress_id or None)

    def add_progress(self) -> None:
        """Ask for an update of the current task and record it. A save that fails (the message says why) opens
        the dialog again with what the clerk typed, to be added again or copied: a report is never lost."""
        from ecodesk.gui import commands

        task = self.current_task()
        if task is None:
            return
        names = [u.name for u in self.ws.units if u.active]
        day = default_progress_date(self.ws.pace_day(), self.ws.tree.year if self.ws.tree else None)  # 本期's end
        unit = self.ws.db.access.unit or (task.lead_units or [""])[0]  # a 股室填报 clerk reports for its unit
        entry = ProgressDialog.ask(self, names, percent=task.percent, unit=unit, day=day)
        while entry is not None and not self.ws.execute(commands.AddProgress(self.ws, task, entry)):
            shown = self.current_task()  # as the failure's refresh shows it
            if shown is None or shown.id != task.id:  # deleted by a colleague meanwhile: nothing to report on
                return
            task = shown
            entry = ProgressDialog.ask(self, names, percent=task.percent if entry.percent is None else entry.percent,
                                       unit=entry.unit, day=entry.date, unsaved_text=entry.text)

    def set_targets(self, old: list[Target], new: list[Target]) -> None:
        from ecodesk.gui import commands
        from ecodesk.services import plans

        db, plan_id = self.ws.db, self.ws.plan_id
        self.ws.execute(commands.Reversible(self.ws, "修改主要目标", lambda: plans.set_targets(db, plan_id, new),
                                            lambda: plans.set_targets(db, plan_id, old)))

    def open_periods_dialog(self) -> None:
        from ecodesk.gui.periods_dialog import PeriodsDialog

        PeriodsDialog(self.ws, self).exec()

    def open_units_dialog(self) -> None:
        from ecodesk.gui.units_dialog import UnitsDialog

        UnitsDialog(self.ws, self).exec()

    def show_history(self) -> None:
        task = self.current_task()
        if task is not None and task.id is not None:
            from ecodesk.gui.audit_view import AuditDialog

            AuditDialog(self.ws, task, self).exec()

    def show_urgings(self) -> None:
        """The 催办记录 tab with the slips that urged the current task."""
        task = self.current_task()
        if task is not None and task.id is not None and self.ws.tree is not None:
            self.urgings.show_task(task.id, f"{task_label(self.ws.tree, task)}{task.title}")
            self.tabs.setCurrentWidget(self.urgings)

    def restore_deleted(self) -> None:
        if self.ws.plan_id is not None:
            from ecodesk.gui.audit_view import DeletedTasksDialog

            DeletedTasksDialog(self.ws, self).exec()

    def _resolve_conflict(self, command: ServiceCommand, err: ConflictError) -> None:
        """Another clerk saved the task since this window read or last wrote it (an edit, or its undo or
        redo): show both, save this clerk's values only if asked to (as a new edit on top of the other
        version, so undo returns to theirs)."""
        from ecodesk.domain.plan import TaskNode
        from ecodesk.gui import commands

        if not isinstance(command, commands.EditTask) or not isinstance(err.current, TaskNode):
            show_error(self, err)
            return
        from ecodesk.gui.conflict_dialog import ConflictDialog

        if ConflictDialog(err.current, command.wanted, self).keeps_mine():
            self.ws.execute(commands.EditTask(self.ws, err.current, command.wanted, command.text()))

    def auto_backup(self) -> None:
        """The timer's call: services.backups.maybe_backup decides whether a copy is due (off the GUI thread)."""
        if not self.ws.is_open or self.ws.db.path is None:
            return
        from ecodesk.services.backups import maybe_backup

        db = self.ws.db
        self.ops.run(self, "正在自动备份…", lambda: maybe_backup(db), on_done=self._auto_backed_up,
                     on_error=lambda err: self.statusBar().showMessage(f"自动备份失败：{err}"))

    def _auto_backed_up(self, made: BackupFile | None) -> None:
        """A quiet line in the status bar: an automatic copy needs no answer from the clerk."""
        if made is not None:
            self.statusBar().showMessage(f"已自动备份：{made.path.name}", 8000)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filter_bar.search_edit.setFocus()
        self.filter_bar.search_edit.selectAll()

    # -- settings ----------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        fit_window(self, settings.value("window/geometry"))  # type: ignore[arg-type]
        for key, widget in self._stateful().items():
            if state := settings.value(f"window/{key}"):
                widget.restoreState(state)

    def _stateful(self) -> dict[str, Any]:
        return {"state": self, "main_splitter": self.main_splitter, "tree_columns": self.tree}

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        for key, widget in self._stateful().items():
            settings.setValue(f"window/{key}", widget.saveState())
        if self.ws.tree is not None:
            settings.setValue("last_plan_year", self.ws.tree.year)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Settings, a last backup if anything changed since the newest one, then the lock is given up."""
        if self.remembers:
            self.save_settings()
        self.backup_timer.stop()
        self.lock_timer.stop()
        self.finish_database()
        self.attach.clear_opened()
        super().closeEvent(event)

    def parts(self) -> WindowParts:
        """What the window's controllers are handed of it."""
        return WindowParts(self, lambda *args, **kwargs: self.ops.run(*args, **kwargs),
                           lambda text: self.statusBar().showMessage(text, STATUS_MS))

    def finish_database(self) -> None:
        """Leave the open database: a last backup (a failure is shown, never raised), then close and unlock."""
        from ecodesk.gui.backup_dialog import leave_database

        leave_database(self, self.ws)


def choose_plan(plans: list[PlanInfo], select: int | None = None, current: int | None = None) -> int | None:
    """The plan to show: `select`, else `current`, else the one shown when the window last closed, else the
    newest (None when there are none)."""
    last_year = str(QSettings().value("last_plan_year"))
    remembered = next((p.id for p in plans if str(p.year) == last_year), None)
    ids = [p.id for p in plans]
    return next((i for i in (select, current, remembered, *ids[:1]) if i in ids), None)


STATUS_BAR_SLACK = 12  # px a status bar item takes beside its text: spacing and the size grip's share


def plan_label(year: int, title: str, draft: bool = False) -> str:
    """A plan as the selector lists it; a rollover's draft says so (草案)."""
    return f"{year}年  {title}" + ("（草案）" if draft else "")


def _add(menu: QMenu, actions: list[QAction | None]) -> None:
    for action in actions:
        _ = menu.addSeparator() if action is None else menu.addAction(action)
