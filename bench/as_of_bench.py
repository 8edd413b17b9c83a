"""Time reading a plan as of a day (services.plans.load_plan(as_of=…)) beside the plain read, on the
largest sample document imported and on a generated 10,000-task plan (bench/gui_start.make_database).

Each figure is the median of several reads of a SQLite file (warm: the file in the page cache). Run from
the repository root: `python bench/as_of_bench.py`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gui_start import make_database

from ecodesk.services.importing import import_document
from ecodesk.services.plans import list_plans, load_plan
from ecodesk.store.db import Database, open_database

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
JUNE = dt.date(2021, 6, 30)
GENERATED = 10_000


def median_ms(db: Database, plan_id: int, as_of: dt.date | None, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_plan(db, plan_id, as_of=as_of)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def largest_sample(folder: Path) -> tuple[Database, int, int, str]:
    """The sample document that imports to the most tasks: its database, plan id, task count and name."""
    best: tuple[Database, int, int, str] | None = None
    for index, document in enumerate(sorted(SAMPLES.glob("*-gongzuoyaodian.*"))):
        db = open_database(str(folder / f"sample{index}.sqlite"))
        plan_id = import_document(db, document).plan_id
        assert plan_id is not None
        count = list_plans(db)[0].task_count
        if best is None or count > best[2]:
            best = (db, plan_id, count, document.name)
    assert best is not None
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db, plan_id, count, name = largest_sample(Path(folder))
        year = list_plans(db)[0].year
        day = dt.date(year, 6, 30)
        print(f"BENCH\tload_plan as of {day:%m-%d}, {name} ({count} tasks)\t{median_ms(db, plan_id, day, 30):.1f}\tms")
        print(f"BENCH\tload_plan latest, {name} ({count} tasks)\t{median_ms(db, plan_id, None, 30):.1f}\tms")
        path = Path(folder) / "generated.sqlite"
        make_database(path, GENERATED)
        big = open_database(str(path))
        big_id = list_plans(big)[0].id
        print(f"BENCH\tload_plan as of 06-30, {GENERATED:,} tasks\t{median_ms(big, big_id, JUNE, 7):.0f}\tms")
        print(f"BENCH\tload_plan latest, {GENERATED:,} tasks\t{median_ms(big, big_id, None, 7):.0f}\tms")


if __name__ == "__main__":
    main()
