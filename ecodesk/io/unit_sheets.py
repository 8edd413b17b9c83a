"""Per-unit task sheets: each 股室 gets the tasks it leads and those it helps with, with their 序时 lights.

One .xlsx with a sheet per unit, or one .docx with a section per unit (a new page, page numbers from 1),
both A4 landscape to print as they are: the Word rows may split across pages under a repeated header, so
the 新建 sample's nine units fill 35 pages, not 121; no Excel row stands taller than the page.

Empty units: when the caller lets the plan choose (`units=None`), units that neither lead nor co-work any
task are skipped, since a page of 无 helps nobody; a unit named explicitly always gets its sheet, with 无
under each empty part, so that a clerk who asked for it sees the answer rather than a missing page.
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
from ecodesk.domain.numbering import task_label
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.status import Status
from ecodesk.domain.units import is_collective, unit_key
from ecodesk.io import gongwen
from ecodesk.io import xlsx_style as xs
from ecodesk.io.doc_properties import DocMeta, save_stamped
from ecodesk.io.plan_text import (
    DatedExport,
    bureau_name,
    join_units,
    light_text,
    progress_line,
    unit_names,
    with_period,
)

Format = Literal["xlsx", "docx"]
COLUMNS = (
    xs.Column("任务编号", 12, centred=True),
    xs.Column("重点任务", 18),
    xs.Column("具体措施", 42),
    xs.Column("牵头/配合单位", 20),  # “牵头：环评与辐射股” on one line: a unit name broken in two reads as two
    xs.Column("完成时限", 11, centred=True),
    xs.Column("序时状态", 12, centred=True),
    xs.Column("最新进展", 40),
)
STATUS_INDEX = 5
# The Word sheet sets each title in bold at the head of its measures, and the deadline under the units:
# one wide column (most of the 247 mm text block) packs two texts tighter than two columns of uneven height.
DOCX_COLUMNS = ((COLUMNS[0].header, 18), ("重点任务及具体措施", 120), ("责任单位及完成时限", 38),
                (COLUMNS[5].header, 18), (COLUMNS[6].header, 53))
DOCX_CENTRED = (True, False, False, True, False)
DOCX_STATUS_INDEX = 3
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


def _meta(run: DatedExport, sheets: list[UnitTasks]) -> DocMeta:
    unit = sheets[0].unit if len(sheets) == 1 else "各股室"
    return DocMeta(sheet_title(unit, run.period), bureau_name(run.plan))


def export_unit_sheets(plan: PlanTree, path: str | os.PathLike[str], *, units: Sequence[str] | None = None,
                       fmt: Format = "xlsx", as_of: dt.date | None = None, period: Period | None = None) -> Path:
    """Write one sheet (xlsx) or section (docx) per unit as of `as_of` (the plan's day, else today), lights
    judged in `period` (default: the plan's period that day falls in); unknown unit names raise UserError."""
    if fmt not in ("xlsx", "docx"):
        raise UserError(f"不支持的导出格式“{fmt}”，可选：xlsx、docx")
    run = DatedExport.of(plan, as_of, period)
    sheets = collect(plan, units)
    build = _workbook if fmt == "xlsx" else _document
    return save_stamped(build(run, sheets), path, _meta(run, sheets))


def collect(plan: PlanTree, units: Sequence[str] | None = None) -> list[UnitTasks]:
    """The sheets to print: the requested units (by name, spelling variants allowed) or every busy unit.

    Collectives such as 各股室 get a sheet only when asked for by name: by default each sheet goes to
    one 股室 that can fill it in. Cancelled tasks are on no sheet: nobody answers for them.

    An empty `units` means “not given”, as the CLI passes () when no --unit is typed.
    """
    known = unit_names(plan)
    if not units:
        chosen, keep_empty = [n for n in known if not is_collective(n)], False
    else:
        chosen, keep_empty = [_resolve(name, known, plan.year) for name in units], True
    live = [t for t in plan.walk() if t.status is not Status.CANCELLED]
    sheets = [_tasks_of(live, name) for name in dict.fromkeys(chosen)]
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


def _tasks_of(tasks: list[TaskNode], unit: str) -> UnitTasks:
    """The unit's tasks, 各股室's on every unit's sheet; a task it leads is not listed again under 配合
    when its co-units are 各股室 (a 局党组 task co-worked by 各股室 is led by 局党组, not helped)."""
    led = [t for t in tasks if t.leads(unit)]
    return UnitTasks(unit, led, [t for t in tasks if t.supports(unit) and not t.leads(unit)])


def sheet_title(unit: str, period: Period) -> str:
    """“综合股2021年上半年重点工作任务清单”: the unit, then the period the sheet reports on."""
    return f"{unit}{period.label}重点工作任务清单"


def _values(run: DatedExport, task: TaskNode, mark: TaskMark) -> list[str]:
    """One row: the task as planned, its light (`mark`) and its latest update as of the day."""
    return [task_label(run.plan, task), task.title, task.measures, _units_cell(task), task.deadline_shown,
            light_text(mark), progress_line(task.latest_progress(run.as_of))]


def _units_cell(task: TaskNode) -> str:
    """Both unit lists in one cell: on a unit's own sheet the other side is what matters."""
    lines = [f"牵头：{join_units(task.lead_units)}" if task.lead_units else "",
             f"配合：{join_units(task.co_units)}" if task.co_units else ""]
    return "\n".join(line for line in lines if line)


def _as_of_line(run: DatedExport) -> str:
    return f"{bureau_name(run.plan)}　　{run.period.label}　　截至{format_cn_date(run.as_of)}"


# --- xlsx -------------------------------------------------------------------------------------------


def _workbook(run: DatedExport, sheets: list[UnitTasks]) -> Workbook:
    wb = xs.new_workbook()
    taken: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(xs.safe_sheet_title(sheet.unit, taken))
        _fill_sheet(ws, run, sheet)
    return wb


def _fill_sheet(ws: Worksheet, run: DatedExport, sheet: UnitTasks) -> None:
    xs.set_columns(ws, COLUMNS)
    xs.merged_line(ws, sheet_title(sheet.unit, run.period), COLUMNS, xs.TITLE, line_height=30)
    xs.merged_line(ws, _as_of_line(run), COLUMNS, xs.NOTE)
    header = last = xs.header_row(ws, COLUMNS)
    for heading, tasks in sheet.parts():
        last = xs.merged_line(ws, f"{heading}（{len(tasks)}项）", COLUMNS, xs.CHAPTER)
        if not tasks:
            last = xs.merged_line(ws, NONE_TEXT, COLUMNS, xs.TEXT)
        for task in tasks:
            mark = run.mark(task)
            light = {STATUS_INDEX: xs.LIGHT_STYLES[mark.light]} if mark.light in xs.LIGHT_STYLES else None
            last = xs.data_row(ws, _values(run, task, mark), COLUMNS, styles=light)
    xs.print_setup(ws, header_row_number=header, columns=COLUMNS, last_row=last, freeze=f"A{header + 1}")


# --- docx -------------------------------------------------------------------------------------------


def _document(run: DatedExport, sheets: list[UnitTasks]) -> gongwen.DocxDocument:
    """Each unit a section of its own: it starts a page and its page numbers start at 1."""
    doc = gongwen.new_document(landscape=True)
    headers = [header for header, _width in DOCX_COLUMNS]
    widths = [Mm(width) for _header, width in DOCX_COLUMNS]
    for index, sheet in enumerate(sheets):
        if index:
            gongwen.new_section(doc, restart_numbers=True)
        title = sheet_title(sheet.unit, run.period)
        gongwen.add_title(doc, gongwen.title_lines(title, sheet.unit, gongwen.TITLE_CHARS_LANDSCAPE))
        gongwen.add_body(doc, _as_of_line(run))
        for heading, tasks in sheet.parts():
            gongwen.add_heading(doc, 1, f"{heading}（{len(tasks)}项）")
            if not tasks:
                gongwen.add_body(doc, NONE_TEXT)
                continue
            marks = [run.mark(t) for t in tasks]
            rows = [_docx_values(run, t, m) for t, m in zip(tasks, marks, strict=True)]
            shades = [{DOCX_STATUS_INDEX: xs.LIGHT_FILLS[m.light]} if m.light in xs.LIGHT_FILLS else {} for m in marks]
            gongwen.add_table(doc, headers, rows, widths, DOCX_CENTRED, split_rows=True,
                              shades=shades, small=True)
    return doc


def _docx_values(run: DatedExport, task: TaskNode, mark: TaskMark) -> list[gongwen.Cell]:
    """The row of `_values` with the title leading its measures in one cell, the deadline under the units."""
    number, title, measures, units, deadline, *rest = _values(run, task, mark)
    due = "\n".join(part for part in (units, f"时限：{deadline}" if deadline else "") if part)
    return [number, gongwen.Lead(with_period(title), measures), due, *rest]
