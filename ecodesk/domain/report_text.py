"""The wording of the documents a bureau files on its year: the period report (上半年工作进展情况和下半年工作
安排) and the year-end summary (工作总结), built from the plan as of a day and its marks (domain/reporting).

A clerk writes these by merging what the 股室 reported: one paragraph a section of the plan, its tasks'
updates in date order, every sentence once (a unit that pastes its last report before the new one says
the same thing twice), no status tags. The counts use the categories a 通报 uses — 完成, 序时推进, 滞后,
未报 — judged as of the period's end, each open task in exactly one of them. No docx here: the io modules
lay these texts out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ecodesk.domain.pace import Light
from ecodesk.domain.periods import Period, PeriodKind
from ecodesk.domain.plan import PlanTree, ProgressEntry, Target, TaskNode
from ecodesk.domain.reporting import TaskMark, task_mark
from ecodesk.domain.status import Status, is_closed

_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]*")
_TAG = re.compile(r"【[^】]*】|\[[^\]]*\]")  # 【已完成】, [推进中]: a status tag pasted into a report
_END = "。！？；!?;"


def sentences(text: str) -> list[str]:
    """The sentences of a report, each ending in its punctuation (。 added to an unfinished last one);
    status tags dropped."""
    found = (s.strip() for s in _SENTENCE.findall(_TAG.sub("", text)))
    return [s if s[-1] in _END else s + "。" for s in found if s.strip(_END + "，, ")]


def merged(texts: Iterable[str]) -> str:
    """The texts as one paragraph: their sentences in order, each said once (a sentence ending in ；
    and the same one ending in 。 are the same sentence)."""
    seen: set[str] = set()
    kept = []
    for text in texts:
        for sentence in sentences(text):
            key = sentence.rstrip(_END)
            if key not in seen:
                seen.add(key)
                kept.append(sentence)
    return "".join(kept)


# -- the plan's sections ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Section:
    """A part of the plan a report gives one paragraph (or one heading) to: a chapter, or a section of a
    plan's only chapter. `items` are the tasks it lists (its children, or itself when it has none)."""

    title: str
    items: tuple[TaskNode, ...]


def sections_of(plan: PlanTree) -> list[Section]:
    """The plan's sections in order: its chapters, or when all its tasks sit under one chapter (the 新建
    plan's 主要任务) that chapter's sections."""
    chapters = plan.tasks
    if len(chapters) == 1 and chapters[0].children:
        chapters = chapters[0].children
    return [Section(c.title.strip(), tuple(c.children) or (c,)) for c in chapters]


def entries_of(tasks: Iterable[TaskNode]) -> list[ProgressEntry]:
    """Every update of the tasks and those below them, in date order (the tree read as of the report's
    day holds none later)."""
    entries = [e for task in tasks for node in task.walk() for e in node.progress]
    return sorted(entries, key=lambda e: (e.date, e.created_at or dt.datetime.min, e.id or 0))


def progress_prose(tasks: Iterable[TaskNode]) -> str:
    return merged(e.text for e in entries_of(tasks))


def problems_prose(tasks: Iterable[TaskNode]) -> str:
    return merged(e.problems for e in entries_of(tasks))


def next_steps_prose(tasks: Iterable[TaskNode]) -> str:
    return merged(e.next_steps for e in entries_of(tasks))


def coming_steps(tasks: Iterable[TaskNode]) -> str:
    """The 下步打算 of each task's latest update: what its unit plans next, as it last said."""
    latest = (t.latest_progress() for t in tasks)
    return merged(e.next_steps for e in latest if e is not None)


def open_leaves(tasks: Iterable[TaskNode]) -> list[TaskNode]:
    """The units of work neither done nor cancelled, in plan order."""
    return [t for task in tasks for t in task.walk() if t.is_leaf and not is_closed(t.status)]


def titles_clause(tasks: list[TaskNode]) -> str:
    """“A、B、C” with the titles' closing punctuation dropped (“等N项” after the fifth)."""
    names = [t.title.strip().rstrip(_END + "，,") for t in tasks]
    shown = "、".join(names[:5])
    return shown + (f"等{len(names)}项" if len(names) > 5 else "")


# -- the counts ------------------------------------------------------------------------------------------

class ReportStanding(StrEnum):
    """Where a unit of work stands in a report, each open task in one category."""

    DONE = "完成"
    ON_PACE = "序时推进"
    BEHIND = "滞后"
    UNREPORTED = "未报"
    CANCELLED = "取消"


def standing_of(task: TaskNode, mark: TaskMark) -> ReportStanding:
    """完成 when done by the day; 未报 when open and not reported in the period's round (before its light:
    a silent task is its own category); 滞后 on a 黄 or 红 light; else 序时推进."""
    if task.status is Status.DONE:
        return ReportStanding.DONE
    if task.status is Status.CANCELLED:
        return ReportStanding.CANCELLED
    if mark.unreported:
        return ReportStanding.UNREPORTED
    return ReportStanding.BEHIND if mark.light in (Light.RED, Light.YELLOW) else ReportStanding.ON_PACE


@dataclass(frozen=True, slots=True)
class Counts:
    """How many units of work stand in each category."""

    by: Mapping[ReportStanding, int]

    def __getitem__(self, standing: ReportStanding) -> int:
        return self.by.get(standing, 0)

    @property
    def total(self) -> int:
        return sum(self.by.values())

    def sentence(self) -> str:
        """完成 N 项、序时推进 N 项、滞后 N 项、未报 N 项 (and 取消 when any was)."""
        shown = [s for s in ReportStanding if s is not ReportStanding.CANCELLED or self[s]]
        return "、".join(f"{s.value}{self[s]}项" for s in shown)


def counts_of(plan: PlanTree, day: dt.date, period: Period) -> Counts:
    """The plan's units of work by category, `plan` shown as of `day` and judged in `period`."""
    periods = plan.reporting_periods()
    by: dict[ReportStanding, int] = {}
    for task in plan.leaves():
        mark = task_mark(task, year=plan.year, as_of=day, rule=plan.pace_rule, period=period, periods=periods)
        standing = standing_of(task, mark)
        by[standing] = by.get(standing, 0) + 1
    return Counts(by)


# -- the words of a period -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PeriodWords:
    """What a report calls the time it covers and the time it plans for: 上半年 / 下半年."""

    done: str
    coming: str


def period_words(period: Period) -> PeriodWords:
    """一季度 / 二季度, 上半年 / 下半年, 前三季度 / 四季度, 全年 / next year, a month / the next month."""
    match period.kind:
        case PeriodKind.Q1:
            return PeriodWords("一季度", "二季度")
        case PeriodKind.H1:
            return PeriodWords("上半年", "下半年")
        case PeriodKind.Q3:
            return PeriodWords("前三季度", "四季度")
        case PeriodKind.YEAR:
            return PeriodWords("全年", f"{period.year + 1}年")
    month = period.end.month
    return PeriodWords(f"{month}月", f"{month + 1}月" if month < 12 else f"{period.year + 1}年1月")


def report_title(plan: PlanTree, period: Period, bureau: str) -> str:
    """X局2021年上半年工作进展情况和下半年工作安排 (`bureau`: the name documents give it, io/plan_text)."""
    words = period_words(period)
    return f"{bureau}{plan.year}年{words.done}工作进展情况和{words.coming}工作安排"


def target_result(target: Target, day: dt.date, when: str) -> str:
    """“上半年实际完成26 μg/m³，达标。”: the value of the latest period ended by `day`, or that none is known."""
    value = target.value_as_of(day)
    if value is None:
        return f"{when}暂无实际值。"
    judged = f"，{value.judgement}" if value.judgement else ""
    return f"{when}实际完成{value.value}{judged}。"


def target_tally(targets: list[Target], day: dt.date) -> str:
    """“10项主要目标中，达标6项、未达标1项、暂无实际值3项。”"""
    values = [t.value_as_of(day) for t in targets]
    met = sum(1 for v in values if v is not None and v.met is True)
    missed = sum(1 for v in values if v is not None and v.met is False)
    unknown = sum(1 for v in values if v is None or v.met is None)
    parts = [f"达标{met}项", f"未达标{missed}项"] + ([f"暂无实际值或未评定{unknown}项"] if unknown else [])
    return f"{len(targets)}项主要目标中，{'、'.join(parts)}。"
