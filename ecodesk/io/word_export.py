"""The 工作要点 as a .docx in 公文 layout: the document the bureau issues and files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument

from ecodesk.domain.plan import PlanTree, Target, TaskNode
from ecodesk.io import gongwen
from ecodesk.io.plan_text import deadline_clause, plan_heading, units_clause, with_period
from ecodesk.io.saving import save_atomically

TARGETS_HEADING = "主要目标"


@dataclass(frozen=True, slots=True)
class WordOptions:
    """What to print besides the task tree; the CLI's --no-units/--no-deadlines/--no-targets."""

    units: bool = True
    deadlines: bool = True
    targets: bool = True
    preamble: bool = True
    bold_item_titles: bool = True
    plain_fonts: bool = False  # 仿宋/楷体/宋体 for PCs without the _GB2312 fonts


def export_word(plan: PlanTree, path: str | os.PathLike[str], options: WordOptions | None = None) -> Path:
    """Write the plan as a 公文 .docx at `path` (atomically) and return that path."""
    options = options or WordOptions()
    fonts = gongwen.PLAIN_FONTS if options.plain_fonts else gongwen.GB2312_FONTS
    doc = gongwen.new_document(fonts)
    gongwen.add_title(doc, gongwen.title_lines(plan_heading(plan), plan.bureau))
    if options.preamble:
        for line in _paragraphs(plan.preamble):
            gongwen.add_body(doc, line)
    if options.targets and plan.targets:
        add_targets(doc, plan.targets, TARGETS_HEADING)
    for task in plan.tasks:
        _add_task(doc, task, options)
    return save_atomically(doc, path)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def add_targets(doc: DocxDocument, targets: list[Target], heading: str) -> None:
    """主要目标 under a 黑体 heading, numbered 1. 2. …, with a 楷体 line wherever the category changes.

    The 工作要点 leaves the heading unnumbered (一、 labels belong to the task chapters); the summary
    numbers it among its own parts.
    """
    gongwen.add_heading(doc, 1, heading)
    category = None
    for position, target in enumerate(targets, start=1):
        if target.category and target.category != category:
            gongwen.add_heading(doc, 2, target.category)
        category = target.category
        gongwen.add_body(doc, f"{position}.{target.text.strip()}")


def _tail(task: TaskNode, options: WordOptions) -> str:
    """The measures followed by the unit and deadline clauses the options ask for."""
    tail = task.measures.strip()
    if options.units:
        tail += units_clause(task)
    if options.deadlines:
        tail += deadline_clause(task)
    return tail


def _add_task(doc: DocxDocument, task: TaskNode, options: WordOptions) -> None:
    tail = _tail(task, options)
    if task.depth <= 2:
        gongwen.add_heading(doc, task.depth, f"{task.number}{task.title.strip()}")
        if tail:
            gongwen.add_body(doc, tail)
    else:
        lead = f"{task.number}{with_period(task.title)}"
        gongwen.add_item(doc, min(task.depth, 4), lead, tail, keep_with_next=bool(task.children),
                         bold_lead=options.bold_item_titles)
    for child in task.children:
        _add_task(doc, child, options)
