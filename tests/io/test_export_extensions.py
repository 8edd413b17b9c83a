"""A 延期 in every export of the 新建 sample after a year of updates: the Word 工作要点, the Excel 进展情况表,
the unit sheets and the JSON print “原定6月底前，经批准延期至9月底前”, and 序时 follows the new deadline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.plan import TaskNode
from ecodesk.domain.reporting import plan_marks
from ecodesk.domain.task_fields import DEADLINE
from ecodesk.services import extensions, tasks
from ecodesk.services.exporting import ExportOptions, export_plan
from ecodesk.services.plans import load_plan
from ecodesk.store.db import Database
from tests.year_of_updates import ReportedYear

SHOWN = "原定6月底前，经批准延期至9月底前"
JULY = dt.date(2021, 7, 31)


@pytest.fixture
def extended(db: Database, reported_year: ReportedYear) -> TaskNode:
    """A task behind the pace whose 6月底前 was extended to 9月底前, approved on 20 June."""
    task_id = reported_year.behind[0]
    june = tasks.update_task(db, task_id, DEADLINE.to(Deadline(dt.date(2021, 6, 30), "6月底前")))
    assert plan_marks(load_plan(db, reported_year.plan_id, as_of=JULY))[task_id].expected == 100
    return extensions.extend_deadline(db, task_id, Deadline(dt.date(2021, 9, 30), "9月底前"), "上级资金尚未下达",
                                      approved_on=dt.date(2021, 6, 20), expected_version=june.version)


def _export(db: Database, plan_id: int, kind: str, path: Path) -> Path:
    return export_plan(db, plan_id, kind, path, ExportOptions(as_of=JULY))


def test_the_pace_follows_the_extended_deadline(db: Database, reported_year: ReportedYear,
                                                extended: TaskNode) -> None:
    assert extended.deadline_shown == SHOWN
    tree = load_plan(db, reported_year.plan_id, as_of=JULY)
    [task] = [t for t in tree.walk() if t.id == extended.id]
    assert (task.deadline, task.is_overdue(JULY)) == (Deadline(dt.date(2021, 9, 30), "9月底前"), False)
    expected = plan_marks(tree)[extended.id].expected
    assert expected is not None and 0 < expected < 100


def test_word_excel_unit_sheets_and_json_print_the_original_and_the_new_deadline(
        db: Database, reported_year: ReportedYear, extended: TaskNode, tmp_path: Path) -> None:
    plan_id = reported_year.plan_id
    word = Document(str(_export(db, plan_id, "word", tmp_path / "要点.docx")))
    [paragraph] = [p.text for p in word.paragraphs if extended.title in p.text]
    assert f"（完成时限：{SHOWN}）" in paragraph

    sheet = load_workbook(_export(db, plan_id, "excel", tmp_path / "进展.xlsx")).active
    [row] = [r for r in sheet.iter_rows(values_only=True) if r[1] and str(r[1]).endswith(extended.title)]
    assert row[5] == SHOWN

    unit = extended.lead_units[0]
    units = load_workbook(export_plan(db, plan_id, "units", tmp_path / "股室.xlsx",
                                      ExportOptions(as_of=JULY, units=(unit,))))
    [unit_row] = [r for ws in units.worksheets for r in ws.iter_rows(values_only=True) if extended.title in r]
    assert SHOWN in unit_row

    data = json.loads(_export(db, plan_id, "json", tmp_path / "plan.json").read_text(encoding="utf-8"))
    [task] = [t for t in _walk(data["tasks"]) if t["title"] == extended.title]
    assert (task["deadline"], task["deadline_text"], task["deadline_shown"]) == ("2021-09-30", "9月底前", SHOWN)
    assert task["extensions"] == [{"old_deadline": "2021-06-30", "old_deadline_text": "6月底前",
                                   "new_deadline": "2021-09-30", "new_deadline_text": "9月底前",
                                   "reason": "上级资金尚未下达", "approved_on": "2021-06-20"}]


def _walk(tasks: list[dict]) -> list[dict]:
    return [node for task in tasks for node in (task, *_walk(task["children"]))]
