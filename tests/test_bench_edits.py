"""bench/edit_bench.py, run as bench/run runs it, on its smallest case:
every figure the issue's baseline needs is in the table with a number (the values themselves are not
judged here: they depend on the machine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NUMBER = r"\d+(\.\d+)?"


def bench_run(script: str, **env: str) -> str:
    """bench/run --only SCRIPT: its Markdown table (the run must succeed)."""
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run"), "--only", script], capture_output=True,
                            text=True, timeout=240, env={**os.environ, **env})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def figure(table: str, name: str, unit: str, script: str) -> str:
    """The value of the one row named `name`, checked to be a number in `unit` from `script`."""
    rows = [line for line in table.splitlines() if line.startswith(f"| {name} |")]
    assert len(rows) == 1, f"{name!r} not once in:\n{table}"
    match = re.fullmatch(rf"\| {re.escape(name)} \| ({NUMBER}) \| {unit} \| {script} \|", rows[0])
    assert match, rows[0]
    return match.group(1)


def test_edit_bench_times_each_edit_and_the_floor() -> None:
    table = bench_run("edit_bench", ECODESK_BENCH_EDIT_SIZES="200")
    for kind in ("status", "title", "progress", "floor"):
        assert float(figure(table, f"edit {kind}, 200 tasks", "ms", "edit_bench.py")) > 0
    assert "2000 tasks" not in table  # only the size asked for
