"""The 工作要点 as a .docx in 公文 layout: the document the bureau issues and files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument

from ecodesk.domain.plan import PlanTree, Target, TaskNode
from ecodesk.io import gongwen
from ecodesk.io.doc_properties import DocMeta, save_stamped
from ecodesk.io.plan_outline import Block, ChapterHeading, Paragraph, Targets, TaskChapter, plan_outline
from ecodesk.io.plan_text import bureau_name, deadline_clause, plan_heading, target_line, units_clause, with_period


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
    heading = plan_heading(plan)
    gongwen.add_title(doc, gongwen.title_lines(heading, bureau_name(plan)))
    add_plan_body(doc, plan, options)
    return save_stamped(doc, path, DocMeta(heading, bureau_name(plan)))


def add_plan_body(doc: DocxDocument, plan: PlanTree, options: WordOptions) -> None:
    """The plan's text below its title: preamble chapters, targets and tasks (also the second part of a
    year-end summary published with next year's plan)."""
    for block in plan_outline(plan, preamble=options.preamble, targets=options.targets):
        _add_block(doc, block, options)


def _add_block(doc: DocxDocument, block: Block, options: WordOptions) -> None:
    """Lay out one outline block; preamble chapters share the 黑体 style of the task chapters."""
    match block:
        case ChapterHeading(label, text):
            gongwen.add_heading(doc, 1, f"{label}{text}")
        case Paragraph(text):
            gongwen.add_body(doc, text)
        case Targets(targets):
            _add_targets(doc, targets)
        case TaskChapter(label, task):
            _add_task(doc, task, options, label)


def _add_targets(doc: DocxDocument, targets: tuple[Target, ...]) -> None:
    """Numbered 1. 2. …; a lone target is prose and stays unnumbered (“1.2021年…” reads as a decimal)."""
    for position, target in enumerate(targets, start=1):
        gongwen.add_body(doc, target_line(position if len(targets) > 1 else None, target))


def _tail(task: TaskNode, options: WordOptions) -> str:
    """The measures followed by the unit and deadline clauses the options ask for."""
    tail = task.measures.strip()
    if options.units:
        tail += units_clause(task)
    if options.deadlines:
        tail += deadline_clause(task)
    return tail


def _add_task(doc: DocxDocument, task: TaskNode, options: WordOptions, number: str) -> None:
    """A task and the tasks below it; `number` is its printed label (chapters follow the preamble's)."""
    tail = _tail(task, options)
    if task.depth <= 2:
        gongwen.add_heading(doc, task.depth, f"{number}{task.title.strip()}")
        if tail:
            gongwen.add_body(doc, tail)
    else:
        lead = f"{number}{with_period(task.title)}"
        gongwen.add_item(doc, min(task.depth, 4), lead, tail, keep_with_next=bool(task.children),
                         bold_lead=options.bold_item_titles)
    for child in task.children:
        _add_task(doc, child, options, child.number)
