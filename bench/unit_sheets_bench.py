"""Time the per-unit sheets (各股室任务清单, Word and Excel) as they print: on the sample document that reads to
the most tasks and on a generated 10,000-task plan (bench/export_bench.synthetic_plan), each with its 序时
lights as of September 30th. Median of 5 runs for the sample, 1 for the 10,000 tasks.

Run from the repository root: `python bench/unit_sheets_bench.py`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.export_bench import _timed, synthetic_plan
from ecodesk.domain.plan import PlanTree
from ecodesk.io.plan_import import read_plan
from ecodesk.io.unit_sheets import Format, export_unit_sheets

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


def largest_sample() -> tuple[PlanTree, str]:
    """The sample plan with the most tasks, read as the importer reads it, and its file name."""
    plans = [(read_plan(path).plan, path.name) for path in sorted(SAMPLES.glob("*-gongzuoyaodian.*"))]
    return max(plans, key=lambda found: sum(1 for _ in found[0].walk()))


def bench(name: str, plan: PlanTree, runs: int, folder: Path) -> None:
    day = dt.date(plan.year, 9, 30)
    total = sum(1 for _ in plan.walk())
    formats: tuple[Format, ...] = ("docx", "xlsx")
    for fmt in formats:
        def run(fmt: Format = fmt) -> None:
            export_unit_sheets(plan, folder / f"units.{fmt}", fmt=fmt, as_of=day)

        times = [_timed(run) for _ in range(runs)]
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"{name} .{fmt}: {total} tasks, {wall:.3f} s wall, {cpu:.3f} s CPU")
        print(f"BENCH\tunit sheets .{fmt}, {name} ({total} tasks)\t{wall * 1000:.0f}\tms")


def main() -> None:
    sample, file_name = largest_sample()
    with tempfile.TemporaryDirectory() as tmp:
        bench(file_name, sample, 5, Path(tmp))
        bench("generated", synthetic_plan(10_000), 1, Path(tmp))


if __name__ == "__main__":
    main()
