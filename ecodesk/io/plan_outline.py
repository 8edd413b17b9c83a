"""The 工作要点 as an ordered list of blocks, decided before any .docx is written.

An imported plan keeps its prose chapters (一、总体要求, 二、主要目标 …) as preamble lines and its task
chapters as a tree numbered from 一、. Printed one after the other, the chapter numbers restart and the
主要目标 heading appears twice. The outline numbers every printed chapter in one sequence and puts the
targets inside the preamble's own 主要目标 chapter when it has one, so the writer only lays blocks out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ecodesk.domain.numbering import label
from ecodesk.domain.plan import PlanTree, Target, TaskNode

TARGETS_HEADING = "主要目标"
# 一、 … 九十九、 with a full- or half-width 、 at the start of a preamble line.
_CHAPTER = re.compile(r"^[一二三四五六七八九十百〇零两]{1,4}\s?[、､]\s*(?P<text>\S.*)$")
_TARGETS_CHAPTER = re.compile("主要目标|目标任务|主要指标")


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


@dataclass(frozen=True, slots=True)
class _PreambleChapter:
    heading: str
    lines: list[str]


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
    intro, chapters = _split_preamble(text)
    home = _targets_chapter(chapters) if targets else None
    blocks: list[Block] = [Paragraph(line) for line in intro]
    for chapter in chapters:
        blocks.append(ChapterHeading(next(labels), chapter.heading))
        blocks += [Paragraph(line) for line in chapter.lines]
        if chapter is home:
            blocks.append(Targets(targets))
    return blocks


def _split_preamble(text: str) -> tuple[list[str], list[_PreambleChapter]]:
    """The lines before the first chapter heading, and the chapters with their lines.

    A heading run into its text (“一、总体要求。坚持…”) is cut at its first 。 so that only the
    heading is set in the heading face.
    """
    intro: list[str] = []
    chapters: list[_PreambleChapter] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if match := _CHAPTER.match(line):
            heading, _, rest = match["text"].partition("。")
            chapters.append(_PreambleChapter(heading.strip(), [rest.strip()] if rest.strip() else []))
        elif chapters:
            chapters[-1].lines.append(line)
        else:
            intro.append(line)
    return intro, chapters


def _targets_chapter(chapters: list[_PreambleChapter]) -> _PreambleChapter | None:
    return next((c for c in chapters if _TARGETS_CHAPTER.search(c.heading)), None)
