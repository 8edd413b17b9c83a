"""The task tree's item model on 10,000 tasks: filling it when a plan is opened or its shape changes (a task
added, moved or deleted), and refreshing it in place after an edit that only changed fields.

The model (ecodesk.gui.task_model.TaskTreeModel) is filled from a PlanTree by Python; the view then reads it
in C++. Each figure includes the view's layout and paint that follow, on the offscreen platform.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from filter_bench import generate_plan
from PySide6.QtWidgets import QApplication, QTreeView

from ecodesk.domain.plan import PlanTree
from ecodesk.gui.task_model import TaskFilterProxy, TaskTreeModel, expand_branches

TODAY = dt.date(2021, 6, 1)
RUNS = 3


def numbered(plan: PlanTree) -> PlanTree:
    for task_id, task in enumerate(plan.walk(), start=1):
        task.id = task_id
    return plan


def edited(plan: PlanTree) -> PlanTree:
    """The same plan with one title in a hundred changed, as after a few edits and a reload."""
    changed = copy.deepcopy(plan)
    for k, task in enumerate(changed.walk()):
        if k % 100 == 0:
            task.title += "（已修改）"
    return changed


def main() -> None:
    app = QApplication.instance() or QApplication([])
    plan = numbered(generate_plan())
    total = sum(1 for _ in plan.walk())
    fills, refreshes = [], []
    for _ in range(RUNS):
        model, proxy, view = TaskTreeModel(), TaskFilterProxy(), QTreeView()
        proxy.setSourceModel(model)
        view.setModel(proxy)
        view.resize(1200, 800)
        view.show()
        start = time.perf_counter()
        model.set_tree(plan, TODAY)
        expand_branches(view, model, proxy)
        app.processEvents()
        fills.append(time.perf_counter() - start)
        other = edited(plan)
        start = time.perf_counter()
        model.set_tree(other, TODAY)
        app.processEvents()
        refreshes.append(time.perf_counter() - start)
        view.deleteLater()
    print(f"BENCH\ttask tree model: fill and show {total:,} tasks\t{statistics.median(fills) * 1000:.0f}\tms")
    print(f"BENCH\ttask tree model: refresh {total:,} tasks after edits (in place)\t"
          f"{statistics.median(refreshes) * 1000:.0f}\tms")


if __name__ == "__main__":
    main()
