"""Power cut: a clerk's process is killed mid-write; every commit it reported survives, the file is sound."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ecodesk.store.backup import integrity_errors
from ecodesk.store.db import open_database
from tests.targets import WRITER, progress_ids, seed_plan


def kill_mid_write(path: Path, task_id: int, rng: random.Random) -> set[int]:
    """Start a writer, SIGKILL it after a random number of commits (or mid-startup); the ids it reported."""
    child = subprocess.Popen([sys.executable, str(WRITER), str(path), str(task_id), "0"],
                             stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert child.stdout is not None
    wanted = rng.randint(0, 25)
    reported: set[int] = set()
    deadline = time.monotonic() + 60
    while len(reported) < wanted and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        reported.add(int(line.split()[1]))
    time.sleep(rng.random() * 0.02)  # land somewhere inside the next transaction
    os.kill(child.pid, signal.SIGKILL)
    for line in child.stdout:  # ids printed (so committed) before the kill arrived
        reported.add(int(line.split()[1]))
    child.wait()
    return reported


def run_trials(tmp_path: Path, trials: int) -> None:
    path = tmp_path / "ecodesk.sqlite"
    db = open_database(str(path))
    task_id = seed_plan(db)
    db.close()
    rng = random.Random(trials)
    committed: set[int] = set()
    for _trial in range(trials):
        committed |= kill_mid_write(path, task_id, rng)
        assert integrity_errors(path) == []
        db = open_database(str(path))
        missing = committed - progress_ids(db)
        db.close()
        assert not missing, f"reported commits lost after SIGKILL: {sorted(missing)}"
    assert committed, "the writers never committed anything"


def test_killed_writer_loses_no_commit(tmp_path: Path) -> None:
    run_trials(tmp_path, 10)


@pytest.mark.slow
def test_killed_writer_loses_no_commit_100_trials(tmp_path: Path) -> None:
    run_trials(tmp_path, 100)
