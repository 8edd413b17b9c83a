"""TaskTreeModel: the plan's task tree as a Qt item model, plus the proxy that applies the filter bar.

Indexes carry the task id (not a Python pointer), so an index that outlives a reload can never dangle.
Edits (inline rename, drag and drop) are not applied here: the model asks for them with signals and the
window runs them as undoable commands, after which `set_tree` shows the reloaded plan.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.status import Status, is_due_soon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeView

COLUMNS = ("编号", "工作任务", "牵头单位", "配合单位", "完成时限", "状态", "最新进展")
COLUMN_COUNT = len(COLUMNS)
TITLE_COLUMN = 1
STATUS_COLUMN = 5
MIME_TYPE = "application/x-ecodesk-task-id"
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root, shared as the default parent

# The marks of the legend: overdue (not done), due within 15 days, done.
MARK_COLORS = {"overdue": QColor("#c62828"), "due_soon": QColor("#e08a00"), "done": QColor("#2e7d32")}
MARK_LABELS = {"overdue": "已滞后", "due_soon": "15天内到期", "done": "已完成"}

# Looked up once: `data` and `flags` run for every visible cell at every paint.
DISPLAY_ROLE, DECORATION_ROLE, EDIT_ROLE, TOOLTIP_ROLE, FOREGROUND_ROLE = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole))
TASK_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
              | Qt.ItemFlag.ItemIsDropEnabled)
TITLE_FLAGS = TASK_FLAGS | Qt.ItemFlag.ItemIsEditable


def _dot(color: QColor) -> QIcon:
    """A small filled circle: the mark drawn in front of the task number."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(color)
    painter.setPen(color)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def mark_of(task: TaskNode, today: dt.date) -> str | None:
    """Which legend colour a task gets, if any."""
    if task.status is Status.DONE:
        return "done"
    if task.is_overdue(today):
        return "overdue"
    if is_due_soon(task.status, task.deadline_date, today):
        return "due_soon"
    return None


def _deadline_label(task: TaskNode) -> str:
    if task.deadline_text:
        return task.deadline_text
    return task.deadline_date.isoformat() if task.deadline_date else ""


def _latest_label(task: TaskNode) -> str:
    latest = task.latest_progress()
    return f"{latest.date:%m-%d} {latest.text}" if latest else ""


class TaskTreeModel(QAbstractItemModel):
    """Read-only view of a PlanTree; asks for edits with `edit_requested` and `move_requested`."""

    edit_requested = Signal(int, dict)  # task id, {field: value}
    move_requested = Signal(int, object, int)  # task id, new parent id (None = top level), index

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tasks: list[TaskNode] = []
        self._nodes: dict[int, TaskNode] = {}
        self._parent: dict[int, int | None] = {}
        self._row: dict[int, int] = {}
        self._today = dt.date.today()
        self._icons: dict[str, QIcon] = {}

    # -- loading ---------------------------------------------------------------------------------------

    def set_tree(self, tree: PlanTree | None, today: dt.date) -> None:
        """Show `tree`: an in-place refresh when only fields changed, a reset when the shape changed."""
        tasks = tree.tasks if tree is not None else []
        same_shape = _shape(tasks) == _shape(self._tasks)
        if not same_shape:
            self.beginResetModel()
        self._tasks, self._today = tasks, today
        self._index_nodes()
        if same_shape:
            self._emit_all_changed(QModelIndex(), self._tasks)
        else:
            self.endResetModel()

    def _index_nodes(self) -> None:
        self._nodes.clear()
        self._parent.clear()
        self._row.clear()

        def visit(siblings: list[TaskNode], parent_id: int | None) -> None:
            for row, node in enumerate(siblings):
                assert node.id is not None
                self._nodes[node.id], self._parent[node.id], self._row[node.id] = node, parent_id, row
                visit(node.children, node.id)

        visit(self._tasks, None)

    def _emit_all_changed(self, parent: QModelIndex, siblings: list[TaskNode]) -> None:
        if not siblings:
            return
        self.dataChanged.emit(self.index(0, 0, parent), self.index(len(siblings) - 1, len(COLUMNS) - 1, parent))
        for row, node in enumerate(siblings):
            self._emit_all_changed(self.index(row, 0, parent), node.children)

    # -- lookups ---------------------------------------------------------------------------------------

    def task_at(self, index: Index) -> TaskNode | None:
        return self._nodes.get(index.internalId()) if index.isValid() else None

    def index_of(self, task_id: int | None, column: int = 0) -> QModelIndex:
        if task_id not in self._nodes:
            return QModelIndex()
        return self.createIndex(self._row[task_id], column, task_id)

    def parent_id(self, task_id: int) -> int | None:
        return self._parent.get(task_id)

    def neighbour_of(self, task_id: int) -> int | None:
        """The task to select once `task_id` is gone: the next sibling, else the previous one, else the parent."""
        parent_id = self._parent.get(task_id)
        siblings = self._nodes[parent_id].children if parent_id is not None else self._tasks
        row = self._row[task_id]
        others = siblings[row + 1:row + 2] or siblings[max(row - 1, 0):row]
        return others[0].id if others else parent_id

    def _children(self, parent: Index) -> list[TaskNode]:
        if not parent.isValid():
            return self._tasks
        node = self._nodes.get(parent.internalId())
        return node.children if node is not None else []

    # -- QAbstractItemModel -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        # Called several times per row whenever the view lays out the tree: `_children` inlined.
        if parent.isValid():
            node = self._nodes.get(parent.internalId())
            children = node.children if node is not None else []
        else:
            children = self._tasks
        if 0 <= row < len(children) and 0 <= column < COLUMN_COUNT:
            return self.createIndex(row, column, children[row].id)
        return QModelIndex()

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        return self.index_of(self._parent.get(index.internalId()))

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for about ten roles per cell at every paint: the mark is worked out only where it is drawn.
        task = self.task_at(index)
        if task is None:
            return None
        if role in (DISPLAY_ROLE, EDIT_ROLE):
            return self._text(task, index.column())
        if role == TOOLTIP_ROLE:
            if index.column() == TITLE_COLUMN:
                return f"{task.number}{task.title}\n{task.measures}".strip()
            return self._text(task, index.column()) or None
        if role == FOREGROUND_ROLE and index.column() == STATUS_COLUMN:
            mark = mark_of(task, self._today)
            return MARK_COLORS[mark] if mark else None
        if role == DECORATION_ROLE and index.column() == 0:
            mark = mark_of(task, self._today)
            return self._icon(mark) if mark else None
        return None

    def _icon(self, mark: str) -> QIcon:
        if mark not in self._icons:  # icons need a running QGuiApplication, so they are made on first use
            self._icons[mark] = _dot(MARK_COLORS[mark])
        return self._icons[mark]

    def _text(self, task: TaskNode, column: int) -> str:
        match column:
            case 0:
                return task.number
            case 1:
                return task.title
            case 2:
                return "、".join(task.lead_units)
            case 3:
                return "、".join(task.co_units)
            case 4:
                return _deadline_label(task)
            case 5:
                return task.display_status(self._today)
            case _:
                return _latest_label(task)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return TITLE_FLAGS if index.column() == TITLE_COLUMN else TASK_FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Inline rename: ask for the edit; the reload after it shows the result."""
        task = self.task_at(index)
        if task is None or role != Qt.ItemDataRole.EditRole or index.column() != TITLE_COLUMN:
            return False
        title = str(value).strip()
        if title and title != task.title:
            assert task.id is not None
            self.edit_requested.emit(task.id, {"title": title})
        return True

    # -- drag and drop ---------------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        """Drag carries the first selected task; moves are one task (with its subtree) at a time."""
        mime = QMimeData()
        task = next((self.task_at(i) for i in indexes if i.isValid()), None)
        if task is not None:
            mime.setData(MIME_TYPE, str(task.id).encode())
        return mime

    def _dragged(self, data: QMimeData) -> int | None:
        raw = bytes(data.data(MIME_TYPE).data()).decode() if data.hasFormat(MIME_TYPE) else ""
        return int(raw) if raw.isdigit() and int(raw) in self._nodes else None

    def _is_within(self, task_id: int, ancestor_id: int) -> bool:
        current: int | None = task_id
        while current is not None:
            if current == ancestor_id:
                return True
            current = self._parent.get(current)
        return False

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        dragged = self._dragged(data)
        if dragged is None or action != Qt.DropAction.MoveAction:
            return False
        target = self.task_at(parent)
        return target is None or not self._is_within(target.id or 0, dragged)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Ask for the move; returns False so the view never removes rows itself (the reload does)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        dragged = self._dragged(data)
        assert dragged is not None
        target = self.task_at(parent)
        new_parent = target.id if target is not None else None
        index = row if row >= 0 else len(self._children(parent))
        if self._parent[dragged] == new_parent and self._row[dragged] < index:
            index -= 1  # the service counts positions with the task already taken out
        if (self._parent[dragged], self._row[dragged]) != (new_parent, index):
            self.move_requested.emit(dragged, new_parent, index)
        return False


def expand_branches(view: QTreeView, model: TaskTreeModel, proxy: QSortFilterProxyModel,
                    skip: set[int] | frozenset[int] = frozenset()) -> None:
    """Expand every shown task that has subtasks, except those in `skip`: what `expandAll` shows, but
    without laying out the whole tree at once (the view lays out once, when it next paints) and, when the
    tasks are already expanded, without laying it out again after every edit."""
    for task_id, node in model._nodes.items():
        if node.children and task_id not in skip:
            view.expand(proxy.mapFromSource(model.index_of(task_id)))


def _shape(tasks: list[TaskNode]) -> tuple:
    return tuple((t.id, _shape(t.children)) for t in tasks)


class TaskFilterProxy(QSortFilterProxyModel):
    """Shows only the task ids the filter bar computed (matches plus their ancestors); None shows all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._shown: frozenset[int] | None = None

    def set_shown(self, shown: frozenset[int] | None) -> None:
        if shown == self._shown:
            return
        self.beginFilterChange()
        self._shown = shown
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._shown is None:
            return True
        return self.sourceModel().index(source_row, 0, source_parent).internalId() in self._shown
