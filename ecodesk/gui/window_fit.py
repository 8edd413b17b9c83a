"""Fitting the window to the clerk's screen: 1366×768 and 1024×768 laptops, 1920×1080 at 125 % or 150 %.

The window opens within the screen it is on (a geometry saved on a larger screen, or at another scaling,
is not restored as it was); the tree's columns share its width: a narrow 编号, 工作任务 taking what is
left, the others at a width that fits their usual text, and any but the first two hidden or shown again
from the header's right-click menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QRect, Signal
from PySide6.QtWidgets import QHeaderView, QMainWindow, QMenu, QTreeView

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from ecodesk.gui.attachments_panel import dropped_files
from ecodesk.gui.qt_values import CUSTOM_CONTEXT_MENU

# by column of task_model.COLUMNS; the title (1) stretches
COLUMN_WIDTHS = {0: 92, 2: 90, 3: 96, 4: 120, 5: 84, 6: 176, 7: 160}
SQUEEZED_LAST = (5, 6)  # 状态 and 序时
INDENT = 14  # per level of the tree, in the 编号 column: Qt's 20 leaves a fourth level's number no room
FIXED_COLUMNS = 2  # 编号 and 工作任务 cannot be hidden
LARGEST = (1440, 900)  # the first start's size on a big screen; smaller screens get most of theirs
OTHERS_SHARE = 0.6  # at most this share of the tree's width goes to the columns beside the title
NARROWEST = 58  # a column squeezed for a small screen keeps this much (a four-character header)
SMALLEST_SHARE = 0.5  # a restored window smaller than this share of the screen opens fitted instead


def fit_window(window: QMainWindow, saved: QByteArray | None) -> None:
    """Restore `saved` if it fits the window's current screen and is not a sliver of it; else fit anew."""
    area = window.screen().availableGeometry()
    if saved and window.restoreGeometry(saved) and fits(window.frameGeometry(), area):
        return
    width = min(LARGEST[0], int(area.width() * 0.94))
    height = min(LARGEST[1], int(area.height() * 0.92))
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 3)


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
    from then on (and with widths restored from the last session) the clerk's widths are kept.

    Files dragged from outside onto a row emit `files_dropped(index, paths)` (attach them to that task);
    rows dragged within the tree move tasks as before."""

    files_dropped = Signal(QModelIndex, list)

    def __init__(self) -> None:
        super().__init__()
        self.auto_widths = True
        self._fitting = False
        self._fitted_width = -1
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
        """The header's state (widths, hidden columns), as the window's settings keep it."""
        return self.header().saveState()

    def restoreState(self, state: QByteArray) -> bool:
        """The last session's widths, kept from then on as if the clerk had just set them."""
        restored = self.header().restoreState(state)
        self.auto_widths = self.auto_widths and not restored
        return restored

    def fit_columns(self) -> None:
        """The default widths, narrowed when they would leave the title too little: the units, the deadline and
        the latest report first (in proportion), 状态 and 序时 — what a period's report is about — only when the
        others are at their narrowest."""
        header = self.header()
        shown = {c: w for c, w in COLUMN_WIDTHS.items()
                 if 0 < c < header.count() and not header.isSectionHidden(c)}  # 编号 keeps its width
        budget = self.header().width() * OTHERS_SHARE - COLUMN_WIDTHS[0]
        kept = {c: w for c, w in shown.items() if c in SQUEEZED_LAST}
        others = {c: w for c, w in shown.items() if c not in SQUEEZED_LAST}
        scale = min(1.0, max(budget - sum(kept.values()), 0) / max(sum(others.values()), 1))
        widths = {c: max(NARROWEST, int(w * scale)) for c, w in others.items()}
        room = budget - sum(widths.values())
        kept_scale = min(1.0, max(room, 0) / max(sum(kept.values()), 1))
        widths.update({c: max(NARROWEST, int(w * kept_scale)) for c, w in kept.items()})
        self._fitting = True
        for column, width in widths.items():
            self.setColumnWidth(column, width)
        self._fitting = False

    def updateGeometries(self) -> None:
        """Qt's call after the view resized (among others): the columns shared again for a new width.
        Not a resizeEvent override: at the first show that would build QEvent's 179-member enum (see
        gui/qt_values.py)."""
        super().updateGeometries()
        width = self.header().width()  # the viewport's: viewport() would make PySide6 load every widget class
        if self.auto_widths and not self._fitting and width != self._fitted_width:
            self._fitted_width = width
            self.fit_columns()

    def _on_resized(self, column: int, _old: int, _new: int) -> None:
        """A column the clerk dragged ends the sharing (the stretched title is never dragged)."""
        if not self._fitting and column != 1:
            self.auto_widths = False


def share_columns(tree: QTreeView) -> None:
    """Column widths and resize modes as the module docstring says, and the header's hide/show menu."""
    header = tree.header()
    tree.setIndentation(INDENT)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(NARROWEST)
    for column, width in COLUMN_WIDTHS.items():
        tree.setColumnWidth(column, width)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setProperty("contextMenuPolicy", CUSTOM_CONTEXT_MENU)  # see gui/qt_values.py
    header.customContextMenuRequested.connect(lambda pos: column_menu(header).popup(header.mapToGlobal(pos)))


def column_menu(header: QHeaderView) -> QMenu:
    """The header's right-click menu: a tick per column that may be hidden (deleted once closed)."""
    menu = QMenu(header)
    menu.aboutToHide.connect(menu.deleteLater)
    model = header.model()
    for column in range(FIXED_COLUMNS, header.count()):
        action = menu.addAction(str(model.headerData(column, header.orientation())))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
    return menu
