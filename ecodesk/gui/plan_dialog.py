"""新建年度计划 and 计划属性: a plan's year, bureau and title, asked in one small form.

A new plan takes the bureau of the newest plan (the clerk's own, usually), and its title follows the year
and bureau until the clerk writes one of their own. The properties of the shown plan are changed through
the Workspace door, as one undoable step; a bureau's new name holds for all its plans (services.plans
.edit_plan says why). A draft made by 新建下一年度计划 is adopted here too (定稿), once the bureau has
settled next year's plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from ecodesk.domain.changes import PLAN_INFO
from ecodesk.domain.plan import PlanInfo
from ecodesk.gui.dialogs import ok_cancel_box
from ecodesk.gui.workspace import Workspace
from ecodesk.services.bureaus import DEFAULT_BUREAU
from ecodesk.services.plans import default_title as service_title


@dataclass(frozen=True, slots=True)
class PlanFields:
    year: int
    bureau: str
    title: str
    draft: bool = False  # a rollover's draft, not yet adopted (草案)


def default_title(bureau: str, year: int) -> str:
    """The services' default title, for a bureau not yet named too."""
    return service_title(bureau or DEFAULT_BUREAU, year)


class PlanDialog(QDialog):
    """Year (for a new plan only), bureau and title; OK says what it does."""

    def __init__(self, parent: QWidget | None, caption: str, ok_text: str, fields: PlanFields, *,
                 new: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(caption)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(fields.year)
        self.year_spin.setEnabled(new)
        self.bureau_edit = QLineEdit(fields.bureau)
        self.bureau_edit.setPlaceholderText("如：南昌市新建生态环境局")
        self.title_edit = QLineEdit(fields.title)
        self.title_edit.setMinimumWidth(360)
        self._proposed = fields.title if new else None  # the title following year and bureau, while unedited
        form = QFormLayout(self)
        form.addRow("年份：", self.year_spin)
        form.addRow("单位名称：", self.bureau_edit)
        form.addRow("计划标题：", self.title_edit)
        self.draft_box = QCheckBox("草案（由上一年度计划生成，尚未定稿；取消勾选即定稿）")
        self.draft_box.setChecked(fields.draft)
        if fields.draft:  # only a draft can be adopted; an adopted plan is never turned back into one here
            form.addRow("状态：", self.draft_box)
        if not new:
            form.addRow(QLabel("单位名称对本数据库中该单位的所有年度计划生效。"))
        form.addRow(ok_cancel_box(self, ok_text))
        self.year_spin.valueChanged.connect(self._follow)
        self.bureau_edit.textChanged.connect(self._follow)

    def _follow(self) -> None:
        """Keep the proposed title in step with year and bureau, unless the clerk wrote another."""
        if self._proposed is not None and self.title_edit.text() == self._proposed:
            self._proposed = default_title(self.bureau_edit.text().strip(), self.year_spin.value())
            self.title_edit.setText(self._proposed)

    def fields(self) -> PlanFields:
        return PlanFields(self.year_spin.value(), self.bureau_edit.text().strip(), self.title_edit.text().strip(),
                          self.draft_box.isChecked())

    def ask(self) -> PlanFields | None:
        """Run the dialog: the fields, None when cancelled. Tests replace this one call."""
        return self.fields() if self.exec() == QDialog.DialogCode.Accepted else None


def new_plan_fields(parent: QWidget | None, plans: list[PlanInfo], year: int) -> PlanFields | None:
    """Ask for a new plan of `year`, the bureau of the newest plan offered."""
    bureau = plans[0].bureau if plans else DEFAULT_BUREAU
    start = PlanFields(year, bureau, default_title(bureau, year))
    return PlanDialog(parent, "新建年度计划", "新建", start, new=True).ask()


def edit_plan_properties(ws: Workspace, parent: QWidget | None) -> None:
    """文件 ▸ 计划属性…: the shown plan's title and bureau, and a draft adopted, changed as one undoable step."""
    tree, plan_id = ws.tree, ws.plan_id
    if tree is None or plan_id is None:
        return
    old = PlanFields(tree.year, tree.bureau, tree.title, tree.draft)
    new = PlanDialog(parent, "计划属性", "保存", old, new=False).ask()
    if new is None or new == old:
        return
    from ecodesk.gui import commands
    from ecodesk.services.plans import edit_plan

    db = ws.db
    name = "计划定稿" if old.draft and not new.draft else "修改计划属性"
    ws.execute(commands.Reversible(
        ws, name, lambda: edit_plan(db, plan_id, title=new.title, bureau=new.bureau, draft=new.draft),
        lambda: edit_plan(db, plan_id, title=old.title, bureau=old.bureau, draft=old.draft), PLAN_INFO))
