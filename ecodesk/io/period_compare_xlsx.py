"""本期 vs 上期 (.xlsx): per 股室, the tasks newly done, changed, newly behind or 未报, with the counts.

Two sheets, each under the title and the two as-of days: the counts (a row per 股室 and a 合计 row), and
a group row per 股室 followed by its tasks, before and after side by side. The layout and styles are the
进展情况表's (io/xlsx_style), so it prints the same way: A4 landscape, one page wide.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.period_report import ChangeKind, ComparedTask, PeriodComparison
from ecodesk.io import xlsx_style as xs
from ecodesk.io.doc_properties import DocMeta, save_stamped

COLUMNS = (
    xs.Column("序号", 6, centred=True),
    xs.Column("任务编号", 13, centred=True),  # 三（三）1.4）: the label every document prints
    xs.Column("重点任务", 32),
    xs.Column("上期状态", 10, centred=True),
    xs.Column("本期状态", 10, centred=True),
    xs.Column("上期进度", 9, centred=True),
    xs.Column("本期进度", 9, centred=True),
    xs.Column("进度变化", 9, centred=True),
    xs.Column("序时灯色", 10, centred=True),
    xs.Column("变化情况", 22),
)
KINDS = tuple(ChangeKind)
COUNT_COLUMNS = (xs.Column("股室", 22), *(xs.Column(kind, 11, centred=True) for kind in KINDS))


def export_period_comparison(comparison: PeriodComparison, path: str | os.PathLike[str]) -> Path:
    """Write the comparison to `path` (through a temporary file renamed into place): a sheet of counts
    per 股室, then one listing their tasks."""
    wb = xs.new_workbook()
    _count_sheet(wb.create_sheet("各股室汇总"), comparison)
    _task_sheet(wb.create_sheet("任务明细"), comparison)
    return save_stamped(wb, path, DocMeta(comparison.title, comparison.bureau))


def _heading(ws: Worksheet, comparison: PeriodComparison, columns: tuple[xs.Column, ...]) -> int:
    xs.set_columns(ws, columns)
    xs.merged_line(ws, comparison.title, columns, xs.TITLE, line_height=30)
    xs.merged_line(ws, as_of_line(comparison), columns, xs.NOTE)
    return xs.header_row(ws, columns)


def _count_sheet(ws: Worksheet, comparison: PeriodComparison) -> None:
    """股室 by kind, with a 合计 row counting each task once."""
    header = _heading(ws, comparison, COUNT_COLUMNS)
    for unit in comparison.units:
        xs.data_row(ws, [unit.unit, *(unit.count(kind) for kind in KINDS)], COUNT_COLUMNS)
    last = xs.data_row(ws, ["合计", *(comparison.total(kind) for kind in KINDS)], COUNT_COLUMNS)
    xs.print_setup(ws, header_row_number=header, columns=COUNT_COLUMNS, last_row=last, freeze=f"A{header + 1}")


def _task_sheet(ws: Worksheet, comparison: PeriodComparison) -> None:
    """A group row per 股室 with its counts, then its tasks; newly behind ones filled red."""
    header = last = _heading(ws, comparison, COLUMNS)
    for unit in comparison.units:
        counts = "，".join(f"{kind} {unit.count(kind)}" for kind in KINDS if unit.count(kind))
        last = xs.merged_line(ws, f"{unit.unit}（{counts}）", COLUMNS, xs.CHAPTER)
        for serial, task in enumerate(unit.tasks, start=1):
            last = xs.data_row(ws, _values(serial, task), COLUMNS, overdue=ChangeKind.BEHIND in task.kinds)
    if not comparison.units:
        last = xs.merged_line(ws, "本期与上期相比没有变化，也没有未报的任务", COLUMNS, xs.TEXT)
    xs.print_setup(ws, header_row_number=header, columns=COLUMNS, last_row=last, freeze=f"D{header + 1}")


def as_of_line(comparison: PeriodComparison) -> str:
    before = comparison.previous.label if comparison.previous else "年初"
    return (f"本期：{comparison.period.label}，截至{format_cn_date(comparison.day)}；"
            f"上期：{before}，截至{format_cn_date(comparison.previous_day)}。"
            "未报：本期报送轮次内没有进展记录的未完成任务。")


def _values(serial: int, task: ComparedTask) -> list[object]:
    change = task.percent_change
    return [serial, task.number, task.title, task.before.status.value, task.after.status.value,
            f"{task.before.percent}%", f"{task.after.percent}%", f"{change:+d}" if change else "",
            task.after_light.label, "、".join(kind for kind in KINDS if kind in task.kinds)]
