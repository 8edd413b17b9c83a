"""重点工作任务进展情况表 (.xlsx): the table units fill in and the bureau prints for its meetings.

Chapters, sections and items with sub-items are group rows (merged, shaded, no status of their own: theirs
is their tasks'); each task row carries its label (三（三）2.5）, domain/numbering), its latest update as of
the day with that update's 存在问题 and 下步打算 in columns of their own, its percent, its stored status (a
drop-down of the statuses a clerk may set: 已滞后 is computed, so it is shown by the 序时 light and the row's
red fill, never offered) and its 序时 light. Printed, no row stands taller than the page (data_row splits
long text over （续） rows) and no group row is left alone at a page's foot (xlsx_style.keep_with_next).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.numbering import task_label
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.status import Status
from ecodesk.io import xlsx_style as xs
from ecodesk.io.doc_properties import DocMeta, save_stamped
from ecodesk.io.plan_text import DatedExport, bureau_name, join_units, light_text, progress_line

COLUMNS = (  # 160 width units: one landscape page wide at about 70 %, 12 pt printing near 8.5 pt
    xs.Column("编号", 9, centred=True),
    xs.Column("重点任务", 15),
    xs.Column("具体措施", 27),
    xs.Column("牵头单位", 8, centred=True),
    xs.Column("配合单位", 10, centred=True),
    xs.Column("完成时限", 8, centred=True),
    xs.Column("进展情况", 26),
    xs.Column("完成进度", 6, centred=True),
    xs.Column("完成状态", 7, centred=True),
    xs.Column("序时状态", 9, centred=True),
    xs.Column("存在问题", 13),
    xs.Column("下步打算", 13),
    xs.Column("备注", 9),
)
STATUS_INDEX, LIGHT_INDEX = 8, 9  # 0-based: 完成状态 (the drop-down) and 序时状态 (the light)
STATUS_CHOICES = tuple(s.value for s in Status)
GROUP_STYLES = (xs.CHAPTER, xs.SECTION, xs.SUBSECTION)  # by depth: 一、 / （一） / 1.


def progress_table_title(plan: PlanTree, period: Period) -> str:
    return f"{bureau_name(plan)}{period.label}重点工作任务进展情况表"


def export_progress_table(plan: PlanTree, path: str | os.PathLike[str], as_of: dt.date | None = None,
                          period: Period | None = None) -> Path:
    """Write the progress table as of `as_of` (default: the plan's day, else today): latest updates and
    statuses on that day, lights judged in `period` (default: the period that day falls in)."""
    run = DatedExport.of(plan, as_of, period)
    title = progress_table_title(plan, run.period)
    wb = xs.new_workbook()
    ws = wb.create_sheet(xs.safe_sheet_title(f"{plan.year}年进展情况", set()))
    xs.set_columns(ws, COLUMNS)
    xs.merged_line(ws, title, COLUMNS, xs.TITLE, line_height=30)
    xs.merged_line(ws, f"截至{format_cn_date(run.as_of)}", COLUMNS, xs.NOTE_RIGHT)
    header = xs.header_row(ws, COLUMNS)
    last_row, groups = _write_tasks(ws, run, header)
    first = header + 1
    status = get_column_letter(STATUS_INDEX + 1)
    xs.list_validation(ws, STATUS_CHOICES, f"{status}{first}:{status}{max(last_row, first)}")
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(COLUMNS))}{last_row}"
    scale = xs.fit_scale(COLUMNS)
    xs.print_setup(ws, header_row_number=header, columns=COLUMNS, last_row=last_row, freeze=f"C{first}", scale=scale)
    xs.keep_with_next(ws, groups, header_row_number=header, last_row=last_row, scale=scale)
    return save_stamped(wb, path, DocMeta(title, bureau_name(plan)))


def is_group(task: TaskNode) -> bool:
    """A task with sub-tasks prints as a merged group row: its standing is that of the tasks below it."""
    return bool(task.children)


def _write_tasks(ws: Worksheet, run: DatedExport, last_row: int) -> tuple[int, list[int]]:
    """Append the task rows below `last_row`; the last row written (`last_row` if none) and the group rows."""
    groups = []
    for task in run.plan.walk():
        if is_group(task):
            style = GROUP_STYLES[min(task.depth, len(GROUP_STYLES)) - 1]
            last_row = xs.merged_line(ws, f"{task_label(run.plan, task)}{task.title}", COLUMNS, style)
            groups.append(last_row)
        else:
            mark = run.mark(task)
            styles = {LIGHT_INDEX: xs.LIGHT_STYLES[mark.light]} if mark.light in xs.LIGHT_STYLES else None
            last_row = xs.data_row(ws, _values(run, task, mark), COLUMNS, overdue=task.is_overdue(run.as_of),
                                   styles=styles)
    return last_row, groups


def _values(run: DatedExport, task: TaskNode, mark: TaskMark) -> list[object]:
    latest = task.latest_progress(run.as_of)
    return [
        task_label(run.plan, task),
        task.title,
        task.measures,
        join_units(task.lead_units),
        join_units(task.co_units),
        task.deadline_shown,
        progress_line(latest, notes=False) if latest else "",
        f"{task.percent}%",
        task.status.value,
        light_text(mark),
        latest.problems if latest else "",
        latest.next_steps if latest else "",
        task.notes,
    ]
