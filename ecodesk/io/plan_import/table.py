"""Task tables (Word tables and Excel sheets) → numbered text lines for the structure parser.

A header row names the columns (序号/重点任务/工作任务/具体措施/责任单位/牵头单位/配合单位/完成时限).
A 重点任务 cell merged over several rows is a parent task of those rows; merged or blank cells read
as the value above. Rows are written out as “（一）parent”, “1.task”, the measures as a plain line
and the units and deadline as “责任单位：…” annotation lines, which the parser already understands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ecodesk.domain.numbering import chinese_numeral

Row = tuple[int, list[str]]

_ROLES = {
    "seq": ("序号", "编号", "序"),
    "key": ("重点任务", "重点工作", "主要任务", "任务类别", "工作类别", "类别", "工作重点"),
    "task": ("工作任务", "任务", "工作内容", "任务内容", "主要工作", "工作事项", "任务名称", "工作目标任务"),
    "measure": (
        "具体措施", "工作措施", "主要措施", "措施", "工作举措", "具体内容", "主要内容", "工作要求", "具体任务"
    ),
    "resp": ("责任单位", "责任股室", "责任部门", "责任科室", "责任处室", "承办单位", "主责单位", "责任主体"),
    "lead": ("牵头单位", "牵头股室", "牵头部门", "牵头科室", "牵头处室"),
    "co": ("配合单位", "配合股室", "配合部门", "配合科室", "配合处室", "协办单位"),
    "deadline": ("完成时限", "完成时间", "完成期限", "时间节点", "时限", "时限要求"),
}
_FIELD_LABEL = {"resp": "责任单位", "lead": "牵头单位", "co": "配合单位", "deadline": "完成时限"}
_SPACES = re.compile(r"\s+")
_HEADER_SCAN_ROWS = 10


def _role(cell: str) -> str | None:
    cleaned = _SPACES.sub("", cell)
    for role, names in _ROLES.items():
        if cleaned in names:
            return role
    return None


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column index per role when `cells` is a task-table header, else None."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        role = _role(cell)
        if role and role not in columns:
            columns[role] = i
    has_text = any(r in columns for r in ("key", "task", "measure"))
    return columns if has_text and len(columns) >= 2 else None


@dataclass(slots=True)
class _Item:
    line_no: int
    values: dict[str, str]


def table_lines(rows: Iterable[Row]) -> Iterator[tuple[int, str]]:
    """Lines for one table: rows before the header as plain text, then the tasks; no header → plain."""
    rows = list(rows)
    header_at = next(
        (i for i, (_, cells) in enumerate(rows[:_HEADER_SCAN_ROWS]) if header_columns(cells)), None
    )
    if header_at is None:
        yield from _plain(rows)
        return
    yield from _plain(rows[:header_at])
    columns = header_columns(rows[header_at][1]) or {}
    parent = "key" if "key" in columns else "task"
    child = "task" if parent == "key" and "task" in columns else None
    items = list(_items(rows[header_at + 1 :], columns, parent))
    yield from _task_lines(items, parent, child)


def _plain(rows: list[Row]) -> Iterator[tuple[int, str]]:
    for no, cells in rows:
        text = " ".join(dict.fromkeys(c.strip() for c in cells if c.strip()))
        if text:
            yield no, text


def _items(rows: list[Row], columns: dict[str, int], parent: str) -> Iterator[_Item]:
    """Data rows as role → value; a blank (merged) parent cell, or a blank 工作任务 cell under the same
    parent, takes the value above."""
    prev: dict[str, str] = {}
    for no, cells in rows:
        values = {role: cells[i] for role, i in columns.items() if i < len(cells) and cells[i]}
        if not any(values.get(r) for r in ("key", "task", "measure")):
            continue
        if not values.get(parent) and prev.get(parent):
            values[parent] = prev[parent]
        same_parent = values.get(parent) == prev.get(parent)
        if parent == "key" and not values.get("task") and same_parent and prev.get("task"):
            values["task"] = prev["task"]
        prev = values
        yield _Item(no, values)


def _groups(items: list[_Item], role: str | None) -> Iterator[list[_Item]]:
    """Runs of consecutive rows with the same value in `role`; every row alone when role is None."""
    group: list[_Item] = []
    for item in items:
        if group and (role is None or item.values.get(role) != group[-1].values.get(role)):
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def _task_lines(items: list[_Item], parent: str, child: str | None) -> Iterator[tuple[int, str]]:
    """Parents are written only when some parent spans several rows (or a 工作任务 column exists);
    then every group gets one, so that all leaves sit at the same level."""
    groups = list(_groups(items, parent))
    nesting = child is not None or any(len(g) > 1 for g in groups)
    counter = parents = 0
    for group in groups:
        name = group[0].values.get(parent, "")
        nested = nesting and bool(name)
        if nested:
            parents += 1
            yield group[0].line_no, f"（{chinese_numeral(parents)}）{name}"
        for leaf in _groups(group, child):
            counter += 1
            title = leaf[0].values.get(child, "") if child else ("" if nested else name)
            yield from _leaf(leaf, counter, title)


def _leaf(rows: list[_Item], number: int, title: str) -> Iterator[tuple[int, str]]:
    first = rows[0]
    measures = [r.values["measure"] for r in rows if r.values.get("measure")]
    if not title and measures:
        title = measures.pop(0)
    yield first.line_no, f"{number}.{title}"
    for text in measures:
        yield first.line_no, text
    for role, label in _FIELD_LABEL.items():
        values = list(dict.fromkeys(_one_line(role, r.values[role]) for r in rows if r.values.get(role)))
        if values:
            yield first.line_no, f"{label}：{'、'.join(values)}"


def _one_line(role: str, value: str) -> str:
    """A unit or deadline cell as one annotation line: a cell with one unit per line lists them with 、, and a
    deadline wrapped in its cell (“2021年⏎6月底前”) is one phrase. Otherwise each line would be a paragraph."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return ("" if role == "deadline" else "、").join(lines)
