"""Time reading and previewing returned 进展征集表: 20 股室 each returning its table of 30 tasks, filled in
(本期进展, percent, status, 存在问题, 下步打算, 填报人 on every row), read and judged row by row as the window's
preview does (services.collection.preview_returns of their folder), against a plan of 600 tasks. The floor:
openpyxl reading the same 20 files' cell values alone. Median of 5 warm runs. Run from the repository root:
`python bench/collect_bench.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import load_workbook

from ecodesk.domain.collection import RowKind
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.services import collection
from ecodesk.services.plans import save_plan
from ecodesk.store.db import open_database

UNITS, ROWS, RUNS = 20, 30, 5
PERIOD = "2021-H1"


def generated_plan() -> PlanTree:
    """20 units, each leading 30 tasks and co-working none: 600 leaves under 20 chapters."""
    chapters = [TaskNode(title=f"第{u + 1}方面工作", children=[
        TaskNode(title=f"第{u + 1}方面第{n + 1}项任务", measures="推进重点行业超低排放改造，完成2家企业改造。",
                 lead_units=[f"第{u + 1}股"]) for n in range(ROWS)]) for u in range(UNITS)]
    return PlanTree(year=2021, title="2021年工作要点", bureau="测试生态环境局", tasks=chapters)


def filled(path: Path) -> None:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for row in range(5, ws.max_row + 1):
        if isinstance(ws.cell(row, 1).value, int):
            for column, value in zip(range(8, 14), ("已完成1家，另1家正在施工。\n预计9月完成。", 60, "推进中",
                                                     "资金未到位", "督促施工进度", "张三"), strict=True):
                ws.cell(row, column).value = value
    wb.save(path)


def median_s(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def values_only(paths: list[Path]) -> None:
    for path in paths:
        wb = load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            list(ws.iter_rows(values_only=True))
        wb.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(str(Path(folder) / "bench.sqlite"))
        try:
            plan = save_plan(db, generated_plan())
            paths = collection.send_forms(db, plan.id, PERIOD, folder)
            for path in paths:
                filled(path)
            assert len(paths) == UNITS
            previews, problems = collection.preview_returns(db, plan.id, paths, PERIOD)
            assert not problems and sum(p.count(RowKind.NEW) for p in previews) == UNITS * ROWS
            seconds = median_s(lambda: collection.preview_returns(db, plan.id, [folder], PERIOD))
            floor = median_s(lambda: values_only(paths))
        finally:
            db.close()
    print(f"BENCH\tread and preview {UNITS} returned tables of {ROWS} rows\t{seconds:.2f}\ts")
    print(f"BENCH\tfloor: openpyxl reading their cell values alone\t{floor:.2f}\ts")


if __name__ == "__main__":
    main()
