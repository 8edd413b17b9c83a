"""The raw tree: numbered lines stacked by numbering style, with the paragraphs that follow them.

Levels come from the numbering styles actually seen: a style already open on the stack closes
everything below it; a new style opens one level deeper. So “一、 → 1.” and “一、 → （一） → 1. → 1）”
work alike, and item numbers that run on across sections (1..34 under （一）…（十）) need no restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ecodesk.domain.numbering import MAX_DEPTH
from ecodesk.domain.text import clean_text
from ecodesk.io.plan_import import junk, units_parse
from ecodesk.io.plan_import.tokens import match_token, out_of_range, split_run_on
from ecodesk.io.plan_import.units_parse import Annotations

SourceLine = tuple[int, str]

_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_HEADING_PUNCT = "。；;：:，, "


@dataclass(slots=True)
class RawNode:
    """A numbered line with the unnumbered paragraphs and annotation lines that followed it."""

    style: str
    line_no: int
    label: str
    text: str
    extra: list[SourceLine] = field(default_factory=list)
    notes: Annotations = field(default_factory=Annotations)
    children: list[RawNode] = field(default_factory=list)

    def heading(self) -> str:
        return split_first_sentence(self.text)[0].strip(_HEADING_PUNCT)


def split_first_sentence(text: str) -> tuple[str, str]:
    """Title and rest: the title ends at the first 。 or ； outside quotes and brackets."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "“‘「《（(【":
            depth += 1
        elif ch in "”’」》）)】":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "。；;":
            return text[:i].strip(), text[i + 1 :].strip()
    return text.strip(), ""


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Paragraphs joined by newlines, except that a line broken mid-sentence is glued back on."""
    out = ""
    for p in paragraphs:
        if not p:
            continue
        glue = "" if out and not out.endswith(("。", "；", ";", "！", "？", "：", ":", "!", "?")) else "\n"
        out = f"{out}{glue}{p}" if out else p
    return out


def prepare(lines: Iterable[SourceLine]) -> list[SourceLine]:
    """Control characters and junk dropped, spaces tidied and run-on numbered items split; line numbers
    kept. Every text of the plan comes from here, so none holds what the database must not store."""
    last: dict[str, int] = {}
    out: list[SourceLine] = []
    for no, raw in lines:
        for part in clean_text(raw).split("\n"):
            text = junk.clean(part)
            if text:
                out.extend((no, piece) for piece in split_run_on(text, last))
    return out


def build_tree(lines: list[SourceLine], unplaced: list[SourceLine]) -> list[RawNode]:
    """Stack the numbered lines into a tree; other lines join the deepest open item, except a line
    numbered beyond any item's number, which is reported as unplaced rather than glued on."""
    roots: list[RawNode] = []
    stack: list[RawNode] = []
    for no, text in lines:
        token = match_token(text)
        depth = _depth_for(stack, token.style) if token else None
        if token and depth is not None:
            node = RawNode(token.style, no, text[: token.end].strip(), text[token.end :].strip())
            del stack[depth:]
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        elif not stack or out_of_range(text):
            unplaced.append((no, text))
        elif units_parse.is_annotation_line(text):
            stack[-1].notes.merge(units_parse.parse_fields(text))
        elif _DATE_LINE.match(text):
            unplaced.append((no, text))
        else:
            stack[-1].extra.append((no, text))
    return roots


def _depth_for(stack: list[RawNode], style: str) -> int | None:
    for depth, node in enumerate(stack):
        if node.style == style:
            return depth
    return len(stack) if len(stack) < MAX_DEPTH else None
