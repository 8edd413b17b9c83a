"""A 进展 report as a 股室 or the office writes it (“上半年工作进展情况…”): its numbered passages.

Reports come back as Word or text documents shaped like the plan: chapters and sections (“（一）狠抓治水工作。”)
each followed by a paragraph of what was done. Each numbered line with the paragraphs after it is one
passage: its heading (the first sentence), what it says, and the headings above it, which place it in the
plan. The parts that are not progress — what comes next (下半年工作安排, 下步打算), the problems (存在问题) —
are left out with everything under them, and so is the report's title and opening before the first number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import import document_lines
from ecodesk.io.plan_import.rawtree import RawNode, build_tree, join_paragraphs, prepare, split_first_sentence

REPORT_SUFFIXES = (".docx", ".txt", ".doc", ".wps", ".rtf", ".pdf")
_NOT_PROGRESS = re.compile(r"下半年|下一步|下步|明年|工作安排|工作打算|工作计划|工作思路"
                           r"|存在问题|存在的问题|问题和不足|困难")


@dataclass(frozen=True, slots=True)
class Passage:
    """One numbered passage of a report: where it is (line, headings above it), its heading and its text."""

    line: int
    heading: str
    text: str
    context: tuple[str, ...] = ()

    @property
    def report_text(self) -> str:
        """What is recorded as the progress update: the heading's sentence and what follows it."""
        return f"{self.heading}。{self.text}" if self.text else self.heading


def read_report(path: Path) -> list[Passage]:
    """The passages of the report at `path`, in reading order; InputFileError when it holds none."""
    path = Path(path)
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise InputFileError(f"文件“{path.name}”不是进展报告支持的格式；请使用 Word（.docx/.doc）、WPS 或文本文件")
    roots = build_tree(prepare(document_lines(path)), [])
    passages = list(_passages(roots, ()))
    if not passages:
        raise InputFileError(f"文件“{path.name}”中没有找到带编号的进展段落（如“（一）……”“1.……”），无法导入")
    return passages


def _passages(nodes: list[RawNode], context: tuple[str, ...]) -> Iterator[Passage]:
    for node in nodes:
        heading, rest = split_first_sentence(node.text)
        heading = heading.strip("。；;：:，, ")
        if _NOT_PROGRESS.search(heading):
            continue
        text = join_paragraphs([rest, *(t for _, t in node.extra)])
        if text or not node.children:
            yield Passage(node.line_no, heading, text, context)
        yield from _passages(node.children, (*context, heading))
