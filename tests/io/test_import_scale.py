"""Large plans import whole: 10,000 numbered items, and the bench's 5,000-task .txt and .docx.

How fast is measured by bench/import_bench.py (never by timed assertions here: a loaded CI machine would
fail them at random).
"""

from __future__ import annotations

from pathlib import Path

from bench.import_bench import synthetic_lines, write_docx, write_txt
from ecodesk.io.plan_import import read_plan


def test_ten_thousand_items(tmp_path: Path) -> None:
    items = [f"{i}.第{i}项工作。（责任单位：综合股）" for i in range(1, 10001)]
    lines = ["2021年工作要点", "一、任务", *items]
    result = read_plan(write_txt(tmp_path / "many.txt", lines))
    assert result.summary().leaf_tasks == 10000


def test_five_thousand_tasks_in_text_and_word(tmp_path: Path) -> None:
    lines = synthetic_lines(5000)
    for path in (write_txt(tmp_path / "plan.txt", lines), write_docx(tmp_path / "plan.docx", lines)):
        summary = read_plan(path).summary()
        assert summary.leaf_tasks == 5000 and summary.tasks_with_deadlines == 5000, path.name


def test_every_sample_reads_the_same_twice(samples_dir: Path) -> None:
    for path in sorted(samples_dir.iterdir()):
        first, again = read_plan(path).summary(), read_plan(path).summary()
        assert first == again and first.leaf_tasks > 0, path.name
