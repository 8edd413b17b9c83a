"""TaskTreeModel: the plan's task tree as a Qt item model, plus the proxy that applies the filter bar.

The model is a QStandardItemModel filled from the PlanTree: the view reads cells, flags and headers in C++,
never calling back into Python at each paint, and the first window is drawn without building the enums of
Qt's namespace (see gui/qt_values.py). Each row's first item carries the task id, so an index that outlives
a reload can never dangle. Edits (inline rename, drag and drop) are not applied here: the model asks for
them with signals and the window runs them as undoable commands, after which `set_tree` shows the reloaded
plan.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtGui import QColor, QPixmap, QStandardItem, QStandardItemModel

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.status import Status, is_due_soon
from ecodesk.domain.task_fields import TITLE
from ecodesk.gui.qt_values import DECORATION_ROLE, EDIT_ROLE, FOREGROUND_ROLE, USER_ROLE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeView

COLUMNS = ("编号", "工作任务", "牵头单位", "配合单位", "完成时限", "状态", "最新进展")
COLUMN_COUNT = len(COLUMNS)
EMPTY_ROW = ("",) * COLUMN_COUNT  # what a new item shows
TITLE_COLUMN = 1
STATUS_COLUMN = 5
MIME_TYPE = "application/x-ecodesk-task-id"
ID_ROLE = USER_ROLE  # on each row's first item: the task id
Index = QModelIndex | QPersistentModelIndex

# The marks of the legend: overdue (not done), due within 15 days, done.
MARK_COLORS = {"overdue": QColor("#c62828"), "due_soon": QColor("#e08a00"), "done": QColor("#2e7d32")}
MARK_LABELS = {"overdue": "已滞后", "due_soon": "15天内到期", "done": "已完成"}


def _dot(color: QColor, size: int = 12) -> QPixmap:
    """A small filled, antialiased circle: the mark drawn in front of the task number.

    Each pixel's alpha is how much of it the circle covers (near enough). The pixels reach Qt as a PNG:
    QPainter's setBrush/setPen overloads would build Qt's namespace enums, QImage its 38-member Format
    enum and QIcon its 151-member ThemeIcon enum, all before the first paint (see gui/qt_values.py).
    """
    centre, radius = (size - 1) / 2, size / 2 - 1
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # PNG filter type of the row: none
        for x in range(size):
            cover = min(max(radius + 0.5 - ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5, 0.0), 1.0)
            rows += bytes((color.red(), color.green(), color.blue(), round(255 * cover)))
    pixmap = QPixmap()
    pixmap.loadFromData(_png(size, size, bytes(rows)), "PNG")
    return pixmap


def _png(width: int, height: int, rows: bytes) -> bytes:
    """An 8-bit RGBA PNG of `rows` (each a filter byte, then the row's pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, deflate, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def mark_of(task: TaskNode, today: dt.date) -> str | None:
    """Which legend colour a task gets, if any."""
    if task.status is Status.DONE:
        return "done"
    if task.is_overdue(today):
        return "overdue"
    if is_due_soon(task.status, task.deadline_date, today):
        return "due_soon"
    return None


def _cells(task: TaskNode, today: dt.date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A row's texts, column by column, and its tooltips: the title's adds the measures; the others repeat
    their text, in case the column cuts it off, except the number's and the status's, which always fit."""
    lead, co = "、".join(task.lead_units), "、".join(task.co_units)
    deadline, latest = _deadline_label(task), _latest_label(task)
    texts = (task.number, task.title, lead, co, deadline, task.display_status(today), latest)
    tips = ("", f"{task.number}{task.title}\n{task.measures}".strip(), lead, co, deadline, "", latest)
    return texts, tips


def _deadline_label(task: TaskNode) -> str:
    if task.deadline_text:
        return task.deadline_text
    return format_cn_date(task.deadline_date) if task.deadline_date else ""


def _latest_label(task: TaskNode) -> str:
    latest = task.latest_progress()
    return f"{latest.date.month}月{latest.date.day}日 {latest.text}" if latest else ""


class TaskTreeModel(QStandardItemModel):
    """The rows of a PlanTree; asks for edits with `edit_requested` and `move_requested`."""

    edit_requested = Signal(int, object)  # task id, TaskChanges
    move_requested = Signal(int, object, int)  # task id, new parent id (None = top level), index

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self._tasks: list[TaskNode] = []
        self._nodes: dict[int, TaskNode] = {}
        self._shown: dict[int, tuple[tuple[str, ...], tuple[str, ...], str | None]] = {}  # see _fill_row
        self._parent: dict[int, int | None] = {}
        self._row: dict[int, int] = {}
        self._today = dt.date.today()
        self._dots: dict[str, QPixmap] = {}
        self._title_cell = QStandardItem()  # editable in place: the title column
        self._cell = QStandardItem()
        self._cell.setEditable(False)

    # -- loading ---------------------------------------------------------------------------------------

    def set_tree(self, tree: PlanTree | None, today: dt.date) -> None:
        """Show `tree`: cells updated in place when only fields changed, the rows rebuilt when the shape did."""
        tasks = tree.tasks if tree is not None else []
        same_shape = _shape(tasks) == _shape(self._tasks)
        self._tasks, self._today = tasks, today
        self._index_nodes()
        if same_shape:
            for node in self._nodes.values():
                self._fill_row(None, node)
            return
        self.removeRows(0, self.rowCount())
        self._shown.clear()
        root = self.invisibleRootItem()
        for node in tasks:  # each top-level row is built with its subtree, then added with one signal
            root.appendRow(self._new_row(node))

    def shows(self, tree: PlanTree) -> bool:
        """Whether the rows are `tree`'s own nodes (patched in place by the Workspace since they were set)."""
        return self._tasks is tree.tasks

    def update_tasks(self, task_ids: frozenset[int] | set[int]) -> None:
        """Repaint the rows of these tasks from their nodes: each changed cell emits dataChanged, and no
        other row is looked at."""
        for task_id in task_ids:
            node = self._nodes.get(task_id)
            if node is not None:
                self._fill_row(None, node)

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

    def _new_row(self, node: TaskNode) -> list[QStandardItem]:
        # Clones are plain C++ items: unlike items made from Python, Qt's calls to their virtual methods
        # (data() at every paint) need no look-up of a Python override. Their Python handles lapse once
        # the model takes them, so none is kept: rows are found again by position (index_of).
        items = [(self._title_cell if column == TITLE_COLUMN else self._cell).clone() for column in range(COLUMN_COUNT)]
        items[0].setData(node.id, ID_ROLE)
        self._fill_row(items, node)
        for child in node.children:
            items[0].appendRow(self._new_row(child))
        return items

    def _fill_row(self, items: list[QStandardItem] | None, task: TaskNode) -> None:
        """Set what changed since the row was last filled: setting an equal value would still repaint it.

        What a row shows is remembered here, so that a refresh compares Python tuples rather than reading
        every cell back through PySide6; a mark that goes away is removed with clearData, after which the
        row's values are all set again.
        """
        assert task.id is not None
        texts, tips = _cells(task, self._today)
        mark = mark_of(task, self._today)
        before = self._shown.get(task.id)
        if before == (texts, tips, mark):
            return
        self._shown[task.id] = (texts, tips, mark)
        if items is None:  # a row already shown: its items are reached through the model (see _new_row)
            first = self.index_of(task.id)
            items = [self.itemFromIndex(first.siblingAtColumn(column)) for column in range(COLUMN_COUNT)]
        if before is not None and before[2] not in (None, mark):
            for item in items:
                item.clearData()
            items[0].setData(task.id, ID_ROLE)
            before = None
        old_texts, old_tips = (before[0], before[1]) if before is not None else (EMPTY_ROW, EMPTY_ROW)
        for column, item in enumerate(items):  # a new or cleared item is empty already
            if texts[column] != old_texts[column]:
                item.setText(texts[column])
            if tips[column] != old_tips[column]:
                item.setToolTip(tips[column])
        if mark is not None and (before is None or before[2] != mark):
            items[0].setData(self._mark_dot(mark), DECORATION_ROLE)
            items[STATUS_COLUMN].setData(MARK_COLORS[mark], FOREGROUND_ROLE)

    def _mark_dot(self, mark: str) -> QPixmap:
        if mark not in self._dots:  # pixmaps need a running QGuiApplication, so they are made on first use
            self._dots[mark] = _dot(MARK_COLORS[mark])
        return self._dots[mark]

    # -- lookups ---------------------------------------------------------------------------------------

    def task_id_of(self, index: Index) -> int | None:
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def task_at(self, index: Index) -> TaskNode | None:
        task_id = self.task_id_of(index)
        return self._nodes.get(task_id) if task_id is not None else None

    def index_of(self, task_id: int | None, column: int = 0) -> QModelIndex:
        if task_id not in self._nodes:
            return QModelIndex()
        parent_id = self._parent[task_id]  # type: ignore[index]
        return self.index(self._row[task_id], column, self.index_of(parent_id))  # type: ignore[index]

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
        node = self.task_at(parent)
        return node.children if node is not None else self._tasks

    # -- inline rename ---------------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = EDIT_ROLE) -> bool:
        """Inline rename: ask for the edit; the reload after it shows the result."""
        task = self.task_at(index)
        if task is None or role != EDIT_ROLE or index.column() != TITLE_COLUMN:
            return False
        title = str(value).strip()
        if title and title != task.title:
            assert task.id is not None
            self.edit_requested.emit(task.id, TITLE.to(title))
        return True

    # -- drag and drop ---------------------------------------------------------------------------------

    def supportedDropActions(self) -> QtCore.Qt.DropAction:
        return QtCore.Qt.DropAction.MoveAction

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

    def canDropMimeData(self, data: QMimeData, action: QtCore.Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        dragged = self._dragged(data)
        if dragged is None or action != QtCore.Qt.DropAction.MoveAction:
            return False
        target = self.task_at(parent)
        return target is None or not self._is_within(target.id or 0, dragged)

    def dropMimeData(self, data: QMimeData, action: QtCore.Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
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
        # Which rows show is the ids given to `set_shown`, not a function of their data: an edited row need
        # not be filtered again, which (Qt's default, dynamic filtering) lays the whole tree out again
        # while a filter is set, ~20 ms on a 10,000-task plan.
        self.setDynamicSortFilter(False)

    def set_shown(self, shown: frozenset[int] | None) -> bool:
        """Filter to these ids; whether that changed the rows shown."""
        if shown == self._shown:
            return False
        self.beginFilterChange()
        self._shown = shown
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._shown is None:
            return True
        return self.sourceModel().index(source_row, 0, source_parent).data(ID_ROLE) in self._shown
