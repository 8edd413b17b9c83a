"""bench/run collects the BENCH lines of the bench scripts into one Markdown table with the machine info."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_run_tabulates_the_filter_bench() -> None:
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run"), "--only", "filter_bench"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    table = result.stdout
    for field in ("| CPU |", "| Cores |", "| RAM |", "| OS |", "| Python |", "| PySide6 |"):
        assert field in table
    rows = [line for line in table.splitlines() if line.startswith("| tree filter on 10,000 tasks")]
    assert len(rows) == 4
    assert all(line.endswith("| ms | filter_bench.py |") for line in rows)
