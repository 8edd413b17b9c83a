"""Time a year rollover (services.rollover.roll_over: next year's draft with the unfinished tasks carried,
one transaction) on the largest sample document imported and on a generated 10,000-task plan
(bench/gui_start.make_database), beside reading the same plan once (load_plan), the rollover's first step.

Each figure is the median of several rollovers of a SQLite file, each into a year of its own (2022, 2023, …),
so none replaces another. Run from the repository root: `python bench/rollover_bench.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from as_of_bench import largest_sample
from gui_start import make_database

from ecodesk.services.plans import list_plans, load_plan
from ecodesk.services.rollover import roll_over
from ecodesk.store.db import Database, open_database

GENERATED = 10_000


def median_ms(call: Callable[[int], object], runs: int) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        call(run)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(db: Database, name: str, runs: int) -> None:
    [source] = list_plans(db)
    rolled = median_ms(lambda run: roll_over(db, source, source.year + 1 + run), runs)
    unfinished = next(p.task_count for p in list_plans(db) if p.year == source.year + 1)
    read = median_ms(lambda _run: load_plan(db, source.id), runs)
    print(f"BENCH\trollover, {name} ({source.task_count} tasks, {unfinished} carried)\t{rolled:.0f}\tms")
    print(f"BENCH\tload_plan of the same plan (floor), {name}\t{read:.0f}\tms")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db, _plan_id, _count, name = largest_sample(Path(folder))
        report(db, name, 9)
        path = Path(folder) / "generated.sqlite"
        make_database(path, GENERATED)
        report(open_database(str(path)), f"generated {GENERATED:,}", 5)


if __name__ == "__main__":
    main()
