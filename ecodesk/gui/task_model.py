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
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6 import QtCore
from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtGui import QColor, QPixmap, QStandardItem, QStandardItemModel

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.pace import Light
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.status import Status, is_due_soon
from ecodesk.domain.task_fields import TITLE
from ecodesk.gui.qt_values import DECORATION_ROLE, EDIT_ROLE, FOREGROUND_ROLE, USER_ROLE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeView

COLUMNS = ("编号", "工作任务", "牵头单位", "配合单位", "完成时限", "状态", "序时", "最新进展")
COLUMN_COUNT = len(COLUMNS)
EMPTY_ROW = ("",) * COLUMN_COUNT  # what a new item shows
TITLE_COLUMN = 1
CO_UNITS_COLUMN = 3
DEADLINE_COLUMN = 4
STATUS_COLUMN = 5
PACE_COLUMN = 6
LATEST_COLUMN = 7
MIME_TYPE = "application/x-ecodesk-task-id"
ID_ROLE = USER_ROLE  # on each row's first item: the task id
Index = QModelIndex | QPersistentModelIndex

# The marks of the legend: overdue (not done), due within 15 days, done.
MARK_COLORS = {"overdue": QColor("#c62828"), "due_soon": QColor("#e08a00"), "done": QColor("#2e7d32")}
MARK_LABELS = {"overdue": "已滞后", "due_soon": "15天内到期", "done": "已完成"}
# The 序时 lights (domain/pace), worst first: a parent row shows the worst of the tasks below it.
LIGHT_COLORS = {Light.RED: QColor("#c62828"), Light.YELLOW: QColor("#e0a800"), Light.BLUE: QColor("#1e6fd0"),
                Light.GREEN: QColor("#43a047"), Light.DONE: QColor("#90a4ae")}
LIGHT_ORDER = tuple(LIGHT_COLORS)
LIGHT_RANK = {light: rank for rank, light in enumerate(LIGHT_ORDER)}
PACE_HEADER_TIP = ("序时进度：实际完成进度 / 按时间应完成的进度（从年初到完成时限按天计算）。\n"
                   "红：逾期或落后超过规定；黄：落后；蓝：15天内到期；绿：达到或超过；灰：已完成。\n"
                   "未报：本期报送轮次内没有进展记录。上级任务显示下级中最落后的灯色。")
UNREPORTED = "未报"
Marks = Mapping[int, TaskMark]


DOT_SIZE = 12  # the marks and lights before a cell's text, in pixels


def _dot(color: QColor, size: int = DOT_SIZE) -> QPixmap:
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


def _cells(task: TaskNode, today: dt.date, marks: Marks, below: LeafSum | None,
           year: int | None) -> tuple[tuple[str, ...], tuple[str, ...], Light | None]:
    """A row's texts, column by column, its tooltips and its 序时 light: the title's tooltip adds the
    measures; the others repeat their text, in case the column cuts it off, except the number's (and the
    deadline's, which the cell gives without the plan's own `year`: “6月底前”, not “2021年…”); a parent
    row's status and 序时 sum up the leaf tasks below it (`below`, None for a leaf: “3/12 已完成”, the worst
    light)."""
    lead, co = "、".join(task.lead_units), "、".join(task.co_units)
    deadline, latest = _deadline_label(task), _latest_label(task)
    in_year = deadline.removeprefix(f"{year}年") if year is not None else deadline
    if below is not None:
        (status, pace), (status_tip, pace_tip), light = _branch_summary(below)
    else:
        status, status_tip = task.display_status(today), ""
        pace, pace_tip, light = _leaf_pace(marks.get(task.id or -1), today)
    texts = (task.number, task.title, lead, co, in_year, status, pace, latest)
    tips = ("", f"{task.number}{task.title}\n{task.measures}".strip(), lead, co, deadline, status_tip, pace_tip, latest)
    return texts, tips, light


class LeafSum(NamedTuple):
    """What a parent row sums up of the leaf tasks below it (those not cancelled). Kept for every parent,
    so that a parent's sum is added up from its children's (a leaf child's own part, a parent child's sum):
    the plan is summed once, bottom-up, and an edit sums again only the rows above it. A NamedTuple: made
    for every parent at each refresh, and built without the code a dataclass compiles at start-up."""

    counted: int
    done: int
    marked: int  # of them, with a 序时 mark in the period shown
    behind: int  # marked red or yellow
    unreported: int
    worst: int  # the rank in LIGHT_ORDER of the worst light among them (none: len(LIGHT_ORDER))

    @staticmethod
    def of(children: list[TaskNode], sums: Mapping[int, LeafSum], marks: Marks) -> LeafSum:
        """A parent's sum, from its `children` and the `sums` of those that are parents themselves."""
        counted = done = marked = behind = unreported = 0
        worst = len(LIGHT_ORDER)
        for child in children:
            if child.children:
                below = sums[child.id or -1]
                counted, done, marked = counted + below.counted, done + below.done, marked + below.marked
                behind, unreported = behind + below.behind, unreported + below.unreported
                worst = min(worst, below.worst)
            elif child.status is not Status.CANCELLED:
                counted += 1
                done += child.status is Status.DONE
                mark = marks.get(child.id or -1)
                if mark is not None:
                    marked += 1
                    behind += mark.light in (Light.RED, Light.YELLOW)
                    unreported += mark.unreported
                    worst = min(worst, LIGHT_RANK.get(mark.light, worst))
        return LeafSum(counted, done, marked, behind, unreported, worst)


_LIGHT_MEANING = {Light.RED: "已逾期，或落后于序时进度超过规定的百分点", Light.YELLOW: "落后于序时进度",
                  Light.BLUE: "15天内到期，尚未完成", Light.GREEN: "达到或超过序时进度", Light.DONE: "已完成"}


def _leaf_pace(mark: TaskMark | None, day: dt.date) -> tuple[str, str, Light | None]:
    """“40% / 应 50%” (“未报 ” before it when the period has no update; the tooltips say it whole), what it
    means, its light."""
    if mark is None:
        return "", "", None
    text = f"{UNREPORTED} {mark.pace.short}" if mark.unreported else mark.pace.short
    if mark.expected is None:
        tip = f"实际完成 {mark.pace.actual}%；没有具体完成时限（如长期坚持）的任务不计序时进度"
    else:
        tip = (f"序时进度：按开始日期到完成时限的时间算，截至{day.month}月{day.day}日应完成 {mark.expected:g}%，"
               f"实际完成 {mark.pace.actual}%")
    if mark.light in _LIGHT_MEANING:
        tip += f"\n{mark.light.label}：{_LIGHT_MEANING[mark.light]}"
    if mark.unreported:
        tip += "\n未报：本期报送轮次内没有进展记录"
    return text, tip, None if mark.light is Light.NONE else mark.light


def _branch_summary(below: LeafSum) -> tuple[tuple[str, str], tuple[str, str], Light | None]:
    """A parent row's status and 序时 texts, their tooltips and its worst light, from its leaf tasks' sum."""
    parts = [f"欠进度 {below.behind}"] if below.behind else []
    pace = "，".join(parts + ([f"{UNREPORTED} {below.unreported}"] if below.unreported else []))
    status_tip = f"下级共 {below.counted} 项末级任务（不含已取消），已完成 {below.done} 项"
    pace_tip = (f"下级末级任务中欠进度 {below.behind} 项、未报 {below.unreported} 项；圆点为其中最落后的序时灯色"
                if below.marked else "")
    light = LIGHT_ORDER[below.worst] if below.worst < len(LIGHT_ORDER) else None
    return (f"{below.done}/{below.counted} 已完成", pace), (status_tip, pace_tip), light


def _deadline_label(task: TaskNode) -> str:
    if task.deadline_text:
        return task.deadline_text
    return format_cn_date(task.deadline_date) if task.deadline_date else ""


def _latest_label(task: TaskNode) -> str:
    latest = task.latest_progress()
    return f"{latest.date.month}月{latest.date.day}日 {latest.text}" if latest else ""


Shown = tuple[tuple[str, ...], tuple[str, ...], str | None, Light | None]  # a row's texts, tips, mark, light


def _fitted(row: Shown) -> tuple[str, str, str, bool, bool]:
    """What of a row `TaskTreeModel.fitted_cells` measures: 编号, 状态 and 序时, and whether dots stand before."""
    texts, _tips, mark, light = row
    return texts[0], texts[STATUS_COLUMN], texts[PACE_COLUMN], mark is not None, light is not None


class TaskTreeModel(QStandardItemModel):
    """The rows of a PlanTree; asks for edits with `edit_requested` and `move_requested`."""

    edit_requested = Signal(int, object)  # task id, TaskChanges
    move_requested = Signal(int, object, int)  # task id, new parent id (None = top level), index
    cells_changed = Signal(object)  # the task ids whose fitted_cells changed, None for all rows

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.horizontalHeaderItem(PACE_COLUMN).setToolTip(PACE_HEADER_TIP)
        self._tasks: list[TaskNode] = []
        self._nodes: dict[int, TaskNode] = {}
        self._shown: dict[int, Shown] = {}  # _fill_row
        self._marks: Marks = {}
        self._sums: dict[int, LeafSum] = {}  # each parent row's sum of the leaf tasks below it
        self._parent: dict[int, int | None] = {}
        self._row: dict[int, int] = {}
        self._shape: list[tuple[int, int | None]] = []  # see _index_nodes
        self._depth: dict[int, int] = {}
        self._today = dt.date.today()
        self._year: int | None = None  # the plan's: its deadlines are shown without it
        self._dots: dict[str, QPixmap] = {}
        self._title_cell = QStandardItem()  # editable in place: the title column
        self._cell = QStandardItem()
        self._cell.setEditable(False)

    # -- loading ---------------------------------------------------------------------------------------

    def set_tree(self, tree: PlanTree | None, today: dt.date, marks: Marks | None = None) -> None:
        """Show `tree` as of `today` with its tasks' 序时 `marks` (domain/reporting): cells updated in place
        when only fields changed, the rows rebuilt when the shape did."""
        tasks = tree.tasks if tree is not None else []
        shown_shape = self._shape
        self._tasks, self._today, self._marks = tasks, today, marks or {}
        self._year = tree.year if tree is not None else None
        self._index_nodes()
        same_shape = self._shape == shown_shape
        self._sums.clear()
        for node in tasks:
            self._sum_subtree(node)
        if same_shape:
            for node in self._nodes.values():
                self._fill_row(None, node)
        else:
            self.removeRows(0, self.rowCount())
            self._shown.clear()
            root = self.invisibleRootItem()
            for node in tasks:  # each top-level row is built with its subtree, then added with one signal
                root.appendRow(self._new_row(node))
        self.cells_changed.emit(None)

    def shows(self, tree: PlanTree) -> bool:
        """Whether the rows are `tree`'s own nodes (patched in place by the Workspace since they were set)."""
        return self._tasks is tree.tasks

    def update_tasks(self, task_ids: frozenset[int] | set[int], marks: Marks | None = None) -> None:
        """Repaint the rows of these tasks (with their new `marks`) and of the parents summing them up:
        each changed cell emits dataChanged, and no other row is looked at."""
        self._marks = {**self._marks, **(marks or {})}
        for task_id in task_ids:  # each path up summed again from the bottom, from its children's sums
            current: int | None = task_id if task_id in self._nodes else None
            while current is not None:
                self._sum_row(self._nodes[current])
                current = self._parent.get(current)
        self._fill_rows(self.with_ancestors(task_ids))

    def update_rows(self, task_ids: Iterable[int]) -> None:
        """Repaint these tasks' own rows: an edit of fields that no mark and no row above them reads."""
        self._fill_rows([task_id for task_id in task_ids if task_id in self._nodes])

    def _fill_rows(self, task_ids: list[int]) -> None:
        refitted = [task_id for task_id in task_ids if self._fill_row(None, self._nodes[task_id])]
        if refitted:
            self.cells_changed.emit(refitted)

    def _sum_subtree(self, node: TaskNode) -> None:
        """Sum the parents of the subtree, children first: each leaf is added once per plan, not once per
        parent above it."""
        for child in node.children:
            if child.children:
                self._sum_subtree(child)
        self._sum_row(node)

    def _sum_row(self, node: TaskNode) -> None:
        """A parent row's sum from its children (those below them summed already); a leaf has none."""
        if node.children and node.id is not None:
            self._sums[node.id] = LeafSum.of(node.children, self._sums, self._marks)

    def with_ancestors(self, task_ids: frozenset[int] | set[int]) -> list[int]:
        """These shown tasks and the parents above them, each once."""
        found: dict[int, None] = {}
        for task_id in task_ids:
            current: int | None = task_id if task_id in self._nodes else None
            while current is not None and current not in found:
                found[current] = None
                current = self._parent.get(current)
        return list(found)

    def _index_nodes(self) -> None:
        """Index the tasks by id, and note the tree's shape: (id, parent id) of every task in tree order,
        which tells the same shape from another with one list comparison."""
        self._nodes.clear()
        self._parent.clear()
        self._row.clear()
        self._depth.clear()
        shape: list[tuple[int, int | None]] = []
        self._shape = shape

        def visit(siblings: list[TaskNode], parent_id: int | None, depth: int) -> None:
            for row, node in enumerate(siblings):
                assert node.id is not None
                self._nodes[node.id], self._parent[node.id], self._row[node.id] = node, parent_id, row
                shape.append((node.id, parent_id))
                self._depth[node.id] = depth
                visit(node.children, node.id, depth + 1)

        visit(self._tasks, None, 0)

    def fitted_cells(self, task_ids: Iterable[int] | None = None) -> set[tuple[int, int, str, bool]]:
        """The 编号, 状态 and 序时 cells of these tasks' rows (all rows for None), each once, as (column, the
        row's depth in 编号 else 0, text, whether a dot stands before it): what the tree measures to fit those
        columns to their widest cell."""
        cells: set[tuple[int, int, str, bool]] = set()
        for task_id in self._shown if task_ids is None else task_ids:
            number, status, pace, marked, lit = _fitted(self._shown[task_id])
            cells.update(((0, self._depth[task_id], number, marked), (STATUS_COLUMN, 0, status, False),
                          (PACE_COLUMN, 0, pace, lit)))
        return cells

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

    def _fill_row(self, items: list[QStandardItem] | None, task: TaskNode) -> bool:
        """Set what changed since the row was last filled (setting an equal value would still repaint it);
        whether any of its `fitted_cells` changed.

        What a row shows is remembered here, so that a refresh compares Python tuples rather than reading
        every cell back through PySide6; a mark or a 序时 light is replaced (or removed) in its own cells.
        """
        assert task.id is not None
        texts, tips, light = _cells(task, self._today, self._marks, self._sums.get(task.id), self._year)
        mark = mark_of(task, self._today)
        before = self._shown.get(task.id)
        if before == (texts, tips, mark, light):
            return False
        self._shown[task.id] = (texts, tips, mark, light)
        item = self._item_getter(items, task.id)
        old_texts, old_tips = (before[0], before[1]) if before is not None else (EMPTY_ROW, EMPTY_ROW)
        for column in range(COLUMN_COUNT):  # a new item is empty already
            if texts[column] != old_texts[column]:
                item(column).setText(texts[column])
            if tips[column] != old_tips[column]:
                item(column).setToolTip(tips[column])
        if mark != (before[2] if before is not None else None):  # one gone leaves no dot and no colour (None)
            item(0).setData(self._dot(MARK_COLORS[mark]) if mark is not None else None, DECORATION_ROLE)
            item(STATUS_COLUMN).setData(MARK_COLORS[mark] if mark is not None else None, FOREGROUND_ROLE)
        if light != (before[3] if before is not None else None):  # one gone leaves the cell without a dot
            item(PACE_COLUMN).setData(self._dot(LIGHT_COLORS[light]) if light is not None else None, DECORATION_ROLE)
        return before is None or _fitted(before) != _fitted((texts, tips, mark, light))

    def _item_getter(self, items: list[QStandardItem] | None, task_id: int) -> Callable[[int], QStandardItem]:
        """A row's item by column: from `items` for a new row; for a row already shown, reached through the
        model (see _new_row) only for the columns that change, since a period switch changes two or three."""
        if items is not None:
            return items.__getitem__
        first, found = self.index_of(task_id), {}

        def item(column: int) -> QStandardItem:
            if column not in found:
                found[column] = self.itemFromIndex(first.siblingAtColumn(column))
            return found[column]

        return item

    def _dot(self, color: QColor) -> QPixmap:
        key = color.name()
        if key not in self._dots:  # pixmaps need a running QGuiApplication, so they are made on first use
            self._dots[key] = _dot(color)
        return self._dots[key]

    def tasks_of(self, task_ids: list[int]) -> list[TaskNode]:
        return [self._nodes[i] for i in task_ids if i in self._nodes]

    def mark_of_task(self, task_id: int) -> TaskMark | None:
        """The 序时 mark shown for a task (None before marks are given, or for a task not shown)."""
        return self._marks.get(task_id)

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
