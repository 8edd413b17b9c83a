"""A 进展 report back into updates (`ecodesk import-progress`, 文件 ▸ 导入进展报告…).

The report is read and each passage matched to the plan's tasks first, touching nothing: the clerk sees
every match with its confidence and confirms or changes it. What is confirmed is then recorded in one
transaction as updates dated the period's last day, so the plan "as of" that period shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.errors import UserError
from ecodesk.domain.periods import parse_period
from ecodesk.domain.report_matching import CONFIDENT, Candidate, TaskIndex
from ecodesk.io.progress_report import Passage, read_report
from ecodesk.services.plans import load_plan
from ecodesk.store.db import Database


@dataclass(frozen=True, slots=True)
class ReportMatch:
    """A passage and the tasks it may speak of, likeliest first."""

    passage: Passage
    candidates: list[Candidate]

    @property
    def confident(self) -> Candidate | None:
        """The likeliest task when it is likely enough to be taken without the clerk's choice."""
        best = self.candidates[0] if self.candidates else None
        return best if best is not None and best.score >= CONFIDENT else None


def match_report(db: Database, plan_id: int, path: Path) -> list[ReportMatch]:
    """Every passage of the report at `path` with its likeliest tasks of the plan."""
    passages = read_report(path)
    index = TaskIndex(list(load_plan(db, plan_id).walk()))
    return [ReportMatch(p, index.rank(p.heading, p.text, p.context)) for p in passages]


def report_date(period_key: str, plan_year: int) -> dt.date:
    """The day a report on `period_key` (2021-H1, 2021-Q3, 2021-05…) is dated: the period's last day."""
    period = parse_period(period_key)
    if period.year != plan_year:
        raise UserError(f"报告期“{period_key}”不在 {plan_year} 年度内")
    return period.end
