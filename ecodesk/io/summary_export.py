"""The year-end summary as a 公文 .docx: 《X局2021年工作总结》, or with next year's plan as its second part
《X局2021年工作总结和2022年工作要点》 (the shape of the 嘉兴 document, ../shared/docs/reporting-year.md).

一、主要工作成效: the 主要目标 with their actual values and 达标, the completion counts and a table per
unit; 二、主要工作开展情况: the plan's own sections as headings, each task's updates of the year merged into
prose; 三、存在问题: the updates' 存在问题 and the open tasks' last reports; 四、下一步工作打算. Everything as of
the day the plan was read (a summary made in July never shows a later update or status). Points are body
text with a bold lead; only the parts' and sections' titles are headings.

Counts are over leaf tasks (the units of work), the same as the app's status bar (`stats_of`); a leaf
belongs to the units named on it or, when it names none, on its nearest ancestor.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Mm

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.periods import period_of_day
from ecodesk.domain.plan import PlanStats, PlanTree, TaskNode, stats_of
from ecodesk.domain.report_text import (
    Section,
    coming_steps,
    counts_of,
    merged,
    open_leaves,
    problems_prose,
    progress_prose,
    sections_of,
)
from ecodesk.domain.units import covers, is_collective
from ecodesk.io import gongwen
from ecodesk.io.doc_properties import DocMeta, save_stamped
from ecodesk.io.plan_text import bureau_name, effective_units, unit_names, walk_with_parents, with_period
from ecodesk.io.report_export import add_target_results, section_labels
from ecodesk.io.word_export import WordOptions, add_plan_body

UNIT_HEADERS = ("序号", "单位", "牵头任务", "配合任务", "已完成", "已滞后", "完成率")
UNIT_WIDTHS = (14, 38, 21, 21, 20, 20, 22)  # mm, 156 in all: the portrait text block
NO_UPDATES = "未报送进展情况。"


@dataclass(frozen=True, slots=True)
class Leaf:
    """A unit of work with the units it answers to (inherited when it names none)."""

    task: TaskNode
    lead_units: list[str]
    co_units: list[str]


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One line of the per-unit table: the stats are over the tasks the unit leads."""

    unit: str
    led: int
    co: int
    stats: PlanStats


def summary_title(plan: PlanTree, next_year: int | None = None) -> str:
    """X局2021年工作总结, or with next year's plan X局2021年工作总结和2022年工作要点."""
    title = f"{bureau_name(plan)}{plan.year}年工作总结"
    return f"{title}和{next_year}年工作要点" if next_year else title


def export_summary(plan: PlanTree, path: str | os.PathLike[str], today: dt.date | None = None,
                   next_plan: PlanTree | None = None) -> Path:
    """Write the summary of `plan` as of `today` (default: the real today), followed by `next_plan`'s
    工作要点 when given."""
    today = today or dt.date.today()
    doc = gongwen.new_document()
    title = summary_title(plan, next_plan.year if next_plan else None)
    gongwen.add_title(doc, gongwen.title_lines(title, bureau_name(plan)))
    if next_plan:
        gongwen.add_part_title(doc, f"{plan.year}年工作总结")
    sections = sections_of(plan)
    counts = counts_of(plan, today, period_of_day(plan.reporting_periods(), today))
    when = "全年" if today >= dt.date(plan.year, 12, 31) else f"截至{today.month}月{today.day}日"
    gongwen.add_body(doc, f"{plan.year}年，在上级党委、政府和生态环境主管部门的坚强领导下，我局认真落实"
                          f"{plan.year}年工作要点各项部署，{counts.total}项重点任务（按最末一级任务计）{when}"
                          f"{counts.sentence()}。现将{plan.year}年工作情况总结如下。")
    _results(doc, plan, today, when)
    _work_done(doc, sections)
    _problems(doc, plan, today)
    _next(doc, plan, next_plan)
    if next_plan:
        gongwen.add_part_title(doc, f"{next_plan.year}年工作要点", new_page=True)
        add_plan_body(doc, next_plan, WordOptions())
    return save_stamped(doc, path, DocMeta(title, bureau_name(plan)))


def _results(doc: DocxDocument, plan: PlanTree, today: dt.date, when: str) -> None:
    """一、主要工作成效: the targets with their values, then the tasks' completion and the unit table."""
    gongwen.add_heading(doc, 1, "一、主要工作成效")
    labels = section_labels()
    if plan.targets:
        gongwen.add_heading(doc, 2, f"{next(labels)}主要目标完成情况")
        add_target_results(doc, plan, today, when)
    gongwen.add_heading(doc, 2, f"{next(labels)}重点任务完成情况")
    leaves = leaves_of(plan)
    rows = unit_rows(plan, leaves, today)
    overview = overview_text(plan, stats_of((leaf.task for leaf in leaves), today), today)
    gongwen.add_body(doc, overview + ("各单位完成情况如下表。" if rows else ""))
    if rows:
        values = ([str(n), r.unit, str(r.led), str(r.co), str(r.stats.done), str(r.stats.overdue),
                   percent(r.stats.completion_rate)] for n, r in enumerate(rows, start=1))
        centred = [True, False, True, True, True, True, True]
        gongwen.add_table(doc, UNIT_HEADERS, values, [Mm(w) for w in UNIT_WIDTHS], centred)


def _work_done(doc: DocxDocument, sections: list[Section]) -> None:
    """二、主要工作开展情况: a heading a section, a point a task with its year of updates as prose."""
    gongwen.add_heading(doc, 1, "二、主要工作开展情况")
    labels = section_labels()
    for section in sections:
        gongwen.add_heading(doc, 2, f"{next(labels)}{section.title}")
        for n, item in enumerate(section.items, start=1):
            gongwen.add_lead_body(doc, f"{n}.{with_period(item.title)}", progress_prose([item]) or NO_UPDATES)


def _problems(doc: DocxDocument, plan: PlanTree, today: dt.date) -> None:
    """三、存在问题: each task's reported problems, then the tasks still open with their last report."""
    gongwen.add_heading(doc, 1, "三、存在问题")
    items = [item for section in sections_of(plan) for item in section.items]
    reported = [(item, problems_prose([item])) for item in items]
    reported = [(item, text) for item, text in reported if text]
    left = open_leaves(plan.tasks)
    if not reported and not left:
        gongwen.add_body(doc, "全年各项任务均已完成，未报告突出问题。")
        return
    gongwen.add_body(doc, "对照年度目标任务，工作中还存在以下问题和不足。")
    numbers = itertools.count(1)
    for item, text in reported:
        gongwen.add_lead_body(doc, f"{next(numbers)}.{with_period(item.title)}", text)
    if left:
        gongwen.add_body(doc, f"截至{format_cn_date(today)}，尚有{len(left)}项任务未完成：")
    for task in left:
        last = task.latest_progress()
        gongwen.add_lead_body(doc, f"{next(numbers)}.{task.title.strip().rstrip('。；;')}（完成进度{task.percent}%）。",
                              f"最新进展：{merged([last.text])}" if last else NO_UPDATES)


def _next(doc: DocxDocument, plan: PlanTree, next_plan: PlanTree | None) -> None:
    """四、下一步工作打算: carry on each open task with what its unit last planned."""
    gongwen.add_heading(doc, 1, "四、下一步工作打算")
    left = open_leaves(plan.tasks)
    follow = f"具体任务见{next_plan.year}年工作要点。" if next_plan else ""
    gongwen.add_body(doc, f"{plan.year + 1}年，我局将坚持问题导向，巩固已有成果，" +
                     (f"重点做好以下工作。{follow}" if left else f"持续推进生态环境质量改善。{follow}"))
    for n, task in enumerate(left, start=1):
        gongwen.add_lead_body(doc, f"{n}.继续推进{task.title.strip().rstrip('。；;')}。", coming_steps([task]))


def leaves_of(plan: PlanTree) -> list[Leaf]:
    return [Leaf(task, *effective_units(task, parents)) for task, parents in walk_with_parents(plan)
            if task.is_leaf]


def unit_rows(plan: PlanTree, leaves: list[Leaf], today: dt.date) -> list[UnitRow]:
    """Per-unit counts, in the plan's unit order; units with no task at all are left out. A plan names few
    distinct lists of units, so each list is matched against a unit once (10,000 leaves: 7 s → 0.1 s)."""
    covered = functools.cache(lambda names, unit: covers(list(names), unit))
    rows = []
    for unit in (name for name in unit_names(plan) if not is_collective(name)):  # 各股室 counts for each
        led = [leaf.task for leaf in leaves if covered(tuple(leaf.lead_units), unit)]
        co = sum(1 for leaf in leaves if covered(tuple(leaf.co_units), unit))
        if led or co:
            rows.append(UnitRow(unit, len(led), co, stats_of(led, today)))
    return rows


def percent(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def overview_text(plan: PlanTree, stats: PlanStats, today: dt.date) -> str:
    return (
        f"{plan.year}年工作要点共安排重点任务{stats.total}项（按最末一级任务计）。截至{format_cn_date(today)}，"
        f"已完成{stats.done}项，正在推进{stats.in_progress}项，尚未开始{stats.not_started}项，"
        f"已取消{stats.cancelled}项；其中已滞后{stats.overdue}项。"
        f"完成率{percent(stats.completion_rate)}（不含已取消任务）。"
    )
