"""The line-based parser: (line number, text) pairs → title, preamble, targets and the task tree.

The raw tree (rawtree.py) is classified here: prose chapters go to the preamble, a 主要目标 chapter
becomes targets, the other chapters become tasks (task_builder.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ecodesk.domain.errors import InputFileError
from ecodesk.domain.plan import PlanTree, Target, Unit
from ecodesk.domain.text import clean_text
from ecodesk.domain.units import is_collective
from ecodesk.io.plan_import import heading, roles, units_parse
from ecodesk.io.plan_import.rawtree import (
    RawNode,
    SourceLine,
    build_tree,
    join_paragraphs,
    prepare,
    split_first_sentence,
)
from ecodesk.io.plan_import.result import ImportResult
from ecodesk.io.plan_import.task_builder import TaskBuilder
from ecodesk.io.plan_import.tokens import match_token
from ecodesk.io.plan_import.units_parse import cached_unit_key

_TARGET_HEADING = re.compile(r"^(?:主要|总体|工作|年度|发展|预期)?目标(?:指标)?$")
_PROSE_HEADING = re.compile(r"^(?:总体要求|指导思想|基本原则|工作思路|总体思路|工作要求|总体目标和要求)$")
_CATEGORY = re.compile(r"^([^：:，,。；;]{1,20}?)方面\s*[:：]\s*")


def parse_lines(lines: Iterable[SourceLine], name: str, year: int | None = None) -> ImportResult:
    """The whole parse; `name` is the file name used in error messages, `year` overrides the title's."""
    prepared = prepare(lines)
    first = next((i for i, (_, t) in enumerate(prepared) if match_token(t)), None)
    if first is None:
        raise InputFileError(f"文件“{name}”中没有找到带编号的条目（如“一、”“（一）”“1.”），无法导入")
    head = [t for _, t in prepared[:first]]
    title_at = heading.find_title(head)
    title = head[title_at] if title_at is not None else clean_text(name.rsplit(".", 1)[0])
    plan_year = year or heading.year_of(title)
    if plan_year is None:
        raise InputFileError(f"无法从文件“{name}”的标题“{title}”中识别年度，请指定年度（例如 2021）")
    unplaced: list[SourceLine] = []
    preamble: list[str] = []
    for no, text in prepared[:first]:
        if text == title:
            continue
        (unplaced.append((no, text)) if units_parse.is_annotation_line(text) else preamble.append(text))
    roots = build_tree(prepared[first:], unplaced)
    plan = PlanTree(year=plan_year, title=title, bureau=heading.bureau_of(title))
    first_is_lead = any(roles.FIRST_IS_LEAD.search(text) for _, text in prepared)
    _place_chapters(plan, roots, preamble, unplaced, first_is_lead)
    plan.preamble = "\n".join(p for p in preamble if p)
    plan.units = _collect_units(plan)
    plan.renumber()
    return ImportResult(plan=plan, unplaced=sorted(unplaced))


def _place_chapters(
    plan: PlanTree, roots: list[RawNode], preamble: list[str], unplaced: list[SourceLine], first_is_lead: bool
) -> None:
    """Chapters become tasks, except prose chapters (→ preamble) and 主要目标 chapters (→ targets)."""
    hierarchical = any(r.children for r in roots)
    builder = TaskBuilder(plan.year, unplaced, first_is_lead)
    for root in roots:
        if _TARGET_HEADING.match(root.heading()):
            preamble.append(_targets(root, plan.targets))
        elif _is_prose(root, hierarchical):
            preamble.append(_prose(root, plan.targets))
        else:
            plan.tasks.append(builder.task(root))


def _is_prose(root: RawNode, hierarchical: bool) -> bool:
    if _PROSE_HEADING.match(root.heading()):
        return True
    if not hierarchical or root.children or root.notes.lead or root.notes.co or root.notes.deadline:
        return False
    _, found = units_parse.extract(root.text)
    return not (found.lead or found.co or found.deadline)


def _prose(node: RawNode, targets: list[Target]) -> str:
    """A prose chapter as preamble text; a 主要目标 section inside it still yields targets."""
    parts = [f"{node.label}{node.text}", *(t for _, t in node.extra)]
    for child in node.children:
        if _TARGET_HEADING.match(child.heading()):
            parts.append(_targets(child, targets))
        else:
            parts.append(_prose(child, targets))
    return "\n".join(p for p in parts if p)


def _targets(node: RawNode, targets: list[Target]) -> str:
    """Fill `targets` from a 主要目标 chapter and return its introduction for the preamble.

    Numbered items are the targets when there are any; otherwise each paragraph is, except an
    introduction ending with a colon (“主要指标初步设置如下：”).
    """
    _, rest = split_first_sentence(node.text)
    paragraphs = [rest, *(t for _, t in node.extra)] if rest else [t for _, t in node.extra]
    if node.children:
        intro = paragraphs
        for child in node.children:
            texts = [child.text, *(t for _, t in child.extra), *(_flatten(c) for c in child.children)]
            targets.append(_target(join_paragraphs(texts)))
    else:
        intro = [p for p in paragraphs if p.endswith(("：", ":"))]
        targets.extend(_target(p) for p in paragraphs if not p.endswith(("：", ":")))
    return "\n".join([f"{node.label}{node.text}", *intro]) if intro else ""


def _flatten(node: RawNode) -> str:
    texts = [f"{node.label}{node.text}", *(t for _, t in node.extra), *(_flatten(c) for c in node.children)]
    return join_paragraphs(texts)


def _target(text: str) -> Target:
    text = text.strip().rstrip("；;，,")
    if m := _CATEGORY.match(text):
        return Target(text=text[m.end() :], category=m.group(1))
    return Target(text=text)


def _collect_units(plan: PlanTree) -> list[Unit]:
    """Named units in order of first mention, one per unit_key; collectives (各股室) are not units."""
    units: dict[str, Unit] = {}
    for task in plan.walk():
        for name in (*task.lead_units, *task.co_units):
            key = cached_unit_key(name)
            if key not in units and not is_collective(name):
                units[key] = Unit(name=name, sort_order=len(units))
    return list(units.values())


__all__ = ["parse_lines"]
