"""The year-end summary (工作要点完成情况) as a 公文 .docx: what was done, by whom, and what was not.

Counts are over leaf tasks (the units of work), the same as the app's status bar (`stats_of`); a leaf
belongs to the units named on it or, when it names none, on its nearest ancestor.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Mm

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.numbering import chinese_numeral
from ecodesk.domain.plan import PlanStats, PlanTree, Target, TaskNode, stats_of
from ecodesk.domain.status import is_closed
from ecodesk.domain.units import covers, is_collective
from ecodesk.io import gongwen
from ecodesk.io.plan_outline import TARGETS_HEADING
from ecodesk.io.plan_text import (
    effective_units,
    full_number,
    join_units,
    progress_line,
    unit_names,
    walk_with_parents,
    with_period,
)
from ecodesk.io.saving import save_atomically

UNIT_HEADERS = ("序号", "单位", "牵头任务", "配合任务", "已完成", "已滞后", "完成率")
UNIT_WIDTHS = (14, 38, 21, 21, 20, 20, 22)  # mm, 156 in all: the portrait text block
UNFINISHED_HEADERS = ("序号", "任务", "牵头单位", "完成时限", "状态", "原因（最新进展）")
UNFINISHED_WIDTHS = (14, 46, 24, 20, 18, 34)


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


def summary_title(plan: PlanTree) -> str:
    return f"{plan.bureau}{plan.year}年度工作要点完成情况"


def export_summary(plan: PlanTree, path: str | os.PathLike[str], today: dt.date | None = None) -> Path:
    """Write the year-end summary as of `today` (default: the real today)."""
    today = today or dt.date.today()
    leaves = leaves_of(plan)
    doc = gongwen.new_document()
    gongwen.add_title(doc, gongwen.title_lines(summary_title(plan), plan.bureau))
    sections = _section_labels()
    _overview(doc, next(sections), plan, leaves, today)
    _unit_table(doc, next(sections), unit_rows(plan, leaves, today))
    _chapters(doc, next(sections), plan, today)
    if plan.targets:
        _targets(doc, next(sections), plan.targets)
    _unfinished(doc, next(sections), leaves, today)
    return save_atomically(doc, path)


def _section_labels() -> Iterator[str]:
    """一、 二、 … for the summary's own parts (主要目标 is left out when the plan has none)."""
    return (f"{chinese_numeral(n)}、" for n in itertools.count(1))


def leaves_of(plan: PlanTree) -> list[Leaf]:
    return [Leaf(task, *effective_units(task, parents)) for task, parents in walk_with_parents(plan)
            if task.is_leaf]


def unit_rows(plan: PlanTree, leaves: list[Leaf], today: dt.date) -> list[UnitRow]:
    """Per-unit counts, in the plan's unit order; units with no task at all are left out."""
    rows = []
    for unit in (name for name in unit_names(plan) if not is_collective(name)):  # 各股室 counts for each
        led = [leaf.task for leaf in leaves if covers(leaf.lead_units, unit)]
        co = sum(1 for leaf in leaves if covers(leaf.co_units, unit))
        if led or co:
            rows.append(UnitRow(unit, len(led), co, stats_of(led, today)))
    return rows


def percent(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def overview_text(plan: PlanTree, stats: PlanStats, today: dt.date) -> str:
    return (
        f"{plan.year}年度工作要点共安排重点任务{stats.total}项（按最末一级任务计）。截至{format_cn_date(today)}，"
        f"已完成{stats.done}项，正在推进{stats.in_progress}项，尚未开始{stats.not_started}项，"
        f"已取消{stats.cancelled}项；其中已滞后{stats.overdue}项。"
        f"完成率{percent(stats.completion_rate)}（不含已取消任务）。"
    )


def _overview(doc: DocxDocument, label: str, plan: PlanTree, leaves: list[Leaf], today: dt.date) -> None:
    gongwen.add_heading(doc, 1, f"{label}总体完成情况")
    gongwen.add_body(doc, overview_text(plan, stats_of((leaf.task for leaf in leaves), today), today))


def _unit_table(doc: DocxDocument, label: str, rows: list[UnitRow]) -> None:
    gongwen.add_heading(doc, 1, f"{label}各单位完成情况")
    if not rows:
        gongwen.add_body(doc, "本年度工作要点未明确牵头单位。")
        return
    values = ([str(n), r.unit, str(r.led), str(r.co), str(r.stats.done), str(r.stats.overdue),
               percent(r.stats.completion_rate)] for n, r in enumerate(rows, start=1))
    centred = [True, False, True, True, True, True, True]
    gongwen.add_table(doc, UNIT_HEADERS, values, [Mm(w) for w in UNIT_WIDTHS], centred)


def _chapters(doc: DocxDocument, label: str, plan: PlanTree, today: dt.date) -> None:
    """Each chapter as a （一） heading, then its leaf tasks with status and latest progress."""
    gongwen.add_heading(doc, 1, f"{label}各项任务完成情况")
    for position, chapter in enumerate(plan.tasks, start=1):
        gongwen.add_heading(doc, 2, f"（{chinese_numeral(position)}）{chapter.title.strip()}")
        for n, task in enumerate((t for t in chapter.walk() if t.is_leaf), start=1):
            rest = f"【{task.display_status(today)}】{progress_line(task.latest_progress(today))}"
            gongwen.add_item(doc, 3, f"{n}.{with_period(task.title)}", rest)


def _targets(doc: DocxDocument, label: str, targets: list[Target]) -> None:
    """主要目标 as one of the summary's numbered parts: 1. 2. …, with a 楷体 line wherever the category
    changes. Only the summary prints them this way, so it lives here; the 工作要点 goes through
    plan_outline and writes categories as run-in “…方面：” lead-ins, as the published plans do."""
    gongwen.add_heading(doc, 1, f"{label}{TARGETS_HEADING}")
    category = None
    for position, target in enumerate(targets, start=1):
        if target.category and target.category != category:
            gongwen.add_heading(doc, 2, target.category)
        category = target.category
        gongwen.add_body(doc, f"{position}.{target.text.strip()}")


def unfinished(leaves: list[Leaf]) -> list[Leaf]:
    """Leaf tasks neither done nor cancelled, in plan order."""
    return [leaf for leaf in leaves if not is_closed(leaf.task.status)]


def _unfinished(doc: DocxDocument, label: str, leaves: list[Leaf], today: dt.date) -> None:
    gongwen.add_heading(doc, 1, f"{label}未完成任务及原因")
    rest = unfinished(leaves)
    if not rest:
        gongwen.add_body(doc, "本年度工作要点所列任务均已完成或按程序取消。")
        return
    gongwen.add_body(doc, f"截至{format_cn_date(today)}，尚有{len(rest)}项任务未完成，具体如下：")
    values = ([str(n), f"{full_number(leaf.task)}{leaf.task.title}", join_units(leaf.lead_units),
               leaf.task.deadline_shown, leaf.task.display_status(today),
               progress_line(leaf.task.latest_progress(today))] for n, leaf in enumerate(rest, start=1))
    centred = [True, False, True, True, True, False]
    gongwen.add_table(doc, UNFINISHED_HEADERS, values, [Mm(w) for w in UNFINISHED_WIDTHS], centred)
