"""Fitting the window to the clerk's screen: 1366×768 and 1024×768 laptops, 1920×1080 at 125 % or 150 %.

The window opens within the screen it is on (a geometry saved on a larger screen, or at another scaling,
is not restored as it was); the tree's columns share its width: a narrow 编号, 工作任务 taking what is
left, 编号/状态/序时 as wide as their widest cell, the others at a width that fits their usual text, and any
but the first two hidden or shown again from the header's right-click menu. On a tree too narrow for 状态 and
序时 whole (a 1024×768 laptop), 最新进展 and then 配合单位 step aside until the tree is wide enough again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QRect, QSize, Signal
from PySide6.QtWidgets import QHeaderView, QMainWindow, QMenu, QTreeView

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from ecodesk.gui.task_model import TaskTreeModel

from ecodesk.gui.attachments_panel import dropped_files
from ecodesk.gui.qt_values import CUSTOM_CONTEXT_MENU
from ecodesk.gui.task_model import CO_UNITS_COLUMN, DEADLINE_COLUMN, DOT_SIZE, LATEST_COLUMN

# by column of task_model.COLUMNS; the title (1) stretches
COLUMN_WIDTHS = {0: 92, 2: 90, 3: 96, 4: 120, 5: 84, 6: 150, 7: 160}
# 编号, 状态 (“35/45 已完成”) and 序时 (“未报 40% / 应 50%”): short texts that say nothing once cut, so as
# wide as their widest cell (up to this many times their default), 状态 and 序时 squeezed last
FITTED = (0, 5, 6)
FITTED_MOST = 1.6
# The room Qt's item views leave either side of a cell's text: the style's PM_FocusFrameHMargin (2 in
# QCommonStyle, which the Fusion and Windows styles keep) plus 1. Asking the style would build QStyle's Python
# enums, some 600 members, on the way to the first window (about 45 million instructions; see qt_values.py).
ITEM_TEXT_MARGIN = 3
SQUEEZED_LAST = (5, 6)
INDENT = 14  # per level of the tree, in the 编号 column: Qt's 20 leaves a fourth level's number no room
FIXED_COLUMNS = 2  # 编号 and 工作任务 cannot be hidden
LARGEST = (1440, 900)  # the first start's size on a big screen; smaller screens get most of theirs
OTHERS_SHARE = 0.6  # at most this share of the tree's width goes to the columns beside the title
TITLE_LEAST = 0.25  # ... except to 状态 and 序时, which the title gives room to down to this share
# 最新进展, then 配合单位, then 完成时限 (the panel beside shows it): hidden while 状态 and 序时 would be cut,
# shown again once there is room
CROWDED_OUT = (LATEST_COLUMN, CO_UNITS_COLUMN, DEADLINE_COLUMN)
NARROWEST = 58  # a column squeezed for a small screen keeps this much (a four-character header)
SMALLEST_SHARE = 0.5  # a restored window smaller than this share of the screen opens fitted instead
_SHARED, _CLERKS = b"S", b"C"  # a saved header state's first byte: widths shared out here, or set by the clerk


def fit_window(window: QMainWindow, saved: QByteArray | None) -> None:
    """Restore `saved` if it fits the window's current screen and is not a sliver of it; else fit anew."""
    area = window.screen().availableGeometry()
    if saved and window.restoreGeometry(saved) and fits(window.frameGeometry(), area):
        return
    size = fitted_size(area)
    window.resize(size)
    window.move(area.x() + (area.width() - size.width()) // 2, area.y() + (area.height() - size.height()) // 3)


def fitted_size(area: QRect) -> QSize:
    """The size of a window opened fitted to a screen whose free area is `area`."""
    return QSize(min(LARGEST[0], int(area.width() * 0.94)), min(LARGEST[1], int(area.height() * 0.92)))


def fits(frame: QRect, area: QRect) -> bool:
    """Whether a window of `frame` lies on the screen area (a few pixels of frame may overhang) and takes
    a fair share of it."""
    slack = 16
    inside = (frame.left() >= area.left() - slack and frame.top() >= area.top() - slack
              and frame.right() <= area.right() + slack and frame.bottom() <= area.bottom() + slack)
    big_enough = (frame.width() >= area.width() * SMALLEST_SHARE and frame.height() >= area.height() * SMALLEST_SHARE)
    return inside and big_enough


class TaskTreeView(QTreeView):
    """The task tree, whose columns share its width (see the module docstring) until the clerk drags one:
    from then on (in later sessions too) the clerk's widths are kept.

    Files dragged from outside onto a row emit `files_dropped(index, paths)` (attach them to that task);
    rows dragged within the tree move tasks as before."""

    files_dropped = Signal(QModelIndex, list)
    width_changed = Signal()  # the view's width, after a resize of the window (or of the splitter beside it)

    def __init__(self) -> None:
        super().__init__()
        self.auto_widths = True
        self._fitting = False
        self._fitted_width = -1
        self._shown_width = -1  # as width_changed last told it
        self._content: dict[int, int] = {}  # by fitted column: what its widest cell needs (see follow)
        self.crowded_out: tuple[int, ...] = ()  # columns of CROWDED_OUT hidden for want of room, not by the clerk
        self.header().sectionResized.connect(self._on_resized)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """The model's columns, then their widths and modes (a header without sections takes none)."""
        super().setModel(model)
        self._fitting = True
        share_columns(self)
        self._fitting = False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Files may be dropped on a row only (a task to attach them to), never between rows."""
        if not dropped_files(event.mimeData()):
            super().dragMoveEvent(event)
        elif self.indexAt(event.position().toPoint()).isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event.mimeData())
        if not files:
            super().dropEvent(event)
            return
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            event.acceptProposedAction()
            self.files_dropped.emit(index, files)

    def saveState(self) -> QByteArray:
        """The header's state (widths, columns the clerk hid), as the window's settings keep it, after a byte
        saying whose the widths are. Columns hidden for want of room are saved shown: the next session's
        screen may have it."""
        header = self.header()
        self._fitting = True
        for column in self.crowded_out:
            header.setSectionHidden(column, False)
        state = header.saveState().data()
        for column in self.crowded_out:
            header.setSectionHidden(column, True)
        self._fitting = False
        return QByteArray((_SHARED if self.auto_widths else _CLERKS) + state)

    def restoreState(self, state: QByteArray) -> bool:
        """The last session's hidden columns, and its widths if they were the clerk's; shared widths are shared
        again for this session's screen and rows (as are those of a state saved without the byte, by a version
        that kept every session's widths: those cut 序时 and 状态 at 1366 px)."""
        data = state.data()
        mark, header = (data[:1], data[1:]) if data[:1] in (_SHARED, _CLERKS) else (_SHARED, data)
        restored = self.header().restoreState(QByteArray(header))
        self.auto_widths = self.auto_widths and not (restored and mark == _CLERKS)
        self.fit_contents()
        return restored

    def fit_columns(self) -> None:
        """The default widths (编号, 状态 and 序时: their cells' widest), narrowed when they would leave the title
        too little: the units, the deadline and the latest report first (in proportion), 状态 and 序时 — what a
        period's report is about — only when the others are at their narrowest and the title is down to
        TITLE_LEAST of the width; 编号 never. Before 状态 and 序时 would be cut, CROWDED_OUT step aside."""
        header = self.header()
        wanted = {c: self._fitted_width_of(c, w) if c in FITTED else w for c, w in COLUMN_WIDTHS.items()
                  if c < header.count() and (not header.isSectionHidden(c) or c in self.crowded_out)}
        number = wanted.pop(0, COLUMN_WIDTHS[0])  # a view without columns yet has none
        widths, squeezed = shared_widths(wanted, number, header.width())
        crowded: list[int] = []
        for column in CROWDED_OUT:
            if squeezed and column in wanted:
                del wanted[column]
                crowded.append(column)
                widths, squeezed = shared_widths(wanted, number, header.width())
        self._fitting = True
        for column in {*self.crowded_out, *crowded}:
            header.setSectionHidden(column, column in crowded)
        self.crowded_out = tuple(crowded)
        for column, size in widths.items():
            self.setColumnWidth(column, size)
        self._fitting = False

    def follow(self, model: TaskTreeModel) -> None:
        """Fit 编号, 状态 and 序时 to `model`'s cells (the source of the model shown, which may filter it):
        measured all again when its rows were all set (a plan opened, a period chosen), only the repainted
        ones after an edit, which may widen a column but never narrow it. Every row counts, shown or not, so
        that neither a filter nor a branch expanded needs measuring again."""
        model.cells_changed.connect(lambda task_ids: self._measure(model.fitted_cells(task_ids), task_ids is None))

    def _measure(self, cells: set[tuple[int, int, str, bool]], anew: bool) -> None:
        """Each fitted column's need: its text (at the view's font) within the item's margins on both sides,
        a dot and a margin before it if it has one, and in 编号 the indentation of its depth and the branch."""
        metrics, margin = self.fontMetrics(), ITEM_TEXT_MARGIN
        widths = {} if anew else dict(self._content)
        for column, depth, text, dotted in cells:
            needed = metrics.horizontalAdvance(text) + 2 * margin + (DOT_SIZE + margin if dotted else 0)
            if column == 0:
                needed += (depth + 1) * self.indentation()
            widths[column] = max(widths.get(column, 0), needed)
        if widths != self._content:
            self._content = widths
            self.fit_contents()

    def fit_contents(self) -> None:
        """The cells changed: the fitted columns follow them, unless the clerk has set the widths."""
        if self.auto_widths and self.model() is not None:
            self.fit_columns()

    def _fitted_width_of(self, column: int, default: int) -> int:
        """What the widest cell of `column` needs (with a digit to spare for a count that grows), at least its
        header's (编号: its default) and at most FITTED_MOST times `default`."""
        if column not in self._content:
            return default
        floor = default if column == 0 else self.header().sectionSizeHint(column)
        needed = self._content[column] + self.fontMetrics().horizontalAdvance("0")
        return min(max(needed, floor), int(default * FITTED_MOST))

    def updateGeometries(self) -> None:
        """Qt's call after the view resized (among others): the columns shared again for a new width.
        Not a resizeEvent override: at the first show that would build QEvent's 179-member enum (see
        gui/qt_values.py)."""
        super().updateGeometries()
        width = self.header().width()  # the viewport's: viewport() would make PySide6 load every widget class
        if self.auto_widths and not self._fitting and width != self._fitted_width:
            self._fitted_width = width
            self.fit_columns()
        if width != self._shown_width:
            self._shown_width = width
            self.width_changed.emit()

    def _on_resized(self, column: int, old: int, new: int) -> None:
        """A column the clerk dragged ends the sharing (the stretched title is never dragged). A column hidden
        or shown again is resized from or to 0, by Qt after the hiding, which no drag does (NARROWEST)."""
        if not self._fitting and column != 1 and old and new:
            self.auto_widths = False


def shared_widths(shown: dict[int, int], number: int, width: int) -> tuple[dict[int, int], bool]:
    """The widths of the `shown` columns (by column: its default) and 编号's `number` in a tree `width` wide,
    as TaskTreeView.fit_columns says, and whether 状态 or 序时 had to be narrowed."""
    kept = {c: w for c, w in shown.items() if c in SQUEEZED_LAST}
    others = {c: w for c, w in shown.items() if c not in SQUEEZED_LAST}
    budget = width * OTHERS_SHARE - number - sum(kept.values())
    scale = min(1.0, max(budget, 0) / max(sum(others.values()), 1))
    widths = {c: max(NARROWEST, int(w * scale)) for c, w in others.items()}
    room = width * (1 - TITLE_LEAST) - number - sum(widths.values())
    kept_scale = min(1.0, max(room, 0) / max(sum(kept.values()), 1))
    widths.update({c: max(NARROWEST, int(w * kept_scale)) for c, w in kept.items()})
    widths[0] = number
    return widths, kept_scale < 1


def share_columns(tree: TaskTreeView) -> None:
    """Column widths and resize modes as the module docstring says, and the header's hide/show menu."""
    header = tree.header()
    tree.setIndentation(INDENT)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(NARROWEST)
    for column, width in COLUMN_WIDTHS.items():
        tree.setColumnWidth(column, width)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setProperty("contextMenuPolicy", CUSTOM_CONTEXT_MENU)  # see gui/qt_values.py
    header.customContextMenuRequested.connect(
        lambda pos: column_menu(header, tree.crowded_out).popup(header.mapToGlobal(pos)))


def column_menu(header: QHeaderView, crowded_out: tuple[int, ...] = ()) -> QMenu:
    """The header's right-click menu: a tick per column that may be hidden (deleted once closed); one hidden
    for want of room says so and waits for a wider window."""
    menu = QMenu(header)
    menu.aboutToHide.connect(menu.deleteLater)
    model = header.model()
    for column in range(FIXED_COLUMNS, header.count()):
        name = str(model.headerData(column, header.orientation()))
        action = menu.addAction(f"{name}（窗口较窄，暂不显示）" if column in crowded_out else name)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(column not in crowded_out)
        action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
    return menu
