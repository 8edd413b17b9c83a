"""What an export asks before the file is named: the choices the command line offers as options.

The Word 工作要点: units, deadlines, targets, preamble and which font names (--no-units … --plain-fonts),
remembered for the next export (QSettings "export/word/<option>"). The 各股室任务清单: whose sheets (--unit).
The 年度工作总结, when the database holds the bureau's plan of the next year: whether to append it
(--with-next-plan).
The 台账: the files of which period and unit (--period, --unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.errors import UserError
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanInfo, PlanTree, Unit
from ecodesk.gui.dialogs import confirm, ok_cancel_box
from ecodesk.gui.fields import UnitChecklist
from ecodesk.services.exporting import ExportOptions, unit_sheet_units

WORD_CHOICES = (  # an ExportOptions field, and how the clerk is asked about it
    ("include_units", "写出牵头单位、配合单位"),
    ("include_deadlines", "写出完成时限"),
    ("include_targets", "写出主要目标"),
    ("include_preamble", "写出开头的总体要求（前言）"),
    ("plain_fonts", "使用仿宋、楷体、宋体（这台电脑或收文单位没有 _GB2312 字体时选用）"),
)


def ask_export_options(parent: QWidget | None, key: str, plan: PlanTree, options: ExportOptions,
                       plans: Sequence[PlanInfo] = ()) -> ExportOptions | None:
    """`options` as the clerk settles them for this kind of export (unchanged for kinds that ask nothing);
    None when cancelled. `plans` are the database's plans (the summary looks for next year's among them)."""
    if key == "summary":
        return _with_next_plan(parent, plan, options, plans)
    if key == "word":
        return WordExportDialog.ask(parent, options)
    if key == "units":
        names = unit_sheet_units(plan)
        picked = UnitSheetsDialog.ask(parent, names)
        return None if picked is None else replace(options, units=() if picked == names else tuple(picked))
    return options


def _with_next_plan(parent: QWidget | None, plan: PlanTree, options: ExportOptions,
                    plans: Sequence[PlanInfo]) -> ExportOptions:
    """Offer the bureau's next-year plan as the summary's second part (嘉兴's 工作总结和工作要点), if there is one."""
    following = plan.year + 1
    if not any(p.year == following and p.bureau == plan.bureau for p in plans):
        return options
    if confirm(parent, "导出年度工作总结", f"数据库中有{following}年工作要点。是否附在总结之后，导出为"
                                         f"“{plan.year}年工作总结和{following}年工作要点”？"):
        return replace(options, next_plan_year=following)
    return options


class WordExportDialog(QDialog):
    """A check box per choice, ticked as `options` says."""

    def __init__(self, parent: QWidget | None, options: ExportOptions) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出工作要点（Word 公文）")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("导出的文件中："))
        self.boxes: dict[str, QCheckBox] = {}
        for option, label in WORD_CHOICES:
            self.boxes[option] = box = QCheckBox(label)
            box.setChecked(getattr(options, option))
            layout.addWidget(box)
        layout.addWidget(ok_cancel_box(self, "导出"))

    def chosen(self, options: ExportOptions) -> ExportOptions:
        return replace(options, **{option: box.isChecked() for option, box in self.boxes.items()})

    @staticmethod
    def ask(parent: QWidget | None, options: ExportOptions) -> ExportOptions | None:
        """The clerk's choices, starting from the last export's; None when cancelled."""
        settings = QSettings()
        remembered = {option: _flag(settings.value(f"export/word/{option}"), getattr(options, option))
                      for option, _ in WORD_CHOICES}
        dialog = WordExportDialog(parent, replace(options, **remembered))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.chosen(options)
        for option, _ in WORD_CHOICES:
            settings.setValue(f"export/word/{option}", getattr(chosen, option))
        return chosen


def _flag(stored: object, default: bool) -> bool:
    """A remembered tick: QSettings gives back "true"/"false" from its file, a bool within the session."""
    return default if stored is None else str(stored).lower() == "true"


class UnitSheetsDialog(QDialog):
    """The units with tasks, all ticked: the clerk unticks those whose sheets are not wanted."""

    def __init__(self, parent: QWidget | None, names: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出各股室任务清单")
        self.checklist = UnitChecklist()
        self.checklist.load([Unit(name) for name in names], names)
        buttons = ok_cancel_box(self, "导出")
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.checklist.picked.connect(lambda picked: ok.setEnabled(bool(picked)))  # at least one
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("导出这些股室的任务清单（每个股室一个工作表或一页）："))
        layout.addWidget(self.checklist)
        layout.addWidget(buttons)

    @staticmethod
    def ask(parent: QWidget | None, names: list[str]) -> list[str] | None:
        """The units ticked, in the offered order; None when cancelled."""
        dialog = UnitSheetsDialog(parent, names)
        return dialog.checklist.checked() if dialog.exec() == QDialog.DialogCode.Accepted else None


ALL_FILES, ALL_UNITS = "全部附件", "全部股室"


class LedgerDialog(QDialog):
    """Which files the 台账 holds: those dated within a period (from January 1st), of one unit's tasks.
    Every file unless the clerk narrows it: evidence of a year is often filed in the next one's January,
    after the 全年 period ended."""

    def __init__(self, parent: QWidget | None, plan: PlanTree) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出工作台账（附件 ZIP）")
        self.periods = plan.reporting_periods()
        self.period_box = QComboBox()
        self.period_box.addItem(ALL_FILES)
        for period in self.periods:
            self.period_box.addItem(f"{period.label}（1月1日至{format_cn_date(period.end).removeprefix(f'{period.year}年')}）")
        self.unit_box = QComboBox()
        self.unit_box.addItems([ALL_UNITS, *_units_with_tasks(plan)])
        form = QFormLayout(self)
        form.addRow(QLabel("每项任务一个文件夹，内有其附件（以日期和股室命名），另附台账目录.xlsx。"))
        form.addRow("附件范围：", self.period_box)
        form.addRow("股室：", self.unit_box)
        form.addRow(ok_cancel_box(self, "导出"))

    def chosen(self) -> tuple[Period | None, str | None]:
        index = self.period_box.currentIndex()
        unit = self.unit_box.currentText()
        return (self.periods[index - 1] if index > 0 else None), (None if unit == ALL_UNITS else unit)

    @staticmethod
    def ask(parent: QWidget | None, plan: PlanTree) -> tuple[Period | None, str | None] | None:
        """(period or None for every file, unit or None for all); None when cancelled. Tests replace this."""
        dialog = LedgerDialog(parent, plan)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _units_with_tasks(plan: PlanTree) -> list[str]:
    """The units a 台账 may be narrowed to; none in a plan whose tasks name no unit (all files, then)."""
    try:
        return unit_sheet_units(plan)
    except UserError:
        return []
