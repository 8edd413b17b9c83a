"""Tree filter on 10,000 tasks: how long the task tree takes to re-filter when a clerk changes a filter.

The tree view keeps a task when it matches or when any task below it does (so matches keep their
context); this bench does that walk with ecodesk.domain.filters.TaskFilter over a generated PlanTree.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.filters import TaskFilter
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.status import OVERDUE_LABEL, Status

TODAY = dt.date(2021, 7, 15)
UNITS = ["综合股", "大气环境股", "水生态环境股", "土壤生态环境股", "自然生态股", "法规宣教股", "监测站",
         "执法大队", "固体废物股", "辐射安全股", "环评审批股", "规划财务股"]
# 10 chapters × (1 + 9 sections × (1 + 110 items)) = 10,000 tasks
CHAPTERS, SECTIONS, ITEMS = 10, 9, 110
REPEATS = 7


def task(rng: random.Random, label: str) -> TaskNode:
    lead = rng.sample(UNITS, 1)
    co = rng.sample([u for u in UNITS if u not in lead], rng.randint(0, 3))
    day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return TaskNode(title=f"{label} 推进{rng.choice(['污染防治', '生态修复', '执法检查', '监测能力'])}工作",
                    measures="按季度调度，建立工作台账，及时报送进展。", lead_units=lead, co_units=co,
                    deadline=Deadline(day, f"{day.month}月底前"), status=rng.choice(list(Status)))


def generate_plan(seed: int = 2021) -> PlanTree:
    rng = random.Random(seed)
    chapters = []
    for c in range(CHAPTERS):
        sections = []
        for s in range(SECTIONS):
            section = task(rng, f"第{c + 1}.{s + 1}节")
            section.children = [task(rng, f"事项{c + 1}.{s + 1}.{i + 1}") for i in range(ITEMS)]
            sections.append(section)
        chapter = task(rng, f"第{c + 1}章")
        chapter.children = sections
        chapters.append(chapter)
    plan = PlanTree(year=2021, title="2021年生态环境工作要点（生成）", tasks=chapters)
    plan.renumber()
    return plan


def visible(task: TaskNode, flt: TaskFilter, shown: list[TaskNode]) -> bool:
    """Collect the tasks the tree shows: matches and their ancestors. True when this subtree shows any."""
    below = [visible(child, flt, shown) for child in task.children]  # every child is visited
    keep = any(below) or flt.matches(task, TODAY)
    if keep:
        shown.append(task)
    return keep


def filter_ms(plan: PlanTree, flt: TaskFilter) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(REPEATS):
        shown: list[TaskNode] = []
        start = time.perf_counter()
        for chapter in plan.tasks:
            visible(chapter, flt, shown)
        times.append((time.perf_counter() - start) * 1000)
        count = len(shown)
    return statistics.median(times), count


def main() -> None:
    plan = generate_plan()
    total = sum(1 for _ in plan.walk())
    cases = {
        "unit 大气环境股": TaskFilter(unit="大气环境股"),
        f"status {OVERDUE_LABEL}": TaskFilter(status=OVERDUE_LABEL),
        "text 执法": TaskFilter(text="执法"),
        "unit + status + text": TaskFilter(unit="监测站", status=Status.IN_PROGRESS.value, text="监测"),
    }
    for label, flt in cases.items():
        ms, shown = filter_ms(plan, flt)
        print(f"BENCH\ttree filter on {total:,} tasks: {label} ({shown:,} shown)\t{ms:.1f}\tms")


if __name__ == "__main__":
    main()
