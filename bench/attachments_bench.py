"""Attachments at scale: a 100 MB file added, 1 GB of files in the database, and what that costs a backup.

Run from the repository root: `python bench/attachments_bench.py [MB]` (or via bench/run; the total size is
also `ECODESK_BENCH_ATTACH_MB`, default 1024). On a fresh SQLite file: one 100 MB file attached (seconds,
and how much the process's peak memory grew: the file must be streamed in parts, never held whole), then
files of 10 MB up to the total; then a verified backup (services.backups.create_backup: copy and integrity
check), a restore from it, and the 台账 zip of every file. Each figure is a `BENCH` line for bench/run.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecodesk.services import attachments, backups, plans, tasks, units
from ecodesk.services.ledger import export_ledger
from ecodesk.store.db import open_database

MB = 1024 * 1024
FILE_MB = 10


def figure(label: str, value: float, unit: str) -> None:
    print(f"{label:<44}{value:10.2f} {unit}")
    print(f"BENCH\tattachments: {label}\t{value:.2f}\t{unit}")


def timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    figure(label, time.perf_counter() - start, "s")
    return result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def write_file(path: Path, size_mb: int, seed: int) -> Path:
    """Distinct content per file (each is stored: none is a copy of another), written 1 MB at a time."""
    block = os.urandom(MB)
    with path.open("wb") as fh:
        for n in range(size_mb):
            fh.write(seed.to_bytes(8, "little") + n.to_bytes(8, "little") + block[16:])
    return path


def main(total_mb: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ecodesk-attach-bench-") as folder:
        root = Path(folder)
        db = open_database(str(root / "ecodesk.sqlite"))
        plan = plans.create_plan(db, year=2026, title="2026年工作要点", bureau="某县生态环境局")
        units.add_unit(db, "综合股", bureau="某县生态环境局")
        task_ids = [tasks.add_task(db, plan.id, title=f"第{n + 1}项工作", lead=["综合股"]) for n in range(20)]
        big = write_file(root / "全程录像.mp4", 100, seed=0)
        before = peak_mb()
        timed("attach add, one 100 MB file", lambda: attachments.add_files(db, task_ids[0], [big]))
        figure("peak memory growth while adding it", peak_mb() - before, "MB")
        big.unlink()
        added, n = 100, 0
        start = time.perf_counter()
        while added < total_mb:
            n += 1
            path = write_file(root / f"现场照片{n}.jpg", FILE_MB, seed=n)
            attachments.add_files(db, task_ids[n % len(task_ids)], [path])
            path.unlink()
            added += FILE_MB
        figure(f"attach add, {n} files of {FILE_MB} MB (MB/s)", (added - 100) / (time.perf_counter() - start), "MB/s")
        assert db.path is not None
        figure("database size", db.path.stat().st_size / MB, "MB")
        copy = timed(f"verified backup with {added} MB of files", lambda: backups.create_backup(db, "manual"))
        timed("restore from that backup", lambda: backups.restore_backup(db, copy.path))  # type: ignore[attr-defined]
        zipped = timed("台账 zip of every file", lambda: export_ledger(db, plan.id, root / "台账.zip"))
        figure("台账 zip size", zipped.stat().st_size / MB, "MB")  # type: ignore[attr-defined]
        db.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("ECODESK_BENCH_ATTACH_MB", "1024")))
