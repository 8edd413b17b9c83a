"""督办通知单 on the 新建 sample with a year of updates (tests/year_of_updates.py): who gets a slip, how the
levels escalate over three runs, the numbering, never an empty notice, and the 催办 log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from ecodesk.domain.errors import UserError
from ecodesk.domain.urging import Level
from ecodesk.services.plans import load_plan
from ecodesk.services.urgings import issue_notices, urging_log
from ecodesk.store.db import Database
from tests.year_of_updates import QUARTER_ENDS, ReportedYear

RUNS = QUARTER_ENDS[:3]  # 3-31, 6-30, 9-30


def _text(path: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs], [[c.text for c in row.cells] for row in doc.tables[0].rows]


def test_three_runs_escalate_each_late_task_blue_orange_red(db: Database, reported_year: ReportedYear,
                                                             tmp_path: Path) -> None:
    late = set(reported_year.behind) | set(reported_year.silent)
    numbers: list[int] = []
    for run_index, day in enumerate(RUNS):
        run = issue_notices(db, reported_year.plan_id, day, tmp_path / day.isoformat())
        urged = {t.task_id: t.level for slip in run.slips for t in slip.tasks}
        # the tasks behind the pace and those never reported, no other: on-pace and early ones are left alone
        assert set(urged) == late
        assert set(urged.values()) == {(Level.BLUE, Level.ORANGE, Level.RED)[run_index]}
        assert all(slip.tasks for slip in run.slips)  # never an empty notice
        assert len({slip.unit for slip in run.slips}) == len(run.slips)  # one slip a unit
        assert sorted(p.name for p in (tmp_path / day.isoformat()).iterdir()) == sorted(p.name for p in run.paths)
        numbers += [slip.number for slip in run.slips]
    assert numbers == list(range(1, len(numbers) + 1))  # one sequence across the runs: 第1号, 第2号 …
    log = urging_log(db, reported_year.plan_id)
    assert [s.number for s in log] == numbers[::-1]  # newest first
    assert {s.level for s in log if s.issued_on == RUNS[0]} == {Level.BLUE}
    task = reported_year.behind[0]
    assert [(s.issued_on, s.level) for s in urging_log(db, reported_year.plan_id, task_id=task)] == [
        (RUNS[2], Level.RED), (RUNS[1], Level.ORANGE), (RUNS[0], Level.BLUE)]


def test_a_slip_lists_its_units_late_tasks_as_printed(db: Database, reported_year: ReportedYear,
                                                       tmp_path: Path) -> None:
    issue_notices(db, reported_year.plan_id, RUNS[0], tmp_path / "q1")
    run = issue_notices(db, reported_year.plan_id, RUNS[1], tmp_path / "h1")
    slip = max(run.slips, key=lambda s: len(s.tasks))
    paragraphs, rows = _text(run.paths[run.slips.index(slip)])
    assert paragraphs[0] == "督办通知单"
    assert f"{slip.code}（橙单）" in paragraphs
    assert f"{slip.unit}：" in paragraphs
    request = next(p for p in paragraphs if p.startswith("截至2021年6月30日"))
    assert f"以下{len(slip.tasks)}项工作任务进度落后于序时进度" in request and "本次以橙单督办" in request
    assert "南昌市新建生态环境局办公室" in paragraphs and "2021年6月30日" in paragraphs
    assert rows[0] == ["序号", "任务", "完成时限", "序时进度", "实际进度", "最近报送情况"]
    tree = load_plan(db, reported_year.plan_id, as_of=RUNS[1])
    by_id = {t.id: t for t in tree.walk()}
    for index, (row, urged) in enumerate(zip(rows[1:], slip.tasks, strict=True), start=1):
        task = by_id[urged.task_id]
        assert row[0] == str(index)
        assert row[1].endswith(f"{task.title}（第2次督办）")
        assert row[3] == "49.6%"  # 181 of the year's 365 days
        assert row[4] == f"{task.percent}%"
        silent = urged.task_id in reported_year.silent
        assert row[5] == ("暂无进展记录" if silent else "6月30日：" + task.progress[-1].text)


def test_no_late_task_no_notice_no_folder(db: Database, reported_year: ReportedYear, tmp_path: Path) -> None:
    folder = tmp_path / "none"
    with pytest.raises(UserError, match=r"没有进度落后于序时进度.*无需发督办通知单"):
        issue_notices(db, reported_year.plan_id, dt.date(2021, 1, 5), folder)  # a few days in: nobody is late
    assert not folder.exists()
    assert urging_log(db, reported_year.plan_id) == []


def test_a_run_not_after_the_last_is_refused(db: Database, reported_year: ReportedYear, tmp_path: Path) -> None:
    issue_notices(db, reported_year.plan_id, RUNS[1], tmp_path / "h1")
    before = urging_log(db, reported_year.plan_id)
    for day in (RUNS[1], RUNS[0]):
        with pytest.raises(UserError, match="已于2021年6月30日发出督办通知单；再次督办的截至日期须晚于该日"):
            issue_notices(db, reported_year.plan_id, day, tmp_path / "again")
    assert urging_log(db, reported_year.plan_id) == before and not (tmp_path / "again").exists()


def test_a_folder_that_cannot_be_written_records_nothing(db: Database, reported_year: ReportedYear,
                                                         tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(UserError):
        issue_notices(db, reported_year.plan_id, RUNS[0], blocked / "notices")
    assert urging_log(db, reported_year.plan_id) == []
