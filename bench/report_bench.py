"""Paste import and 进展 report matching: the largest sample and a generated 10,000-task plan.

- `paste`: the plan's text read as pasted (io/plan_import.read_pasted); its floor, in the same run, the same
  text read from a .txt file (read_plan), which parses the same lines.
- `match report`: every leaf task's passage (its title reworded, as reports word them) ranked against the
  whole plan (domain/report_matching.TaskIndex); its floor, building the index alone.

Run from the repository root: `python bench/report_bench.py`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.import_bench import synthetic_lines
from ecodesk.domain.report_matching import TaskIndex
from ecodesk.io.plan_import import read_pasted, read_plan

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
PASSAGES_ON_10K = 100  # a county report has tens of passages


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_plan(name: str, text: str, passages: int | None, folder: Path) -> None:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(path).plan
    for number, task in enumerate(plan.walk(), start=1):
        task.id = number
    print(f"BENCH\tpaste {name}\t{best_of(3, lambda: read_pasted(text)) * 1000:.0f}\tms")
    print(f"BENCH\tpaste floor (read as .txt) {name}\t{best_of(3, lambda: read_plan(path)) * 1000:.0f}\tms")
    tasks = list(plan.walk())
    leaves = [t for t in tasks if t.is_leaf][:passages]
    index = TaskIndex(tasks)
    hits = 0

    def match_all() -> None:
        nonlocal hits
        hits = sum(index.rank(f"扎实{t.title[1:]}工作", "上半年按计划推进，完成年度任务的50%。")[0].task_id == t.id
                   for t in leaves)

    seconds = best_of(1, match_all)
    print(f"BENCH\tmatch report {name} ({len(leaves)} passages, {len(tasks)} tasks)\t{seconds * 1000:.0f}\tms")
    print(f"BENCH\tmatch report {name}, per passage\t{seconds * 1000 / max(1, len(leaves)):.1f}\tms")
    print(f"BENCH\tmatch report floor (index only) {name}\t{best_of(3, lambda: TaskIndex(tasks)) * 1000:.0f}\tms")
    print(f"BENCH\tmatch report {name}: passages on their task\t{100 * hits / max(1, len(leaves)):.0f}\t%")


def main() -> None:
    largest = max((p for p in SAMPLES.iterdir() if p.suffix == ".txt"), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as tmp:
        bench_plan(largest.stem, largest.read_text(encoding="utf-8"), None, Path(tmp))
        bench_plan("generated 10,000 tasks", "\n".join(synthetic_lines(10_000)), PASSAGES_ON_10K, Path(tmp))


if __name__ == "__main__":
    main()
