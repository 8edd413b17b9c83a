"""督办 from the window: issue the 督办通知单 of the 本期 shown (a write, through the Workspace door), write the
period's 督查通报 (a read), and the 催办记录 tab listing the slips sent, filterable by unit.

The notices are measured as of the day the window measures its lights (Workspace.pace_day: the 本期's end
once it is over, else today); the 通报 is of the 本期 shown, or of the period today falls in when the window
shows 今天.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.errors import UserError
from ecodesk.gui.dialogs import confirm, show_error
from ecodesk.gui.lazy_tab import LazyTab

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QTreeWidget

    from ecodesk.domain.changes import Changes
    from ecodesk.domain.periods import Period
    from ecodesk.gui.parts import WindowParts
    from ecodesk.gui.workspace import Workspace
    from ecodesk.services.urgings import LoggedSlip, NoticeRun

NOTICES_LABEL, BULLETIN_LABEL = "督办通知单（本期红灯、黄灯任务）…", "督查通报（本期）…"
ALL_UNITS = "全部股室"
HEADERS = ["督办编号 / 任务", "日期", "股室", "等级", "任务数"]
DOCX_FILTER = "Word 文档 (*.docx)"
# by domain.urging.Level's value (蓝, 橙, 红), so that the first window need not import its rules (15 million
# instructions): the tab is filled only when first shown
LEVEL_COLORS = {1: "#1f5fbf", 2: "#d9730d", 3: "#c62828"}


def issue_notices(ws: Workspace, parts: WindowParts) -> None:
    """Ask for the folder, then issue the slips through the door (on the thread pool) and offer to open one."""
    if ws.plan_id is None:
        show_error(parts.parent, UserError("请先选择或新建一个年度工作要点，再发督办通知单"))
        return
    day = ws.pace_day()
    question = (f"将按截至{format_cn_date(day)}的序时进度，向有红灯、黄灯任务的股室各发一份督办通知单，"
                "并记入催办记录（同一任务再次督办时由蓝单升为橙单、红单）。继续吗？")
    if not confirm(parts.parent, "发督办通知单", question):
        return
    from ecodesk.gui.file_dialogs import folder_name

    folder = folder_name(parts.parent, "督办通知单保存到哪个文件夹", str(Path.home()))
    if not folder:
        return
    from ecodesk.services import urgings

    db, plan_id, today = ws.db, ws.plan_id, ws.today()
    ws.perform(lambda: urgings.issue_notices(db, plan_id, day, Path(folder), today), lambda run: run.changes,
               busy="正在生成督办通知单…", then=lambda run: _issued(parts, run))


def _issued(parts: WindowParts, run: NoticeRun) -> None:
    from ecodesk.gui.export_done import offer_to_open

    parts.show_status(f"已发出督办通知单 {len(run.slips)} 份（{run.slips[0].code} 起），已记入催办记录")
    offer_to_open(parts.parent, run.paths[0])


def export_bulletin(ws: Workspace, parts: WindowParts) -> None:
    """Ask for the file name, then write the 本期's 通报 in the background and offer to open it."""
    tree = ws.tree
    if tree is None or ws.plan_id is None:
        show_error(parts.parent, UserError("请先选择或新建一个年度工作要点，再导出督查通报"))
        return
    period = _period_of(ws)
    from ecodesk.gui.file_dialogs import save_file_name

    suggested = Path.home() / f"{tree.bureau}{period.label}督查通报.docx"
    path, _ = save_file_name(parts.parent, "导出督查通报", suggested, DOCX_FILTER)
    if not path:
        return
    target = Path(path) if Path(path).suffix.lower() == ".docx" else Path(f"{path}.docx")
    from ecodesk.gui.export_done import offer_to_open
    from ecodesk.services.bulletin import export_bulletin as write

    db, plan_id, today = ws.db, ws.plan_id, ws.today()
    parts.run(parts.parent, "正在导出…", lambda: write(db, plan_id, period.key, target, today),
              on_done=lambda done: (parts.show_status(f"已导出：{done}"), offer_to_open(parts.parent, done)),
              on_error=lambda err: show_error(parts.parent, err))


def _period_of(ws: Workspace) -> Period:
    """The 本期 shown, or the plan's period today falls in (the window shows 今天)."""
    from ecodesk.domain.periods import period_of_day

    assert ws.tree is not None
    return ws.period or period_of_day(ws.tree.reporting_periods(), ws.pace_day())


class UrgingsTab(LazyTab):
    """催办记录: the slips sent, newest first, each with its tasks below it; read again while shown when a
    write names the log (Changes.urgings) or another plan is shown."""

    def __init__(self, ws: Workspace, parts: Callable[[], WindowParts], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._parts = parts
        self.slips: list[LoggedSlip] = []
        self.task: tuple[int, str] | None = None  # (id, number and title): only the slips urging that task
        ws.changed.connect(self._on_changed)

    def build_contents(self) -> QWidget:
        from ecodesk.gui.tables import grouped_tree, tab_page

        self.heading = QLabel()
        self.unit_box = QComboBox()
        self.unit_box.setMinimumContentsLength(8)
        self.unit_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.all_button = QPushButton("显示全部任务")
        self.all_button.clicked.connect(lambda: self.show_task(None))
        self.all_button.setVisible(self.task is not None)
        self.issue_button = QPushButton("发督办通知单…")
        self.issue_button.clicked.connect(lambda: issue_notices(self.ws, self._parts()))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.all_button)
        top.addWidget(QLabel("股室："))
        top.addWidget(self.unit_box)
        top.addWidget(self.issue_button)
        self.tree: QTreeWidget = grouped_tree(HEADERS, (440, 110, 120, 60))
        return tab_page(top, self.tree)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fill_units()
        self.refresh()

    def show_task(self, task: int | None, text: str = "") -> None:
        """List only the slips that urged `task` (None: every task again)."""
        self.task = None if task is None else (task, text)
        if self.built:
            self.all_button.setVisible(task is not None)
            if self.isVisible():
                self.refresh()

    def _on_changed(self, _focus: int | None, changes: Changes) -> None:
        if self.built and self.isVisible() and (changes.urgings or changes.reloads_plan):
            self._fill_units()
            self.refresh()

    def _fill_units(self) -> None:
        """全部股室, then the bureau's units (the choice kept when the unit is still there)."""
        chosen = self.unit_box.currentText()
        names = [ALL_UNITS, *(u.name for u in self.ws.units if u.active)]
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItems(names)
        self.unit_box.setCurrentIndex(names.index(chosen) if chosen in names else 0)
        self.unit_box.blockSignals(False)

    def refresh(self) -> None:
        from ecodesk.services.urgings import urging_log

        unit = self.unit_box.currentText()
        plan_id = self.ws.plan_id
        try:
            self.slips = [] if plan_id is None else urging_log(
                self.ws.db, plan_id, unit=None if unit in ("", ALL_UNITS) else unit,
                task_id=self.task[0] if self.task else None)
        except UserError as err:
            show_error(self, err)
            self.slips = []
        self._fill()

    def _fill(self) -> None:
        from PySide6.QtGui import QColor
        from PySide6.QtWidgets import QTreeWidgetItem

        self.tree.clear()
        if self.ws.plan_id is None:
            self.heading.setText("请先选择一个年度工作要点")
            return
        self.heading.setText(self._summary())
        for slip in self.slips:
            item = QTreeWidgetItem([slip.code, slip.issued_on.isoformat(), slip.unit, slip.level.slip_name,
                                    str(len(slip.tasks))])
            item.setForeground(3, QColor(LEVEL_COLORS[slip.level]))
            for task in slip.tasks:
                child = QTreeWidgetItem([f"{task.label}{task.title}", "", "", task.level.slip_name])
                child.setToolTip(0, child.text(0))
                child.setForeground(3, QColor(LEVEL_COLORS[task.level]))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        self.tree.expandAll()

    def _summary(self) -> str:
        if self.task is not None:
            return f"“{self.task[1]}”已被督办 {len(self.slips)} 次" if self.slips else f"“{self.task[1]}”尚未被督办"
        tasks = sum(len(s.tasks) for s in self.slips)
        return (f"共 {len(self.slips)} 份督办通知单，{tasks} 项次任务" if self.slips
                else "还没有发出督办通知单（文件 → 导出 → 督办通知单）")
