"""Time issuing the 督办通知单 (`ecodesk export notices`: the plan read as of the day, the slips drafted, the
催办 log written and one .docx a 股室 saved, in one transaction) and writing the 督查通报 of 上半年, on the
sample document that imports to the most tasks and on a generated 10,000-task plan
(bench/gui_start.make_database). Beside the notices, the floor: writing the same slips' .docx files alone.

Every run issues as of a later day than the last (runs go forward: services/urgings), June 30th onward, so
each finds the tasks as late as the one before and escalates them. Median of 5 runs (3 on the big plan).
Run from the repository root: `python bench/notices_bench.py`.
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

from as_of_bench import largest_sample
from gui_start import make_database

from ecodesk.io.notice_docx import NoticeHeading, notice_file_name, write_notice
from ecodesk.services.bulletin import export_bulletin
from ecodesk.services.plans import list_plans
from ecodesk.services.urgings import NoticeRun, issue_notices
from ecodesk.store.db import Database, open_database

GENERATED = 10_000


def bench(db: Database, plan_id: int, year: int, folder: Path, name: str, runs: int) -> None:
    issued: list[float] = []
    floor: list[float] = []
    run: NoticeRun | None = None
    for index in range(runs):
        day = dt.date(year, 6, 30) + dt.timedelta(days=index)
        start = time.perf_counter()
        run = issue_notices(db, plan_id, day, folder / f"notices{index}")
        issued.append(time.perf_counter() - start)
        heading = NoticeHeading("本局", "工作要点", day)
        (folder / f"floor{index}").mkdir()
        start = time.perf_counter()
        for slip in run.slips:
            write_notice(slip, heading, folder / f"floor{index}" / notice_file_name(slip))
        floor.append(time.perf_counter() - start)
    assert run is not None
    tasks = sum(len(s.tasks) for s in run.slips)
    what = f"{name}: {len(run.slips)} slips, {tasks} tasks"
    print(f"BENCH\texport notices, {what}\t{statistics.median(issued):.2f}\ts")
    print(f"BENCH\tfloor: the same .docx written alone, {what}\t{statistics.median(floor):.2f}\ts")
    times = []
    for index in range(3):
        start = time.perf_counter()
        export_bulletin(db, plan_id, f"{year}-H1", folder / f"bulletin{index}.docx", today=dt.date(year + 1, 1, 10))
        times.append(time.perf_counter() - start)
    print(f"BENCH\texport bulletin {year}-H1, {name}\t{statistics.median(times):.2f}\ts")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        db, plan_id, count, name = largest_sample(root)
        bench(db, plan_id, list_plans(db)[0].year, root, f"{name} ({count} tasks)", 5)
        path = root / "generated.sqlite"
        make_database(path, GENERATED)
        big = open_database(str(path))
        (root / "big").mkdir()
        bench(big, list_plans(big)[0].id, 2021, root / "big", f"{GENERATED:,} tasks", 3)


if __name__ == "__main__":
    main()
