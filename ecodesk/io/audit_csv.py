"""The audit log as a CSV file (UTF-8 with BOM, so Excel and WPS show the Chinese correctly).

Clerks open it in Excel, so formula-like values are written as text (ecodesk.io.cell_text), as the
.xlsx exports keep them.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ecodesk.domain.audit import AuditEntry
from ecodesk.io.atomic import atomic_write
from ecodesk.io.cell_text import csv_text

ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "restore": "恢复", "move": "移动",
           "merge": "合并", "import": "导入", "purge": "清除", "extend": "延期",
           "rollover": "新建下一年度"}
ENTITIES = {"task": "任务", "plan": "工作要点", "unit": "股室", "progress": "进展", "attachment": "附件"}
HEADER = ("时间", "操作人", "操作", "对象", "对象编号", "字段", "原值", "新值")


def local_time(at: dt.datetime) -> str:
    """Audit times are stored in UTC; clerks read them in local time."""
    return at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def audit_row(entry: AuditEntry) -> tuple[str, ...]:
    return (local_time(entry.at), entry.who, ACTIONS.get(entry.action, entry.action),
            ENTITIES.get(entry.entity, entry.entity), "" if entry.entity_id is None else str(entry.entity_id),
            entry.field, entry.old or "", entry.new or "")


def write_audit_csv(entries: Iterable[AuditEntry], path: Path) -> Path:
    with atomic_write(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows([csv_text(value) for value in audit_row(e)] for e in entries)
    return path
