"""The 督查通报 on the 新建 sample with a year of updates (tests/year_of_updates.py): the counts follow the
rules that made the updates, an earlier period never sees a later report, the annexes list the slow and the
on-pace tasks, and the units that did not report are named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from ecodesk.domain.bulletin import UNREPORTED
from ecodesk.domain.errors import UserError
from ecodesk.domain.pace import PaceCount
from ecodesk.io.bulletin_docx import ANNEXES
from ecodesk.services import collection, tasks
from ecodesk.services.bulletin import bulletin_of, export_bulletin
from ecodesk.store.db import Database
from tests.collect.returns import fill
from tests.year_of_updates import QUARTER_ENDS, ReportedYear

BEHIND, ON_PACE, AHEAD, DONE = (PaceCount.BEHIND.value, PaceCount.ON_PACE.value, PaceCount.AHEAD.value,
                                PaceCount.DONE.value)
LATER = dt.date(2022, 1, 10)  # written after the year: every period is over


def test_the_first_quarter_knows_nothing_later_and_names_a_silent_unit(db: Database, reported_year: ReportedYear,
                                                                       tmp_path: Path) -> None:
    b = bulletin_of(db, reported_year.plan_id, "2021-Q1", today=LATER)
    # the tasks behind first report at 6-30: in 一季度 they, like the silent ones, are 未报
    assert b.total.counts[UNREPORTED] == len(reported_year.behind) + len(reported_year.silent)
    assert b.total.counts[DONE] == 0 and b.slow == [] and b.silent_units == []
    with pytest.raises(UserError, match="2021年前三季度的进展从2021年7月1日起报送，尚未开始"):
        bulletin_of(db, reported_year.plan_id, "2021-Q3", today=dt.date(2021, 6, 20))
    tasks.add_task(db, reported_year.plan_id, title="开展生态环境宣传教育", lead=["宣教股"], create_units=True)
    path = export_bulletin(db, reported_year.plan_id, "2021-Q1", tmp_path / "通报.docx", today=LATER)
    assert bulletin_of(db, reported_year.plan_id, "2021-Q1", today=LATER).silent_units == ["宣教股"]
    said = "2021年一季度，宣教股共1个股室未报送进展情况"
    assert any(p.text.startswith(said) for p in Document(str(path)).paragraphs)
    # its table comes back (nothing in it accepted as progress): it has reported, as the register says
    [sent] = collection.send_forms(db, reported_year.plan_id, "2021-Q1", tmp_path, ["宣教股"])
    preview = collection.preview_return(db, reported_year.plan_id, fill(sent, {0: ("已部署。", 10, None)}))
    assert collection.receive_return(db, preview, accepted=[]).recorded == 0
    assert bulletin_of(db, reported_year.plan_id, "2021-Q1", today=LATER).silent_units == []


def test_half_year_counts_follow_the_year_of_updates_and_are_printed(db: Database, reported_year: ReportedYear,
                                                                     tmp_path: Path) -> None:
    path = export_bulletin(db, reported_year.plan_id, "2021-H1", tmp_path / "通报.docx", today=LATER)
    doc = Document(str(path))
    text = [p.text for p in doc.paragraphs]
    assert text[:3] == ["督查通报", "", "第2期"]
    assert "南昌市新建生态环境局办公室　　　　2022年1月10日" in text
    b = bulletin_of(db, reported_year.plan_id, "2021-H1", today=LATER)
    assert (b.number, b.as_of, b.issued_on) == (2, QUARTER_ENDS[1], LATER)  # 一季度 is 第1期
    counts = b.total.counts
    assert (counts[BEHIND], counts[UNREPORTED], counts[DONE]) == (
        len(reported_year.behind), len(reported_year.silent), len(reported_year.early))
    assert counts[ON_PACE] + counts[AHEAD] == len(reported_year.on_pace)
    assert {t.task_id for t in b.slow} == set(reported_year.behind)
    assert {t.task_id for t in b.on_pace} == set(reported_year.on_pace)
    for column in b.columns:  # each task has one lead unit in the sample: the lines add up to 合计
        assert sum(u.counts[column] for u in b.units) == counts[column]
    assert b.silent_units == []  # every unit has a task reported in 二季度
    total = b.total.total
    overall = next(p for p in text if p.startswith("截至2021年6月30日"))
    assert overall.startswith(f"截至2021年6月30日，{total}项工作任务中，欠进度{len(reported_year.behind)}项（")
    assert [p for p in text if p.startswith(("一、", "二、", "三、", "四、"))] == [
        "一、总体情况", "二、各股室推进情况", "三、报送情况", "四、工作要求"]
    table, slow, on_pace = ([[c.text for c in row.cells] for row in t.rows] for t in doc.tables)
    assert table[0] == ["序号", "股室", "任务数", BEHIND, ON_PACE, AHEAD, DONE, UNREPORTED]
    assert table[-1][1:3] == ["合计", str(total)] and len(table) == len(b.units) + 2
    assert (len(slow) - 1, len(on_pace) - 1) == (len(reported_year.behind), len(reported_year.on_pace))
    assert slow[1][4:] == ["49.6%", "10%"]  # 序时 and 实际 of a task behind
    assert [p for p in text if p in {"附件1", "附件2", *ANNEXES}] == ["附件1", ANNEXES[0], "附件2", ANNEXES[1]]
