"""重点工作任务进展情况表 (.xlsx): the table units fill in and the bureau prints for its meetings."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.status import OVERDUE_LABEL, Status
from ecodesk.io import xlsx_style as xs
from ecodesk.io.plan_text import join_units, progress_line
from ecodesk.io.saving import save_atomically

COLUMNS = (
    xs.Column("序号", 6, centred=True),
    xs.Column("重点任务", 24),
    xs.Column("具体措施", 34),
    xs.Column("牵头单位", 14, centred=True),
    xs.Column("配合单位", 16, centred=True),
    xs.Column("完成时限", 15, centred=True),
    xs.Column("进展情况", 40),
    xs.Column("完成状态", 10, centred=True),
    xs.Column("备注", 12),
)
STATUS_COLUMN = "H"
STATUS_CHOICES = (*(s.value for s in Status), OVERDUE_LABEL)


def progress_table_title(plan: PlanTree) -> str:
    return f"{plan.bureau}{plan.year}年重点工作任务进展情况表"


def export_progress_table(plan: PlanTree, path: str | os.PathLike[str], as_of: dt.date | None = None) -> Path:
    """Write the progress table as of `as_of` (default today): latest updates and statuses on that day."""
    as_of = as_of or dt.date.today()
    wb = xs.new_workbook()
    ws = wb.create_sheet(xs.safe_sheet_title(f"{plan.year}年进展情况", set()))
    xs.set_columns(ws, COLUMNS)
    xs.merged_line(ws, progress_table_title(plan), COLUMNS, xs.TITLE, line_height=30)
    xs.merged_line(ws, f"截至{format_cn_date(as_of)}", COLUMNS, xs.NOTE_RIGHT)
    header = xs.header_row(ws, COLUMNS)
    last_row = _write_tasks(ws, plan.tasks, header, as_of)
    first = header + 1
    xs.list_validation(ws, STATUS_CHOICES, f"{STATUS_COLUMN}{first}:{STATUS_COLUMN}{max(last_row, first)}")
    ws.auto_filter.ref = f"A{header}:{chr(ord('A') + len(COLUMNS) - 1)}{last_row}"
    xs.print_setup(ws, header_row_number=header, columns=COLUMNS, last_row=last_row, freeze=f"C{first}")
    return save_atomically(wb, path)


def is_group(task: TaskNode) -> bool:
    """Chapters and sections with sub-tasks print as merged group rows, not as task rows."""
    return task.depth <= 2 and bool(task.children)


def _write_tasks(ws: Worksheet, tasks: list[TaskNode], last_row: int, as_of: dt.date) -> int:
    """Append the task rows below `last_row`; return the last row written (`last_row` if none)."""
    serial = 0
    for task in (t for top in tasks for t in top.walk()):
        if is_group(task):
            style = xs.CHAPTER if task.depth == 1 else xs.SECTION
            last_row = xs.merged_line(ws, f"{task.number}{task.title}", COLUMNS, style)
        else:
            serial += 1
            last_row = xs.data_row(ws, _values(task, serial, as_of), COLUMNS, overdue=task.is_overdue(as_of))
    return last_row


def _values(task: TaskNode, serial: int, as_of: dt.date) -> list[object]:
    latest = task.latest_progress(as_of)
    title = task.title if task.depth == 3 else f"{task.number}{task.title}"
    return [
        serial,
        title,
        task.measures,
        join_units(task.lead_units),
        join_units(task.co_units),
        task.deadline_shown,
        progress_line(latest) if latest else "",
        task.display_status(as_of),
        task.notes,
    ]
