"""The 本期与上期 tab: per 股室, what changed from the previous period's end to the period shown (newly done,
status changed, percent change, newly behind, 未报), with the counts, and its export to Excel.

The comparison reads the plan twice (as of both ends, services/comparison), so it is computed only while
the tab is shown: when it is opened, and at each reload of the plan (another period, an edit) while open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ecodesk.gui.lazy_tab import LazyTab

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

    from ecodesk.domain.period_report import ComparedTask, PeriodComparison
    from ecodesk.domain.plan import PlanTree
    from ecodesk.gui.parts import WindowParts
    from ecodesk.gui.workspace import Workspace

HEADERS = ["股室 / 任务", "上期", "本期", "进度变化", "序时", "变化情况"]
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


class ComparisonTab(LazyTab):
    """`comparison` is what the tab last showed (None before it was first shown or without a plan)."""

    def __init__(self, ws: Workspace, parts: Callable[[], WindowParts], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._parts = parts
        self.comparison: PeriodComparison | None = None

    def build_contents(self) -> QWidget:
        from ecodesk.gui.tables import grouped_tree, tab_page

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.export_button)
        self.tree: QTreeWidget = grouped_tree(HEADERS, (420, 90, 90, 80, 80))
        self.tree.setUniformRowHeights(True)
        return tab_page(top, self.tree)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def show_plan(self, _tree: PlanTree | None) -> None:
        """The plan or its period changed: compare again if the tab is on screen."""
        if self.built and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        from ecodesk.domain.errors import UserError
        from ecodesk.gui.dialogs import show_error
        from ecodesk.services.comparison import compare_with_previous

        if self.ws.plan_id is None:
            self.comparison = None
        else:
            try:
                self.comparison = compare_with_previous(self.ws.db, self.ws.plan_id, self.ws.period, self.ws.today())
            except UserError as err:
                show_error(self, err)
                self.comparison = None
        self._fill()

    def _fill(self) -> None:
        from PySide6.QtWidgets import QTreeWidgetItem

        from ecodesk.domain.period_report import ChangeKind
        from ecodesk.io.period_compare_xlsx import as_of_line

        self.tree.clear()
        found = self.comparison
        self.export_button.setEnabled(found is not None)
        if found is None:
            self.heading.setText("请先选择一个年度工作要点")
            return
        totals = "，".join(f"{kind} {found.total(kind)} 项" for kind in ChangeKind)
        self.heading.setText(f"<b>{found.title}</b><br>{as_of_line(found)}<br>合计：{totals}")
        for unit in found.units:
            counts = "，".join(f"{kind} {unit.count(kind)}" for kind in ChangeKind if unit.count(kind))
            group = QTreeWidgetItem([f"{unit.unit}（{counts}）"])
            group.setFirstColumnSpanned(True)
            group.addChildren([_item(task) for task in unit.tasks])
            self.tree.addTopLevelItem(group)
        if not found.units:
            self.tree.addTopLevelItem(QTreeWidgetItem(["本期与上期相比没有变化，也没有未报的任务"]))
        self.tree.expandAll()

    def export(self) -> None:
        """Save the comparison shown as an .xlsx workbook (in the background) and open it."""
        found = self.comparison
        if found is None or self.ws.plan_id is None:
            return
        from ecodesk.gui.file_dialogs import save_file_name

        path, _ = save_file_name(self, "导出本期与上期对比", Path.home() / f"{found.title}.xlsx", XLSX_FILTER)
        if not path:
            return
        target = Path(path) if Path(path).suffix.lower() == ".xlsx" else Path(f"{path}.xlsx")
        from ecodesk.gui.dialogs import show_error
        from ecodesk.services.comparison import export_comparison

        db, plan_id, period, today, parts = self.ws.db, self.ws.plan_id, self.ws.period, self.ws.today(), self._parts()
        parts.run(self, "正在导出…", lambda: export_comparison(db, plan_id, period, today, target),
                  on_done=lambda p: parts.show_status(f"已导出：{p}"), on_error=lambda err: show_error(self, err))


def _item(task: ComparedTask) -> QTreeWidgetItem:
    """A task's row, its 序时 light in the light's colour, its title in full in the tooltip."""
    from PySide6.QtWidgets import QTreeWidgetItem

    from ecodesk.domain.period_report import ChangeKind
    from ecodesk.gui.task_model import LIGHT_COLORS

    change = task.percent_change
    item = QTreeWidgetItem([f"{task.number} {task.title}", f"{task.before.status.value} {task.before.percent}%",
                            f"{task.after.status.value} {task.after.percent}%", f"{change:+d}" if change else "",
                            task.after_light.label, "、".join(kind for kind in ChangeKind if kind in task.kinds)])
    item.setToolTip(0, f"{task.number} {task.title}")
    if task.after_light in LIGHT_COLORS:
        item.setForeground(4, LIGHT_COLORS[task.after_light])
    return item
