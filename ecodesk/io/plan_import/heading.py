"""The document heading: which line is the title, and the year and bureau it names."""

from __future__ import annotations

import re

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_BUREAU_BEFORE_YEAR = re.compile(r"^(.{2,40}?局)\s*(?:19|20)\d{2}")
_BUREAU_AFTER_YEAR = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:度\s*)?(.{2,40}?局)")
_KEYWORDS = ("要点", "计划", "方案", "安排", "分解", "清单", "台账", "重点工作", "任务")
_MAX_TITLE = 100


def find_title(lines: list[str]) -> int | None:
    """Index of the title among the lines before the first numbered item.

    A title is short and not a sentence; one naming a year and a plan keyword wins over one naming a
    keyword only, which wins over the first short line.
    """
    short = [i for i, t in enumerate(lines[:30]) if len(t) <= _MAX_TITLE and not t.endswith(("。", "，"))]
    with_keyword = [i for i in short if any(k in lines[i] for k in _KEYWORDS)]
    with_year = [i for i in with_keyword if _YEAR.search(lines[i])]
    for group in (with_year, with_keyword, short):
        if group:
            return group[0]
    return None


def year_of(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def bureau_of(title: str) -> str:
    """“南昌市新建生态环境局2021年生态环境工作要点” → 南昌市新建生态环境局; '' when no 局 is named."""
    m = _BUREAU_BEFORE_YEAR.search(title) or _BUREAU_AFTER_YEAR.search(title)
    return m.group(1).strip() if m else ""
