"""Per-unit task sheets: each 股室 gets the tasks it leads and those it helps with, to fill in by hand.

One .xlsx with a sheet per unit, or one .docx with a page per unit. Empty units: when the caller lets the
plan choose (`units=None`), units that neither lead nor co-work any task are skipped, since a page of
无 helps nobody; a unit named explicitly always gets its sheet, with 无 under each empty part, so that a
clerk who asked for it sees the answer rather than a missing page.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docx.shared import Mm
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.units import is_collective, unit_key
from ecodesk.io import gongwen
from ecodesk.io import xlsx_style as xs
from ecodesk.io.plan_text import full_number, join_units, progress_line, unit_names
from ecodesk.io.saving import save_atomically

Format = Literal["xlsx", "docx"]
COLUMNS = (
    xs.Column("序号", 5, centred=True),
    xs.Column("任务编号", 12, centred=True),
    xs.Column("重点任务", 20),
    xs.Column("具体措施", 26),
    xs.Column("牵头/配合单位", 18),
    xs.Column("完成时限", 13, centred=True),
    xs.Column("最新进展", 26),
    xs.Column("进展情况", 24),
    xs.Column("责任人", 8, centred=True),
)
DOCX_WIDTHS_MM = (14, 26, 33, 34, 34, 22, 36, 30, 18)  # 247 mm: the landscape text block
HAND_ROW_XLSX = 48.0  # points: room to write 进展情况 by hand
HAND_ROW_DOCX = Mm(14)
NONE_TEXT = "无"


@dataclass(frozen=True, slots=True)
class UnitTasks:
    """What one unit answers for: tasks it leads and tasks it co-works on, in plan order."""

    unit: str
    led: list[TaskNode]
    co: list[TaskNode]

    @property
    def is_empty(self) -> bool:
        return not self.led and not self.co

    def parts(self) -> tuple[tuple[str, list[TaskNode]], tuple[str, list[TaskNode]]]:
        return (("一、牵头任务", self.led), ("二、配合任务", self.co))


def export_unit_sheets(plan: PlanTree, path: str | os.PathLike[str], *, units: Sequence[str] | None = None,
                       fmt: Format = "xlsx", as_of: dt.date | None = None) -> Path:
    """Write one sheet (xlsx) or page (docx) per unit; unknown unit names raise UserError."""
    if fmt not in ("xlsx", "docx"):
        raise UserError(f"不支持的导出格式“{fmt}”，可选：xlsx、docx")
    as_of = as_of or dt.date.today()
    sheets = collect(plan, units)
    build = _workbook if fmt == "xlsx" else _document
    return save_atomically(build(plan, sheets, as_of), path)


def collect(plan: PlanTree, units: Sequence[str] | None = None) -> list[UnitTasks]:
    """The sheets to print: the requested units (by name, spelling variants allowed) or every busy unit.

    Collectives such as 各股室 get a sheet only when asked for by name: by default each sheet goes to
    one 股室 that can fill it in.

    An empty `units` means “not given”, as the CLI passes () when no --unit is typed.
    """
    known = unit_names(plan)
    if not units:
        chosen, keep_empty = [n for n in known if not is_collective(n)], False
    else:
        chosen, keep_empty = [_resolve(name, known, plan.year) for name in units], True
    sheets = [_tasks_of(plan, name) for name in dict.fromkeys(chosen)]
    sheets = [s for s in sheets if keep_empty or not s.is_empty]
    if not sheets:
        raise UserError(f"{plan.year}年工作要点中没有任何单位承担任务，无法生成分单位任务清单。")
    return sheets


def _resolve(name: str, known: list[str], year: int) -> str:
    by_key = {unit_key(k): k for k in known}
    try:
        return by_key[unit_key(name)]
    except KeyError:
        choices = "、".join(known) or "（无）"
        raise UserError(f"单位“{name}”不在{year}年工作要点的单位名单中。可选单位：{choices}") from None


def _tasks_of(plan: PlanTree, unit: str) -> UnitTasks:
    tasks = list(plan.walk())
    led = [t for t in tasks if t.leads(unit)]  # 各股室's tasks on every unit's sheet
    return UnitTasks(unit, led, [t for t in tasks if t.supports(unit)])


def sheet_title(plan: PlanTree, unit: str) -> str:
    return f"{unit}{plan.year}年重点工作任务清单"


def _values(task: TaskNode, serial: int, as_of: dt.date) -> list[str | int | None]:
    """One row; the last two (进展情况, 责任人) are None: left blank to fill in by hand."""
    return [serial, full_number(task), task.title, task.measures, _units_cell(task), task.deadline_shown,
            progress_line(task.latest_progress(as_of)), None, None]


def _units_cell(task: TaskNode) -> str:
    """Both unit lists in one cell: on a unit's own sheet the other side is what matters."""
    lines = [f"牵头：{join_units(task.lead_units)}" if task.lead_units else "",
             f"配合：{join_units(task.co_units)}" if task.co_units else ""]
    return "\n".join(line for line in lines if line)


def _as_of_line(plan: PlanTree, as_of: dt.date) -> str:
    return f"{plan.bureau}　　截至{format_cn_date(as_of)}"


# --- xlsx -------------------------------------------------------------------------------------------


def _workbook(plan: PlanTree, sheets: list[UnitTasks], as_of: dt.date) -> Workbook:
    wb = xs.new_workbook()
    taken: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(xs.safe_sheet_title(sheet.unit, taken))
        _fill_sheet(ws, plan, sheet, as_of)
    return wb


def _fill_sheet(ws: Worksheet, plan: PlanTree, sheet: UnitTasks, as_of: dt.date) -> None:
    xs.set_columns(ws, COLUMNS)
    xs.merged_line(ws, sheet_title(plan, sheet.unit), COLUMNS, xs.TITLE, line_height=30)
    xs.merged_line(ws, _as_of_line(plan, as_of), COLUMNS, xs.NOTE)
    header = last = xs.header_row(ws, COLUMNS)
    for heading, tasks in sheet.parts():
        last = xs.merged_line(ws, f"{heading}（{len(tasks)}项）", COLUMNS, xs.CHAPTER)
        if not tasks:
            last = xs.merged_line(ws, NONE_TEXT, COLUMNS, xs.TEXT)
        for serial, task in enumerate(tasks, start=1):
            last = xs.data_row(ws, _values(task, serial, as_of), COLUMNS, min_height=HAND_ROW_XLSX)
    xs.print_setup(ws, header_row_number=header, columns=COLUMNS, last_row=last, freeze=f"A{header + 1}")


# --- docx -------------------------------------------------------------------------------------------


def _document(plan: PlanTree, sheets: list[UnitTasks], as_of: dt.date) -> gongwen.DocxDocument:
    doc = gongwen.new_document(landscape=True)
    headers = [c.header for c in COLUMNS]
    widths = [Mm(w) for w in DOCX_WIDTHS_MM]
    centred = [c.centred for c in COLUMNS]
    for index, sheet in enumerate(sheets):
        title = gongwen.title_lines(sheet_title(plan, sheet.unit), sheet.unit, gongwen.TITLE_CHARS_LANDSCAPE)
        gongwen.add_title(doc, title, new_page=index > 0)
        gongwen.add_body(doc, _as_of_line(plan, as_of))
        for heading, tasks in sheet.parts():
            gongwen.add_heading(doc, 1, f"{heading}（{len(tasks)}项）")
            if not tasks:
                gongwen.add_body(doc, NONE_TEXT)
                continue
            rows = (["" if v is None else str(v) for v in _values(t, n, as_of)] for n, t in enumerate(tasks, start=1))
            gongwen.add_table(doc, headers, rows, widths, centred, min_height=HAND_ROW_DOCX)
    return doc
