"""Backup cost on a big plan: 5,000 tasks with 50,000 progress updates (and their audit rows).

Run from the repository root: `python bench/backup_bench.py [TASKS] [UPDATES]` (or via bench/run).
Prints the database size, then seconds and size for a verified backup, the checks on open and a restore,
each also as a `BENCH` line for bench/run.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.services import backups, plans
from ecodesk.store.backup import integrity_errors
from ecodesk.store.db import Database, open_database
from ecodesk.store.models import AuditRow, ProgressRow, TaskRow

CHAPTER = 100


def build_plan(db: Database, tasks: int) -> None:
    """Chapters of 100 tasks each, every task led by one of three units."""
    units = ["综合股", "生态股", "执法大队"]
    chapters = [
        TaskNode(title=f"第{c + 1}部分重点工作", children=[
            TaskNode(title=f"推进第{c * CHAPTER + i + 1}项工作", measures="加强监管，完善机制；持续改善环境质量。" * 3,
                     lead_units=[units[i % 3]])
            for i in range(min(CHAPTER, tasks - c * CHAPTER))
        ])
        for c in range((tasks + CHAPTER - 1) // CHAPTER)
    ]
    plans.save_plan(db, PlanTree(year=2026, title="2026年工作要点", bureau="某县生态环境局", tasks=chapters))


def add_updates(db: Database, count: int) -> None:
    """Bulk rows shaped like progress.add_progress writes them: the update plus its audit row."""
    with db.session() as s:
        task_ids = list(s.scalars(select(TaskRow.id).where(TaskRow.parent_id.is_not(None))))
        now = dt.datetime(2026, 6, 1)
        s.execute(insert(ProgressRow), [
            {"task_id": task_ids[n % len(task_ids)], "date": dt.date(2026, 1 + n % 12, 1 + n % 28),
             "text": f"第{n + 1}次进展：已完成阶段性工作，正在推进下一步整改。", "percent": n % 101,
             "status": "推进中", "unit_name": "综合股", "author": "测试员", "created_at": now}
            for n in range(count)
        ])
        s.execute(insert(AuditRow), [
            {"at": now, "who": "测试员", "action": "create", "entity": "progress", "entity_id": n + 1,
             "plan_id": 1, "field": str(task_ids[n % len(task_ids)]), "old": None, "new": "进展"}
            for n in range(count)
        ])


def figure(label: str, value: float, unit: str) -> None:
    """A readable line, and the BENCH line bench/run collects."""
    print(f"{label:<28}{value:8.2f} {unit}")
    print(f"BENCH\tbackup bench: {label}\t{value:.2f}\t{unit}")


def timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    figure(label, time.perf_counter() - start, "s")
    return result


def per_call(label: str, action: Callable[[], object], calls: int = 2_000) -> None:
    """Microseconds per call: the lock watch runs before every transaction, so it is set beside one."""
    start = time.perf_counter()
    for _ in range(calls):
        action()
    figure(label, (time.perf_counter() - start) / calls * 1e6, "µs")


def _read_one(db: Database) -> None:
    with db.reader() as session:
        session.execute(text("SELECT 1")).scalar()


def main(tasks: int = 5_000, updates: int = 50_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ecodesk.sqlite"
        db = open_database(str(path))
        timed(f"build {tasks} tasks", lambda: build_plan(db, tasks))
        timed(f"add {updates} updates", lambda: add_updates(db, updates))
        figure("database size", path.stat().st_size / 2**20, "MB")
        made = timed("backup (copy + verify)", lambda: backups.create_backup(db))
        figure("backup size", made.size / 2**20, "MB")
        timed("quick_check", lambda: integrity_errors(path, quick=True))
        timed("integrity_check", lambda: integrity_errors(path))
        timed("maybe_backup (no change)", lambda: backups.maybe_backup(db, made.at + dt.timedelta(hours=1)))
        timed("restore", lambda: backups.restore_backup(db, made.path))
        per_call("lock watch, before each transaction", db.verify)
        per_call("floor: one-row read transaction", lambda: _read_one(db))
        db.close()
        timed("reopen (quick_check)", lambda: open_database(str(path)).close())


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
