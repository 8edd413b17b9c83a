"""bench/edit_bench.py and bench/server_trips_bench.py, run as bench/run runs them, on their smallest case:
every figure the issue's baseline needs is in the table with a number (the values themselves are not
judged here: they depend on the machine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.targets import PG_ENV, pg_server_url

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
    for kind in ("status", "title", "progress", "floor", "status shown floor", "title shown floor",
                 "progress shown floor"):
        assert float(figure(table, f"edit {kind}, 200 tasks", "ms", "edit_bench.py")) > 0
    assert "2000 tasks" not in table  # only the size asked for


@pytest.mark.postgres
def test_server_trips_bench_counts_round_trips_and_times_them_over_a_slow_link() -> None:
    table = bench_run("server_trips_bench", **{PG_ENV: pg_server_url()})
    for name in ("open 200-task plan", "one edit"):
        assert int(figure(table, f"server round trips: {name}", "trips", "server_trips_bench.py")) > 0
        assert float(figure(table, f"server {name} over 5 ms link", "ms", "server_trips_bench.py")) > 0


def test_server_trips_bench_without_a_local_server_is_skipped_not_failed() -> None:
    table = bench_run("server_trips_bench", **{PG_ENV: "postgresql://ecodesk@192.0.2.1:5432/elsewhere"})
    assert "| (skipped) | | | server_trips_bench.py: the server is at 192.0.2.1" in table
    assert "(failed)" not in table and "server round trips" not in table
