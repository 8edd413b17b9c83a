"""Switching 本期 in the real main window, from the pick in the period box to the event loop being idle.

Usage: python bench/period_bench.py [--runs N]

Two plans: the largest sample document (../shared/samples, by size, imported) and a generated plan of
10,000 tasks (bench/gui_start.make_database). The window (offscreen Qt, synchronous ops, as the GUI tests
build it, timers stopped) is opened on early July of the plan's year, so it shows 上半年 as of June 30th;
each run picks 一季度 and then 上半年 again in the period box (QComboBox.activated, as the window connects
it), each pick timed as bench/edit_bench.py times an edit: the plan read as of the period's end, the 序时
marks, the tree's cells, the filter, the counts and the repaint. The figure is the median of both picks of
all runs (run 0 warms up and is left out).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("ECODESK_USER", "基准测试")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edit_bench import Timing, close_window, isolate_settings, median, settle, timed
from gui_start import make_database
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ecodesk.gui.main_window import MainWindow
from ecodesk.gui.ops import Ops
from ecodesk.gui.workspace import Workspace
from ecodesk.services.plans import list_plans
from ecodesk.store.db import open_database

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
GENERATED = 10_000


def largest_sample() -> Path:
    return max((p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx")), key=lambda p: p.stat().st_size)


def import_sample(path: Path, target: Path) -> None:
    from ecodesk.services.importing import import_document

    db = open_database(str(target))
    try:
        import_document(db, path)
    finally:
        db.close()


def open_window(app: QCoreApplication, target: Path) -> MainWindow:
    """The window on the file's plan, on July 3rd of its year (上半年 shown, as of June 30th)."""
    db = open_database(str(target))
    year = list_plans(db)[0].year
    window = MainWindow(Workspace(db, today=lambda: dt.date(year, 7, 3)), Ops(synchronous=True))
    window.lock_timer.stop()
    window.backup_timer.stop()
    window.reload_plans()
    window.show()
    settle(app)
    return window


def pick(window: MainWindow, prefix: str) -> None:
    box = window.periods.box
    index = next(i for i in range(box.count()) if box.itemText(i).startswith(prefix))
    box.setCurrentIndex(index)
    box.activated.emit(index)


def measure(app: QCoreApplication, target: Path, runs: int) -> tuple[Timing, int]:
    window = open_window(app, target)
    tasks = sum(1 for _ in window.ws.tree.walk()) if window.ws.tree else 0
    times: list[Timing] = []
    try:
        for run in range(runs + 1):
            for prefix in ("一季度", "上半年"):
                took = timed(app, lambda p=prefix: pick(window, p))
                assert window.periods.box.currentText().startswith(prefix)
                if run:
                    times.append(took)
    finally:
        close_window(window)
        settle(app)
    return median(times), tasks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="runs per plan (each two switches)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="ecodesk-period-bench-") as tmp:
        folder = Path(tmp)
        isolate_settings(folder / "settings")
        sample = largest_sample()
        import_sample(sample, folder / "sample.sqlite")
        make_database(folder / "generated.sqlite", GENERATED)
        for name, target in ((sample.name, folder / "sample.sqlite"), ("generated", folder / "generated.sqlite")):
            took, tasks = measure(app, target, args.runs)
            label = f"switch 本期 in the window, {name if name != 'generated' else 'generated'} ({tasks:,} tasks)"
            print(f"BENCH\t{label}\t{took.wall_ms:.1f}\tms")
            print(f"{label}: {took.wall_ms:.1f} ms (CPU {took.cpu_ms:.1f})")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
