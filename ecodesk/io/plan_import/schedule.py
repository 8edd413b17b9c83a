"""Deadlines written in a task's prose rather than as a 完成时限 field: a sentence opening with one
(“2019年9月底前，基本完成…”, “年内，建成…”) or a quarter schedule (“一季度：…；二季度：…；四季度：…”).

Only these forms count: a date inside a sentence (“6月底前完成方案”, “9月30日前验收”) is a step of the
work, not the task's deadline. Of several, the latest is the task's.
"""

from __future__ import annotations

import datetime as dt
import re

from ecodesk.domain.deadlines import Deadline, parse_deadline

_BEFORE = r"\s*(?:前|以前|之前)"
_PHRASE = (
    rf"(?:\d{{4}}\s*年\s*)?(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月(?:\s*\d{{1,2}}\s*[日号]|底|末|中旬|上旬|下旬|初)?{_BEFORE}"
    rf"|(?:\d{{4}}\s*年\s*)?(?:年底|年末|上半年|下半年|第?[一二三四1-4]\s*季度末?)(?:{_BEFORE})?"
    r"|(?:\d{4}\s*年\s*)?年内"
)
_SENTENCE_START = r"(?:^|(?<=[。；;！？!?\n]))\s*"
_OPENING_DEADLINE = re.compile(rf"{_SENTENCE_START}({_PHRASE})\s*[，,]")
_QUARTER_STEP = re.compile(r"(?:^|(?<=[。；;，,\n]))\s*(第?[一二三四1-4]\s*季度)\s*[:：]")


def deadline_in_prose(text: str, year: int) -> Deadline | None:
    """The latest deadline that opens a sentence of `text` or heads a quarter's step; None when none does."""
    found: list[tuple[dt.date, Deadline]] = []
    for pattern in (_OPENING_DEADLINE, _QUARTER_STEP):
        for m in pattern.finditer(text):
            try:
                deadline = parse_deadline(m.group(1), year)
            except ValueError:  # “2月30日前，…”: not a date, so not the deadline either
                continue
            if deadline.date is not None:
                found.append((deadline.date, deadline))
    return max(found, key=lambda pair: pair[0])[1] if found else None
