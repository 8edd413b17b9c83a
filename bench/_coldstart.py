"""Cold start to first shown window, measured the same way for EcoDesk and for the bare-PySide6 floor.

A fresh interpreter runs the given code; the code prints SHOWN once its window is on screen (the first
event-loop turn after show()). The clock runs from just before the process is spawned until that line
arrives, so interpreter start-up, imports and building the rows all count, as they do for a clerk.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

SHOWN = "SHOWN"
# what a bench's window code calls after window.show(): quit on the first turn of the event loop
REPORT_SHOWN = f"QTimer.singleShot(0, lambda: (print({SHOWN!r}, flush=True), app.quit()))"


def rows() -> int:
    return int(os.environ.get("ECODESK_BENCH_ROWS", "10000"))


def cold_start_ms(argv: list[str], runs: int = 3) -> float:
    """Median milliseconds from spawning `argv` to its SHOWN line, over `runs` fresh processes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == SHOWN:
                times.append((time.perf_counter() - start) * 1000)
                break
        if child.wait(timeout=120) != 0 or len(times) != _ + 1:
            sys.exit(f"{argv!r} did not show a window")
    return statistics.median(times)
