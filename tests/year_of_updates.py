"""The 新建 sample with a year of progress updates: the plan the documents' golden tests read.

`make_reported_year(db, samples)` imports xinjian-2021-gongzuoyaodian.docx and records, for every leaf task,
dated updates as a bureau's year would bring them — the same on every run, so the documents built from it
can be compared line by line:

- most tasks report at each quarter's end (3-31, 6-30, 9-30, 12-31) with a rising percent, reaching 100%
  (已完成) in the last quarter; every third one reports a 存在问题 and a 下步打算 with its update;
- every seventh task stays behind the pace (10% at 6-30, 20% at 9-30, never finished): red/yellow lights;
- every eleventh task never reports at all (未报 in every period);
- every thirteenth task is finished early, at 6-30;
- one update in each quarter repeats its task's previous sentence (a merged paragraph must not say it twice).

The returned `ReportedYear` names which task ids fall in each group, so tests assert against the rule that
made them rather than against counts copied from a run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ecodesk.services.importing import import_document
from ecodesk.services.plans import load_plan
from ecodesk.services.progress import record_update
from ecodesk.store.db import Database

YEAR = 2021
QUARTER_ENDS = (dt.date(YEAR, 3, 31), dt.date(YEAR, 6, 30), dt.date(YEAR, 9, 30), dt.date(YEAR, 12, 31))
SAMPLE = "xinjian-2021-gongzuoyaodian.docx"


@dataclass(slots=True)
class ReportedYear:
    """The plan made and which of its leaf tasks (ids) follow which rule."""

    plan_id: int
    on_pace: list[int] = field(default_factory=list)
    behind: list[int] = field(default_factory=list)
    silent: list[int] = field(default_factory=list)
    early: list[int] = field(default_factory=list)
    with_problems: list[int] = field(default_factory=list)


def _sentence(title: str, quarter: int) -> str:
    short = title.rstrip("。；;，, ")[:24]
    return f"第{quarter}季度，围绕“{short}”开展工作，完成阶段任务。"


def make_reported_year(db: Database, samples: Path) -> ReportedYear:
    """Import the 新建 sample into `db` and record its year of updates (one transaction)."""
    outcome = import_document(db, samples / SAMPLE, year=YEAR)
    assert outcome.plan_id is not None
    year = ReportedYear(outcome.plan_id)
    leaves = [t for t in load_plan(db, outcome.plan_id).leaves() if t.id is not None]
    with db.session() as s:
        for index, task in enumerate(leaves, start=1):
            assert task.id is not None
            if index % 11 == 0:
                year.silent.append(task.id)
                continue
            problems = index % 3 == 0
            if problems:
                year.with_problems.append(task.id)
            if index % 7 == 0:
                year.behind.append(task.id)
                steps = ((QUARTER_ENDS[1], 10), (QUARTER_ENDS[2], 20))
            elif index % 13 == 0:
                year.early.append(task.id)
                steps = ((QUARTER_ENDS[0], 40), (QUARTER_ENDS[1], 100))
            else:
                year.on_pace.append(task.id)
                steps = tuple(zip(QUARTER_ENDS, (25, 50, 75, 100), strict=True))
            previous = ""
            for quarter, (day, percent) in enumerate(steps, start=1):
                text = _sentence(task.title, quarter)
                if index % 5 == 0 and previous:
                    text = previous + text  # a unit that pastes its last report before the new one
                record_update(s, task.id, date=day, text=text, percent=percent, unit=(task.lead_units or [""])[0],
                              problems=f"{task.title[:10]}资金缺口较大。" if problems else "",
                              next_steps=f"下步加快推进{task.title[:10]}。" if problems else "")
                previous = text
    return year
