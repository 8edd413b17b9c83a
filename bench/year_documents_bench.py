"""Time the period report (export report --period 2021-H1) and the year-end summary (export summary --period
2021), each from the database to the written .docx (services.exporting.export_plan: the plan read as of the
period's end, the marks, the merged prose, the file), on the largest sample document with a year of updates
(tests/year_of_updates) and on a generated 10,000-task plan (bench/gui_start.make_database).

Median of 5 runs (3 on the generated plan), wall and CPU. Run from the repository root:
`python bench/year_documents_bench.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gui_start import make_database

from ecodesk.domain.periods import parse_period
from ecodesk.services.exporting import ExportOptions, export_plan
from ecodesk.services.plans import list_plans
from ecodesk.store.db import Database, open_database
from tests.year_of_updates import SAMPLE, make_reported_year

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
GENERATED = 10_000
DOCUMENTS = (("report", "2021-H1", "上半年报告"), ("summary", "2021", "年度工作总结"))


def median_run(db: Database, plan_id: int, kind: str, key: str, out: Path, runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        export_plan(db, plan_id, kind, out, ExportOptions(period=parse_period(key)))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def report(db: Database, plan_id: int, label: str, folder: Path, runs: int) -> None:
    for kind, key, name in DOCUMENTS:
        wall, cpu = median_run(db, plan_id, kind, key, folder / f"{kind}.docx", runs)
        print(f"BENCH\texport {kind} {key} ({name}), {label}\t{wall:.0f}\tms")
        print(f"BENCH\texport {kind} {key} ({name}) CPU, {label}\t{cpu:.0f}\tms")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(str(folder / "sample.sqlite"))
        year = make_reported_year(db, SAMPLES)
        count = list_plans(db)[0].task_count
        report(db, year.plan_id, f"{SAMPLE} with a year of updates ({count} tasks)", folder, 5)
        db.close()
        path = folder / "generated.sqlite"
        make_database(path, GENERATED)
        big = open_database(str(path))
        report(big, list_plans(big)[0].id, f"{GENERATED:,} tasks", folder, 3)
        big.close()


if __name__ == "__main__":
    main()
