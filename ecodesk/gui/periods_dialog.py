"""编辑 ▸ 报告期与序时规则…: the plan's reporting periods (monthly or not, each 报送截止) and its 序时 rule
(a published preset, or the bureau's own thresholds), saved as one undoable edit through the Workspace.

The values are checked before anything is written (a 报送截止 before its period's end, thresholds out of
order): the message names the period or the value, and the dialog stays open with what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.errors import UserError
from ecodesk.domain.pace import PRESETS, PaceRule, custom_rule
from ecodesk.domain.periods import PeriodKind, plan_periods
from ecodesk.gui.dialogs import ok_cancel_box, show_error
from ecodesk.gui.period_view import period_text

if TYPE_CHECKING:
    from ecodesk.domain.plan import PlanTree
    from ecodesk.gui.workspace import Workspace

CUSTOM_LABEL = "自定义阈值"


@dataclass(frozen=True, slots=True)
class Reporting:
    """What the dialog edits of a plan: monthly periods or not, the 报送截止 by period key, the 序时 rule."""

    monthly: bool
    dues: dict[str, dt.date]
    rule: PaceRule

    @classmethod
    def of(cls, tree: PlanTree) -> Reporting:
        periods = tree.reporting_periods()
        monthly = any(p.kind is PeriodKind.MONTH for p in periods)
        return cls(monthly, {p.key: p.due for p in periods}, tree.pace_rule)

    def check(self, year: int) -> None:
        """A 报送截止 before its period's end is refused naming it (UserError)."""
        for period in plan_periods(year, self.monthly):
            period.with_due(self.dues.get(period.key, period.due))


class PeriodsDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ws.tree is not None
        self.ws, self.year = ws, ws.tree.year
        self.before = Reporting.of(ws.tree)
        self.setWindowTitle(f"{self.year}年 报告期与序时规则")
        self.monthly_check = QCheckBox("按月报送（每月也作为一个报告期）")
        self.monthly_check.setChecked(self.before.monthly)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["报告期", "期末", "报送截止"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._dates: dict[str, QDateEdit] = {}
        self.preset_box = QComboBox()
        self.preset_box.addItems([*(p.name for p in PRESETS), CUSTOM_LABEL])
        self.yellow_spin = _points(0.1, self.before.rule.yellow_at)
        self.red_spin = _points(0.1, self.before.rule.red_above or 30)
        self.overdue_only = QCheckBox("仅逾期为红")
        self.blue_spin = QSpinBox()
        self.blue_spin.setRange(0, 366)
        self.blue_spin.setSuffix(" 天")
        self.blue_spin.setValue(self.before.rule.blue_within_days)
        self._layout()
        self._fill_table(self.before)
        self._show_rule(self.before.rule)
        self.monthly_check.toggled.connect(lambda _on: self._fill_table(self._typed_dues()))
        self.preset_box.currentIndexChanged.connect(self._on_preset)
        self.overdue_only.toggled.connect(lambda on: self.red_spin.setEnabled(not on and self._custom()))

    def _layout(self) -> None:
        rule = QFormLayout()
        rule.addRow("序时规则：", self.preset_box)
        rule.addRow("黄灯：落后序时进度达", _row(self.yellow_spin))
        rule.addRow("红灯：落后序时进度超过", _row(self.red_spin, self.overdue_only))
        rule.addRow("蓝灯：距完成时限不超过", self.blue_spin)
        column = QVBoxLayout(self)
        column.addWidget(self.monthly_check)
        column.addWidget(self.table, 1)
        column.addLayout(rule)
        column.addWidget(ok_cancel_box(self, "保存"))
        self.resize(520, 560)

    def _fill_table(self, source: Reporting | dict[str, dt.date]) -> None:
        dues = source.dues if isinstance(source, Reporting) else source
        periods = plan_periods(self.year, self.monthly_check.isChecked())
        self.table.setRowCount(len(periods))
        self._dates.clear()
        for row, period in enumerate(periods):
            name, end = period_text(period).split("（截至")
            label = QTableWidgetItem(name)
            if period.kind is not PeriodKind.MONTH:  # the cumulative reports stand out among the months
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            self.table.setItem(row, 0, label)
            self.table.setItem(row, 1, QTableWidgetItem(end.rstrip("）")))
            edit = QDateEdit(QDate(dues.get(period.key, period.due)))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy年M月d日")
            self.table.setCellWidget(row, 2, edit)
            self._dates[period.key] = edit

    def _typed_dues(self) -> dict[str, dt.date]:
        return {key: edit.date().toPython() for key, edit in self._dates.items()}  # type: ignore[misc]

    def _show_rule(self, rule: PaceRule) -> None:
        names = [p.name for p in PRESETS]
        self.preset_box.setCurrentIndex(names.index(rule.name) if rule.name in names else len(names))
        self.overdue_only.setChecked(rule.red_above is None)
        self._on_preset()

    def _custom(self) -> bool:
        return self.preset_box.currentText() == CUSTOM_LABEL

    def _on_preset(self) -> None:
        """A preset shows its thresholds, greyed; 自定义 lets the clerk type them."""
        preset = next((p for p in PRESETS if p.name == self.preset_box.currentText()), None)
        if preset is not None:
            self.yellow_spin.setValue(preset.yellow_at)
            self.overdue_only.setChecked(preset.red_above is None)
            self.red_spin.setValue(preset.red_above or self.red_spin.value())
            self.blue_spin.setValue(preset.blue_within_days)
        for widget in (self.yellow_spin, self.overdue_only, self.blue_spin):
            widget.setEnabled(preset is None)
        self.red_spin.setEnabled(preset is None and not self.overdue_only.isChecked())

    def chosen(self) -> Reporting:
        """What the clerk set (UserError, naming the value, when it cannot be)."""
        preset = next((p for p in PRESETS if p.name == self.preset_box.currentText()), None)
        red = None if self.overdue_only.isChecked() else self.red_spin.value()
        rule = preset or custom_rule(self.yellow_spin.value(), red, self.blue_spin.value())
        chosen = Reporting(self.monthly_check.isChecked(), self._typed_dues(), rule)
        chosen.check(self.year)
        return chosen

    def accept(self) -> None:
        try:
            after = self.chosen()
        except UserError as err:
            show_error(self, err)
            return
        if after == self.before or save(self.ws, self.before, after):
            super().accept()


def save(ws: Workspace, before: Reporting, after: Reporting) -> bool:
    """The changes as one step of undo (a macro of one edit a service call, services/periods): monthly
    on or off first, so that the months' due dates can be moved, then the due dates, then the rule."""
    from ecodesk.gui import commands
    from ecodesk.services import periods

    db, plan_id, year = ws.db, ws.plan_id, ws.tree.year if ws.tree else 0
    assert plan_id is not None
    steps: list[tuple[str, Callable[[], object], Callable[[], object]]] = []
    if after.monthly != before.monthly:
        steps.append(("按月报送", lambda: periods.set_monthly(db, plan_id, after.monthly),
                      lambda: periods.set_monthly(db, plan_id, before.monthly)))
    for period in plan_periods(year, after.monthly):
        old, new = before.dues.get(period.key, period.due), after.dues.get(period.key, period.due)
        if new != old:
            steps.append((f"{period.label}报送截止", partial(periods.set_period_due, db, plan_id, period.key, new),
                          partial(periods.set_period_due, db, plan_id, period.key, old)))
    if after.rule != before.rule:
        steps.append(("序时规则", lambda: periods.set_pace_rule(db, plan_id, after.rule),
                      lambda: periods.set_pace_rule(db, plan_id, before.rule)))
    ws.undo_stack.beginMacro("修改报告期与序时规则")
    try:
        return all(ws.execute(commands.Reversible(ws, f"修改{text}", do, undo)) for text, do, undo in steps)
    finally:
        ws.undo_stack.endMacro()


def _points(minimum: float, value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(minimum, 100)
    spin.setDecimals(1)
    spin.setSuffix(" 个百分点")
    spin.setValue(value)
    return spin


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        line.addWidget(widget)
    line.addStretch(1)
    return holder
