"""Time every export on a synthetic 1,000-task plan: each must stay under one second.

Run from the repository root: `python bench/export_bench.py [--tasks N]`. Prints wall and CPU seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.plan import PlanTree, ProgressEntry, Target, TaskNode, Unit
from ecodesk.domain.status import Status
from ecodesk.io.excel_export import export_progress_table
from ecodesk.io.summary_export import export_summary
from ecodesk.io.unit_sheets import export_unit_sheets
from ecodesk.io.word_export import export_word

AS_OF = dt.date(2025, 9, 30)
UNITS = [f"第{n}业务股" for n in range(1, 13)]
STATUSES = list(Status)


def _item(n: int, year: int) -> TaskNode:
    deadline = dt.date(year, n % 12 + 1, 28)
    return TaskNode(
        f"推进第{n}项重点工作任务落地见效",
        measures="制定工作方案，明确责任分工，按月调度进展，确保按期完成各项目标任务。" * (1 + n % 2),
        lead_units=[UNITS[n % len(UNITS)]],
        co_units=[UNITS[(n + 3) % len(UNITS)], UNITS[(n + 7) % len(UNITS)]],
        deadline=Deadline(deadline, f"{year}年{deadline.month}月底前"),
        status=STATUSES[n % len(STATUSES)],
        progress=[ProgressEntry(dt.date(year, m, 15), f"第{m}月：已完成阶段性任务，正在推进下一步工作。")
                  for m in (3, 6, 9)],
    )


def synthetic_plan(tasks: int = 1000, year: int = 2025) -> PlanTree:
    """Chapters of 5 sections of 24 items until `tasks` tasks (chapters and sections included)."""
    chapters, count, n = [], 0, 0
    while count < tasks:
        sections = []
        for s in range(5):
            items = [_item(n := n + 1, year) for _ in range(24)]
            sections.append(TaskNode(f"第{s + 1}方面工作", children=items))
        chapters.append(TaskNode(f"第{len(chapters) + 1}项攻坚战", children=sections))
        count += 1 + 5 + 5 * 24
    plan = PlanTree(year=year, title=f"某某县生态环境局{year}年工作要点", bureau="某某县生态环境局",
                    preamble="全年工作总体要求。", targets=[Target(f"第{i}项目标。") for i in range(10)],
                    tasks=chapters, units=[Unit(u, sort_order=i) for i, u in enumerate(UNITS)])
    plan.renumber()
    return plan


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds: CPU time shows the export's own cost on a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    args = parser.parse_args()
    plan = synthetic_plan(args.tasks)
    total = sum(1 for _ in plan.walk())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        runs = {
            "word 工作要点 (.docx)": lambda: export_word(plan, out / "plan.docx"),
            "excel 进展情况表 (.xlsx)": lambda: export_progress_table(plan, out / "progress.xlsx", AS_OF),
            "units 分单位清单 (.xlsx)": lambda: export_unit_sheets(plan, out / "units.xlsx", as_of=AS_OF),
            "units 分单位清单 (.docx)": lambda: export_unit_sheets(plan, out / "units.docx", fmt="docx",
                                                               as_of=AS_OF),
            "summary 完成情况 (.docx)": lambda: export_summary(plan, out / "summary.docx", AS_OF),
        }
        print(f"{total} tasks, {len(plan.units)} units")
        print(f"{'export':<28}{'wall s':>8}{'cpu s':>8}")
        for name, run in runs.items():
            wall, cpu = _timed(run)
            print(f"{name:<28}{wall:>8.3f}{cpu:>8.3f}")
            print(f"BENCH\texport {name}, {total} tasks\t{wall * 1000:.0f}\tms")


if __name__ == "__main__":
    main()
