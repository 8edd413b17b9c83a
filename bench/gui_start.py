"""Cold start to a visible, populated main window, against the floor of a bare QTreeWidget window.

Usage: python bench/gui_start.py [--tasks 200] [--runs 31]
Each run is a fresh process; the time is from just before the process is spawned to the first event-loop
turn after `show()` (QTimer.singleShot(0)), i.e. what a clerk waits for after double-clicking. Where
valgrind is installed, the instructions each start executes up to that point are counted too: unlike
times, they do not drift with what else the machine is doing, so their ratio is the steady one.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("_gui_start_child.py")  # the processes timed
sys.path.insert(0, str(REPO))  # run from a checkout without installing


def make_database(path: Path, count: int) -> None:
    """A plan of `count` tasks in three levels, with units, deadlines and some progress."""
    from ecodesk.domain.deadlines import Deadline
    from ecodesk.domain.plan import PlanTree, ProgressEntry, TaskNode, Unit
    from ecodesk.services.plans import save_plan
    from ecodesk.store.db import open_database

    units = [f"第{i}股" for i in range(1, 9)]
    tasks: list[TaskNode] = []
    made = 0
    while made < count:
        top = TaskNode(f"重点工作{len(tasks) + 1}", lead_units=[units[made % 8]])
        tasks.append(top)
        made += 1
        for k in range(min(9, count - made)):
            day = dt.date(2021, 1 + (made % 12), 28)
            top.children.append(TaskNode(
                f"具体任务{made}：完善工作机制，按期完成考核目标", lead_units=[units[k % 8]],
                co_units=[units[(k + 3) % 8]], deadline=Deadline(day, f"{day.month}月底前"),
                progress=[ProgressEntry(dt.date(2021, 3, 1), "已部署", 30)] if k % 3 == 0 else []))
            made += 1
    save_plan(open_database(str(path)), PlanTree(2021, "2021年工作要点", tasks=tasks,
                                                 units=[Unit(u) for u in units]))


def measure(mode: str, arg: str, settings_dir: str) -> tuple[float, float, int]:
    """Wall time to the shown window, CPU time of the whole child (0 where the OS does not say), rows."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CONFIG_HOME": settings_dir, "HOME": settings_dir}
    before = os.times()
    start = time.time()
    out = subprocess.run([sys.executable, str(CHILD), mode, arg], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return float(out[0]) - start, cpu, int(out[1])


def count_instructions(mode: str, arg: str, settings_dir: str) -> int | None:
    """Instructions the child executes up to its first event-loop turn (valgrind's callgrind, the first
    dump: everything before the child's mark); None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CONFIG_HOME": settings_dir, "HOME": settings_dir}
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([valgrind, "--tool=callgrind", "--dump-before=getloadavg", f"--callgrind-out-file={out}/cg.%p",
                        sys.executable, str(CHILD), mode, arg], env=env, capture_output=True, check=True)
        dump = next(Path(out).glob("cg.*.1")).read_text()
    return next(int(line.split()[1]) for line in dump.splitlines() if line.startswith(("summary:", "totals:")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=int(os.environ.get("ECODESK_BENCH_ROWS", "200")))
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    # An installed copy (pip, the .deb, the Windows installer) carries compiled bytecode; so does this run,
    # even where PYTHONDONTWRITEBYTECODE would otherwise make every child recompile the sources.
    compileall.compile_dir(REPO / "ecodesk", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        make_database(db, args.tasks)
        modes = (("EcoDesk main window", "window", str(db)), ("floor: bare QTreeWidget", "floor", str(args.tasks)))
        # Interleaved, so that whatever else the machine is doing (page-cache eviction, another job) weighs
        # on both alike rather than on whichever happened to run second.
        results: dict[str, list[tuple[float, float, int]]] = {mode: [] for _, mode, _ in modes}
        for _ in range(args.runs):
            for _, mode, arg in modes:
                results[mode].append(measure(mode, arg, tmp))
        medians = {}
        for label, mode, _ in modes:
            times = sorted(t for t, _, _ in results[mode])
            cpu = statistics.median(c for _, c, _ in results[mode])
            medians[mode] = statistics.median(times) * 1000
            print(f"{label:26s} rows={results[mode][0][2]:4d}  median {medians[mode]:6.0f} ms  "
                  f"best {times[0] * 1000:6.0f} ms  worst {times[-1] * 1000:6.0f} ms  (CPU {cpu * 1000:.0f} ms)")
            print(f"BENCH\tcold start to first shown window: {label}, {args.tasks} rows (median)\t"
                  f"{medians[mode]:.0f}\tms")
        print(f"BENCH\tcold start: EcoDesk window ÷ bare-window floor\t{medians['window'] / medians['floor']:.2f}\t×")
        counts = {mode: count_instructions(mode, arg, tmp) for _, mode, arg in modes}
        if counts["window"] and counts["floor"]:
            for label, mode, _ in modes:
                print(f"BENCH\tcold start, instructions (valgrind): {label}\t{counts[mode] / 1e6:.0f}\tmillion")
            print(f"BENCH\tcold start, instructions: EcoDesk window ÷ bare-window floor\t"
                  f"{counts['window'] / counts['floor']:.2f}\t×")


if __name__ == "__main__":
    main()
