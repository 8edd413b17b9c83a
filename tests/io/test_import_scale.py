"""Large plans import quickly: 10,000 numbered items, and the bench's 5,000-task .txt and .docx."""

from __future__ import annotations

import time
from pathlib import Path

from bench.import_bench import synthetic_lines, write_docx, write_txt
from ecodesk.io.plan_import import read_plan


def test_ten_thousand_items(tmp_path: Path) -> None:
    items = [f"{i}.第{i}项工作。（责任单位：综合股）" for i in range(1, 10001)]
    lines = ["2021年工作要点", "一、任务", *items]
    result = read_plan(write_txt(tmp_path / "many.txt", lines))
    assert result.summary().leaf_tasks == 10000


def test_five_thousand_tasks_under_two_seconds(tmp_path: Path) -> None:
    lines = synthetic_lines(5000)
    for path in (write_txt(tmp_path / "plan.txt", lines), write_docx(tmp_path / "plan.docx", lines)):
        start = time.perf_counter()
        summary = read_plan(path).summary()
        elapsed = time.perf_counter() - start
        assert summary.leaf_tasks == 5000 and summary.tasks_with_deadlines == 5000
        assert elapsed < 2.0, f"{path.name}: {elapsed:.2f} s"


def test_samples_fast(samples_dir: Path) -> None:
    for path in sorted(samples_dir.iterdir()):
        read_plan(path)
        start = time.perf_counter()
        read_plan(path)
        assert time.perf_counter() - start < 0.2, path.name
