"""`ecodesk import-progress`: a 上半年 进展 report written from the 新建 sample's tasks (reworded as reports
word them) comes back as updates dated 6月30日 on exactly those tasks; what comes next is left out; a report
imported twice records nothing twice; bad input is told in Chinese."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import docx

from ecodesk.io.plan_import import read_plan
from tests.conftest import SAMPLES, run_cli

SAMPLE = SAMPLES / "xinjian-2021-gongzuoyaodian.docx"


def _report(path: Path, count: int) -> list[str]:
    """A report whose section N speaks of the sample's Nth leaf task (its title reworded); the titles."""
    plan = read_plan(SAMPLE).plan
    leaves = [t for t in plan.walk() if t.is_leaf][:count]
    document = docx.Document()
    document.add_paragraph("南昌市新建生态环境局2021年上半年工作进展情况和下半年工作安排")
    document.add_paragraph("今年以来，我局坚持以习近平生态文明思想为指导，各项工作有序推进。")
    document.add_paragraph("一、上半年工作进展情况")
    for n, task in enumerate(leaves, start=1):
        document.add_paragraph(f"（{'一二三四五六七八九十'[n - 1] if n <= 10 else n}）扎实{task.title}工作。"
                               f"上半年，我局按照年度安排推进，已完成年度任务的50%。")
    document.add_paragraph("二、下半年工作安排")
    document.add_paragraph(f"（一）继续{leaves[0].title}。确保年底前全面完成。")
    document.save(path)
    return [t.title for t in leaves]


def _updates(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT t.title, p.date, p.text FROM progress_updates p JOIN tasks t ON t.id = p.task_id"
                            " ORDER BY p.id").fetchall()


def test_a_report_comes_back_as_updates_on_its_tasks(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    assert run_cli("import", str(SAMPLE), db=db).returncode == 0
    report = tmp_path / "上半年进展.docx"
    titles = _report(report, 8)
    dry = run_cli("import-progress", str(report), "--period", "2021-H1", "--dry-run", db=db)
    assert dry.returncode == 0, dry.stderr
    assert "可记录 8 段，未匹配 0 段" in dry.stdout and "置信度" in dry.stdout and _updates(db) == []
    done = run_cli("import-progress", str(report), "--period", "2021-H1", "--unit", "综合股", db=db)
    assert done.returncode == 0, done.stderr
    assert "已记录 8 项任务的进展（日期 2021-06-30）" in done.stdout
    updates = _updates(db)
    assert [u[0] for u in updates] == titles  # each passage on the task it speaks of, in the report's order
    assert {u[1] for u in updates} == {"2021-06-30"}
    assert updates[0][2].startswith(f"扎实{titles[0]}工作。上半年") and "继续" not in "".join(u[2] for u in updates)
    again = run_cli("import-progress", str(report), "--period", "2021-H1", db=db)
    assert "已记录 0 项任务的进展" in again.stdout and len(_updates(db)) == 8


def test_bad_input_is_told_in_chinese(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    assert run_cli("import", str(SAMPLE), db=db).returncode == 0
    report = tmp_path / "r.docx"
    _report(report, 2)
    notes = tmp_path / "notes.txt"
    notes.write_text("今天没有什么进展。\n", encoding="utf-8")
    cases = [
        ((str(report), "--period", "2022-H1"), "报告期“2022-H1”不在 2021 年度内"),
        ((str(report), "--period", "上半年"), "无法识别的报告期“上半年”"),
        ((str(notes), "--period", "2021-H1"), "没有找到带编号的进展段落"),
        ((str(tmp_path / "r.xlsx"), "--period", "2021-H1"), "不是进展报告支持的格式"),
    ]
    for args, message in cases:
        result = run_cli("import-progress", *args, db=db)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert _updates(db) == []
