"""The prose chapters of a plan's preamble (一、总体要求, 二、主要目标 …), as the source document has them.

An imported plan keeps its prose chapters as preamble lines and its task chapters as a tree. Both the
printed outline (io/plan_outline) and the task numbering (domain/numbering.chapter_offset) need to know
which preamble lines are chapter headings, so the rule lives here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# 一、 … 九十九、 with a full- or half-width 、 at the start of a preamble line.
_CHAPTER = re.compile(r"^[一二三四五六七八九十百〇零两]{1,4}\s?[、､]\s*(?P<text>\S.*)$")
_TARGETS_CHAPTER = re.compile("主要目标|目标任务|主要指标")


@dataclass(slots=True)
class PreambleChapter:
    """A prose chapter: its heading text (without the source's number) and its lines."""

    heading: str
    lines: list[str] = field(default_factory=list)


def split_preamble(text: str) -> tuple[list[str], list[PreambleChapter]]:
    """The lines before the first chapter heading, and the chapters with their lines.

    A heading run into its text (“一、总体要求。坚持…”) is cut at its first 。 so that only the
    heading is set in the heading face.
    """
    intro: list[str] = []
    chapters: list[PreambleChapter] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if match := _CHAPTER.match(line):
            heading, _, rest = match["text"].partition("。")
            chapters.append(PreambleChapter(heading.strip(), [rest.strip()] if rest.strip() else []))
        elif chapters:
            chapters[-1].lines.append(line)
        else:
            intro.append(line)
    return intro, chapters


def targets_chapter(chapters: list[PreambleChapter]) -> PreambleChapter | None:
    """The chapter the 主要目标 indicators belong under, if the preamble has one."""
    return next((c for c in chapters if _TARGETS_CHAPTER.search(c.heading)), None)
