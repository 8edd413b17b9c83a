"""文件 ▸ 进展征集…: send the period's table to the chosen 股室, receive the filled tables back with a preview
(a tick per row), and see who has returned.

The work is the service's (services/collection.py): reading and judging returned files runs off the GUI
thread; the ticked rows are recorded through the Workspace's door for writes that are not undone step by
step (`Workspace.perform`), one transaction per file, and the window repaints the tasks they name.
Files are picked with gui/file_dialogs (never a native dialog that reads their content) or dropped in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.changes import Changes
from ecodesk.domain.collection import ReturnPreview, RowKind, local_minute
from ecodesk.domain.errors import UserError
from ecodesk.domain.periods import Period, PeriodKind, current_period
from ecodesk.gui import file_dialogs
from ecodesk.gui.dialogs import show_error
from ecodesk.gui.parts import WindowParts
from ecodesk.gui.workspace import Workspace
from ecodesk.services import collection

RETURN_FILTER = "进展征集表 (*.xlsx *.xls *.xlsm *.et);;所有文件 (*)"
PREVIEW_HEADER = ("接收", "股室", "行", "任务", "判断", "本期进展情况", "完成进度", "状态", "存在问题", "下步打算",
                  "说明")
PREVIEW_WIDTHS = (40, 70, 36, 210, 80, 250, 64, 60, 110, 110)  # 说明, the last, takes the rest
REGISTER_HEADER = ("股室", "报送情况", "接收时间", "记录项数", "份数", "填报人")


class CollectDialog(QDialog):
    """The three steps of a round of collection for the shown plan and the chosen period."""

    def __init__(self, ws: Workspace, parts: WindowParts) -> None:
        super().__init__(parts.parent)
        assert ws.tree is not None and ws.plan_id is not None
        self.ws, self.parts, self.plan_id = ws, parts, ws.plan_id
        self.setWindowTitle("进展征集")
        self.resize(1100, 640)
        self.setAcceptDrops(True)
        self.periods = [p for p in ws.tree.reporting_periods() if p.kind is not PeriodKind.MONTH] \
            or ws.tree.reporting_periods()
        self.period_box = QComboBox()
        for period in self.periods:
            self.period_box.addItem(f"{period.label}（报送截止{period.due.month}月{period.due.day}日）")
        today = ws.today()
        default = current_period(self.periods, today) if today.year == ws.tree.year else self.periods[-1]
        self.period_box.setCurrentIndex(self.periods.index(default))
        self.period_box.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.previews: list[ReturnPreview] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._send_tab(), "发出征集表")
        self.tabs.addTab(self._receive_tab(), "接收填报")
        self.tabs.addTab(self._register_tab(), "报送情况")
        top = QHBoxLayout()
        top.addWidget(QLabel("报告期："))
        top.addWidget(self.period_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self.show_register()

    @property
    def period(self) -> Period:
        return self.periods[self.period_box.currentIndex()]

    def _period_changed(self) -> None:
        self._show_previews([], [])
        self.show_register()

    # -- send --------------------------------------------------------------------------------------

    def _send_tab(self) -> QWidget:
        assert self.ws.tree is not None
        self.unit_list = QListWidget()
        for form in collection.forms_of(self.ws.tree, self.period):
            led = sum(1 for r in form.rows if r.role.startswith(collection.LEAD))
            text = f"{form.unit}（共 {len(form.rows)} 项：牵头 {led} 项，配合 {len(form.rows) - led} 项）"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, form.unit)
            item.setCheckState(Qt.CheckState.Checked)
            self.unit_list.addItem(item)
        send = QPushButton("生成所选股室的征集表…")
        send.clicked.connect(self.send)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel("每个股室一个 Excel 文件，列出其牵头和配合的任务，填好后交回办公室："))
        layout.addWidget(self.unit_list)
        layout.addWidget(send, alignment=Qt.AlignmentFlag.AlignRight)
        return tab

    def chosen_units(self) -> list[str]:
        items = (self.unit_list.item(i) for i in range(self.unit_list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def send(self) -> None:
        units = self.chosen_units()
        if not units:
            show_error(self, UserError("请至少勾选一个股室"))
            return
        folder = file_dialogs.folder_name(self, "选择保存征集表的文件夹")
        if folder:
            self.send_to(Path(folder), units)

    def send_to(self, folder: Path, units: Sequence[str]) -> None:
        db, plan_id, key = self.ws.db, self.plan_id, self.period.key
        self.parts.run(self, "正在生成征集表…", lambda: collection.send_forms(db, plan_id, key, folder, units),
                       on_done=lambda paths: self.parts.show_status(f"已生成 {len(paths)} 个股室的征集表：{folder}"),
                       on_error=lambda err: show_error(self, err))

    # -- receive -----------------------------------------------------------------------------------

    def _receive_tab(self) -> QWidget:
        pick = QPushButton("选择文件…")
        pick.clicked.connect(self.pick_files)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #9c0006")
        self.problems.setVisible(False)
        self.preview_table = QTableWidget(0, len(PREVIEW_HEADER))
        self.preview_table.setHorizontalHeaderLabels(PREVIEW_HEADER)
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(PREVIEW_WIDTHS):
            self.preview_table.setColumnWidth(column, width)
        self.summary = QLabel("选择或拖入股室交回的征集表（可多选，或拖入文件夹）")
        self.accept_button = QPushButton("记录勾选的进展")
        self.accept_button.setEnabled(False)
        self.accept_button.clicked.connect(self.record)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(pick)
        layout.addLayout(row)
        layout.addWidget(self.problems)
        layout.addWidget(self.preview_table)
        layout.addWidget(self.accept_button, alignment=Qt.AlignmentFlag.AlignRight)
        return tab

    def pick_files(self) -> None:
        paths = file_dialogs.open_file_names(self, "选择交回的征集表", RETURN_FILTER)
        if paths:
            self.read_files([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.tabs.setCurrentIndex(1)
            self.read_files(paths)

    def read_files(self, paths: Sequence[Path]) -> None:
        """Read and judge the files (folders: the spreadsheets in them) off the GUI thread."""
        db, plan_id, key = self.ws.db, self.plan_id, self.period.key
        self.parts.run(self, "正在读取征集表…", lambda: collection.preview_returns(db, plan_id, paths, key),
                       on_done=lambda got: self._show_previews(*got), on_error=lambda err: show_error(self, err))

    def _show_previews(self, previews: list[ReturnPreview], problems: list[str]) -> None:
        self.previews = previews
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        rows = [(p, r) for p in previews for r in p.rows if r.kind is not RowKind.BLANK]
        table = self.preview_table
        table.setRowCount(len(rows))
        for index, (preview, row) in enumerate(rows):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.ItemIsUserCheckable if row.recordable
                                                       else Qt.ItemFlag.NoItemFlags))
            if row.recordable:
                tick.setCheckState(Qt.CheckState.Checked if row.line in preview.default_accepted()
                                   else Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, (previews.index(preview), row.line))
            fill = row.fill
            cells = [preview.unit, str(row.line), row.label, row.kind.value, fill.text if fill else "",
                     "" if fill is None or fill.percent is None else f"{fill.percent}%",
                     fill.status.value if fill and fill.status else "", fill.problems if fill else "",
                     fill.next_steps if fill else "", row.reason]
            table.setItem(index, 0, tick)
            for column, text in enumerate(cells, start=1):
                table.setItem(index, column, QTableWidgetItem(text))
        table.resizeRowsToContents()
        self.summary.setText("\n".join(p.summary() for p in previews) or "没有可接收的征集表")
        self.accept_button.setEnabled(any(r.recordable for _p, r in rows))

    def ticked(self) -> dict[int, set[int]]:
        """The lines ticked, by preview (its index in `previews`)."""
        chosen: dict[int, set[int]] = {i: set() for i in range(len(self.previews))}
        for index in range(self.preview_table.rowCount()):
            tick = self.preview_table.item(index, 0)
            if tick.checkState() == Qt.CheckState.Checked:
                which, line = tick.data(Qt.ItemDataRole.UserRole)
                chosen[which].add(line)
        return chosen

    def record(self) -> None:
        """The ticked rows, one transaction per file, through the door; then the register again."""
        db, previews, ticked = self.ws.db, list(self.previews), self.ticked()

        def write() -> list[collection.Received]:
            return [collection.receive_return(db, p, ticked[i]) for i, p in enumerate(previews)]

        def changes(results: list[collection.Received]) -> Changes:
            made = Changes()
            for result in results:
                made = made | result.changes
            return made

        def then(results: list[collection.Received]) -> None:
            self.summary.setText("\n".join(r.message for r in results))
            self.parts.show_status(f"已记录 {sum(r.recorded for r in results)} 项任务的进展")
            self.preview_table.setRowCount(0)
            self.previews = []
            self.accept_button.setEnabled(False)
            self.show_register()

        self.ws.perform(write, changes, then=then, busy="正在记录进展…")

    # -- register ----------------------------------------------------------------------------------

    def _register_tab(self) -> QWidget:
        self.register_table = QTableWidget(0, len(REGISTER_HEADER))
        self.register_table.setHorizontalHeaderLabels(REGISTER_HEADER)
        self.register_table.verticalHeader().setVisible(False)
        self.register_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.register_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.register_label = QLabel()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.register_label)
        layout.addWidget(self.register_table)
        return tab

    def show_register(self) -> None:
        rows = collection.register(self.ws.db, self.plan_id, self.period.key)
        self.register_label.setText(f"{self.period.label}：已报送 {sum(r.returned for r in rows)} 个股室，"
                                    f"未报送 {sum(not r.returned for r in rows)} 个")
        self.register_table.setRowCount(len(rows))
        for index, r in enumerate(rows):
            when = local_minute(r.received_at) if r.received_at else ""
            cells = (r.unit, "已报送" if r.returned else "未报送", when, str(r.rows) if r.returned else "",
                     str(r.files) if r.returned else "", r.filled_by)
            for column, text in enumerate(cells):
                self.register_table.setItem(index, column, QTableWidgetItem(text))
