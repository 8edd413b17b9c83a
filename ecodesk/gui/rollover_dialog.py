"""文件 ▸ 新建下一年度计划…: the year of the new plan and which tasks it carries, asked in one small form.

The controller (gui/file_actions.FileActions.next_year_plan) asks first when that year has a plan, then
writes the rollover through the Workspace door (services/rollover.roll_over: one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QSpinBox, QWidget

from ecodesk.domain.plan import PlanInfo
from ecodesk.domain.rollover import Carry
from ecodesk.gui.dialogs import ok_cancel_box

CARRY_LABELS = {Carry.UNFINISHED: "未完成的任务（已完成、已取消的不转入）", Carry.ALL: "全部任务（重新开始）",
                Carry.NONE: "不转入任务（只沿用前言、股室和主要目标）"}


@dataclass(frozen=True, slots=True)
class RolloverChoice:
    year: int
    carry: Carry


class RolloverDialog(QDialog):
    """The new year (the next one by default) and what to carry from the plan shown."""

    def __init__(self, parent: QWidget | None, source: PlanInfo) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建下一年度计划")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(source.year + 1)
        self.carry_box = QComboBox()
        for carry, label in CARRY_LABELS.items():
            self.carry_box.addItem(label, carry.value)
        note = QLabel(f"以“{source.title}”为底稿新建计划草案：沿用单位、股室、前言和主要目标（年份随之更新），"
                      f"转入的任务标为“跨年任务”并注明来源；{source.year} 年的计划保持不变。")
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("新年度：", self.year_spin)
        form.addRow("转入任务：", self.carry_box)
        form.addRow(ok_cancel_box(self, "新建"))
        self.resize(480, 200)

    def choice(self) -> RolloverChoice:
        return RolloverChoice(self.year_spin.value(), Carry(self.carry_box.currentData()))

    @staticmethod
    def ask(parent: QWidget | None, source: PlanInfo) -> RolloverChoice | None:
        """Run the dialog; None when cancelled. Tests replace this one call."""
        dialog = RolloverDialog(parent, source)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
