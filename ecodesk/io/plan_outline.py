"""The 工作要点 as an ordered list of blocks, decided before any .docx is written.

An imported plan keeps its prose chapters (一、总体要求, 二、主要目标 …) as preamble lines and its task
chapters as a tree numbered from 一、. Printed one after the other, the chapter numbers restart and the
主要目标 heading appears twice. The outline numbers every printed chapter in one sequence and puts the
targets inside the preamble's own 主要目标 chapter when it has one, so the writer only lays blocks out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from ecodesk.domain.numbering import label
from ecodesk.domain.plan import PlanTree, Target, TaskNode
from ecodesk.domain.preamble import split_preamble, targets_chapter

TARGETS_HEADING = "主要目标"


@dataclass(frozen=True, slots=True)
class ChapterHeading:
    """A 一、 chapter heading; `label` is the number it is printed with, not the one the source had."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph of the preamble."""

    text: str


@dataclass(frozen=True, slots=True)
class Targets:
    """The 主要目标 indicators, printed as a numbered list under the chapter before them."""

    targets: tuple[Target, ...]


@dataclass(frozen=True, slots=True)
class TaskChapter:
    """A top-level task printed under `label`; the tasks below it keep the labels of the tree."""

    label: str
    task: TaskNode


Block = ChapterHeading | Paragraph | Targets | TaskChapter


def plan_outline(plan: PlanTree, *, preamble: bool = True, targets: bool = True) -> list[Block]:
    """The blocks of the document below its title, chapters numbered 一、 二、 … in printed order.

    `preamble` and `targets` say whether those parts are printed; leaving one out renumbers the rest.
    """
    labels = (label(1, n) for n in itertools.count(1))
    shown = tuple(plan.targets) if targets else ()
    blocks = _preamble_blocks(plan.preamble, labels, shown) if preamble else []
    if shown and not any(isinstance(block, Targets) for block in blocks):
        blocks += [ChapterHeading(next(labels), TARGETS_HEADING), Targets(shown)]
    blocks += [TaskChapter(next(labels), task) for task in plan.tasks]
    return blocks


def _preamble_blocks(text: str, labels: Iterator[str], targets: tuple[Target, ...]) -> list[Block]:
    """Intro paragraphs, then each prose chapter; the targets close the first 主要目标 chapter."""
    intro, chapters = split_preamble(text)
    home = targets_chapter(chapters) if targets else None
    blocks: list[Block] = [Paragraph(line) for line in intro]
    for chapter in chapters:
        blocks.append(ChapterHeading(next(labels), chapter.heading))
        blocks += [Paragraph(line) for line in chapter.lines]
        if chapter is home:
            blocks.append(Targets(targets))
    return blocks
