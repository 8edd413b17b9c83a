"""One edit of every task field (tests/services/test_task_field_edits.py, tests/store/test_quick_read.py).

A field added to ecodesk.domain.task_fields.FIELDS without an edit here fails those tests: every field
must be shown to be written, read back by both read paths, audited and restored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import (
    CO_UNITS,
    DEADLINE,
    LEAD_UNITS,
    MEASURES,
    NOTES,
    PERCENT,
    STATUS,
    TITLE,
    TaskField,
)
from ecodesk.services import plans, tasks, units
from ecodesk.store.db import Database


@dataclass(frozen=True)
class FieldEdit:
    """What a clerk types into a field, what is stored, and the new value the audit log shows."""

    field: TaskField[Any]
    typed: object
    stored: object
    audited: str


EDITS = (
    FieldEdit(TITLE, " 加强\x0b监测 ", "加强监测", "加强监测"),
    FieldEdit(MEASURES, "一\x0b二\r\n三", "一二\n三", "一二\n三"),
    FieldEdit(NOTES, "\x07重点", "重点", "重点"),
    FieldEdit(PERCENT, 40, 40, "40"),
    FieldEdit(STATUS, Status.IN_PROGRESS, Status.IN_PROGRESS, "推进中"),
    FieldEdit(DEADLINE, Deadline(dt.date(2021, 6, 30), "6月底\x0c前"), Deadline(dt.date(2021, 6, 30), "6月底前"),
              "6月底前（2021-06-30）"),
    FieldEdit(LEAD_UNITS, ["生态股"], ["生态股"], '["生态股"]'),
    FieldEdit(CO_UNITS, ["综合股"], ["综合股"], '["综合股"]'),
)


def plan_with_a_task(db: Database) -> tuple[int, int]:
    """A plan with the units the edits name and one task with nothing filled in: (plan id, task id)."""
    info = plans.create_plan(db, year=2021, title="2021年工作要点", bureau="某县生态环境局")
    units.add_unit(db, "综合股")
    units.add_unit(db, "生态股")
    return info.id, tasks.add_task(db, info.id, title="原任务")


def edit_every_field(db: Database, task_id: int) -> None:
    for edit in EDITS:
        tasks.update_task(db, task_id, edit.field.to(edit.typed))
