"""The 督办通知单 as printed, and the runs refused without leaving a row or a file, on the 新建 sample with a
year of updates (tests/year_of_updates.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from ecodesk.domain.errors import UserError
from ecodesk.domain.urging import Slip
from ecodesk.io.notice_docx import NoticeHeading
from ecodesk.services.plans import load_plan
from ecodesk.services.urgings import issue_notices, urging_log
from ecodesk.store.db import Database
from tests.year_of_updates import QUARTER_ENDS, ReportedYear


def _text(path: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs], [[c.text for c in row.cells] for row in doc.tables[0].rows]


def test_a_slip_lists_its_units_late_tasks_as_printed(db: Database, reported_year: ReportedYear,
                                                       tmp_path: Path) -> None:
    issue_notices(db, reported_year.plan_id, QUARTER_ENDS[0], tmp_path / "q1")
    run = issue_notices(db, reported_year.plan_id, QUARTER_ENDS[1], tmp_path / "h1")
    slip = max(run.slips, key=lambda s: len(s.tasks))
    paragraphs, rows = _text(run.paths[run.slips.index(slip)])
    assert paragraphs[0] == "督办通知单"
    assert f"{slip.code}（橙单）" in paragraphs
    assert f"{slip.unit}：" in paragraphs
    request = next(p for p in paragraphs if p.startswith("截至2021年6月30日"))
    assert f"以下{len(slip.tasks)}项工作任务进度落后于序时进度" in request and "本次以橙单督办" in request
    assert "南昌市新建生态环境局办公室" in paragraphs and "2021年6月30日" in paragraphs
    assert rows[0] == ["序号", "任务", "完成时限", "序时进度", "实际进度", "最近报送情况"]
    tree = load_plan(db, reported_year.plan_id, as_of=QUARTER_ENDS[1])
    by_id = {t.id: t for t in tree.walk()}
    for index, (row, urged) in enumerate(zip(rows[1:], slip.tasks, strict=True), start=1):
        task = by_id[urged.task_id]
        assert row[0] == str(index)
        assert row[1].endswith(f"{task.title}（第2次督办）")
        assert row[3] == "49.6%"  # 181 of the year's 365 days
        assert row[4] == f"{task.percent}%"
        silent = urged.task_id in reported_year.silent
        assert row[5] == ("暂无进展记录" if silent else "6月30日：" + task.progress[-1].text)


def test_refused_runs_leave_no_row_and_no_file(db: Database, reported_year: ReportedYear, tmp_path: Path) -> None:
    nothing_late = tmp_path / "none"
    with pytest.raises(UserError, match=r"没有进度落后于序时进度.*无需发督办通知单"):
        issue_notices(db, reported_year.plan_id, dt.date(2021, 1, 5), nothing_late)  # a few days in: nobody is late
    assert not nothing_late.exists() and urging_log(db, reported_year.plan_id) == []
    with pytest.raises(UserError, match="督办截至日期 2021-09-30 晚于今天"):
        issue_notices(db, reported_year.plan_id, QUARTER_ENDS[2], tmp_path / "later", today=dt.date(2021, 7, 3))
    assert not (tmp_path / "later").exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(UserError, match="无法建立文件夹"):
        issue_notices(db, reported_year.plan_id, QUARTER_ENDS[0], blocked / "notices")
    assert urging_log(db, reported_year.plan_id) == []
    issue_notices(db, reported_year.plan_id, QUARTER_ENDS[1], tmp_path / "h1")
    before = urging_log(db, reported_year.plan_id)
    for day in (QUARTER_ENDS[1], QUARTER_ENDS[0]):  # the same day again, or an earlier one
        with pytest.raises(UserError, match="已于2021年6月30日发出督办通知单；再次督办的截至日期须晚于该日"):
            issue_notices(db, reported_year.plan_id, day, tmp_path / "again")
    assert urging_log(db, reported_year.plan_id) == before and not (tmp_path / "again").exists()


def test_a_slip_that_cannot_be_saved_takes_the_whole_run_back(db: Database, reported_year: ReportedYear,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecodesk.services import urgings

    folder, real = tmp_path / "督办", urgings.write_notice

    def second_fails(slip: Slip, heading: NoticeHeading, path: Path) -> Path:
        if slip.number == 2:  # say Word holds a file of that name open
            raise UserError(f"无法保存“{path}”：文件正被其他程序（如 Word、WPS）打开，请关闭后重试")
        return real(slip, heading, path)

    monkeypatch.setattr(urgings, "write_notice", second_fails)
    with pytest.raises(UserError, match="文件正被其他程序"):
        issue_notices(db, reported_year.plan_id, QUARTER_ENDS[0], folder)
    assert not folder.exists() and urging_log(db, reported_year.plan_id) == []
