"""延期: record an approved deadline extension, and take the latest back (the window's undo).

The task's deadline becomes the new one (so 序时 and 逾期 follow it) and a deadline_extensions row keeps
the one it replaced, with the reason and approval date; both in one transaction, audited as 延期.
"""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import UserError
from ecodesk.domain.extensions import checked_extension
from ecodesk.domain.plan import TaskNode
from ecodesk.domain.task_fields import DEADLINE
from ecodesk.services import audit
from ecodesk.services.rows import extension_of, row_value, write_field
from ecodesk.services.tasks import conflict_shows_current, expected_row, read_node
from ecodesk.store.db import Database
from ecodesk.store.models import ExtensionRow


def extend_deadline(db: Database, task_id: int, new: Deadline, reason: str, *, approved_on: dt.date | None = None,
                    expected_version: int | None = None) -> TaskNode:
    """Move the task's deadline to `new` as an approved 延期 for `reason`; the task as it now is.

    Refused (UserError) without a reason, without a date, or with a date not later than the present
    deadline's. `expected_version` guards against another clerk's change meanwhile (ConflictError).
    """
    with conflict_shows_current(db, task_id), db.session() as s:
        row = expected_row(s, task_id, expected_version)
        current = row_value(row, DEADLINE)
        extension = checked_extension(current, new, reason, approved_on)
        row.extension_rows.append(ExtensionRow(  # checked_extension made sure `current` is dated
            old_deadline=current.date if current else None, old_deadline_text=current.text if current else "",
            new_deadline=extension.new.date, new_deadline_text=extension.new.text, reason=extension.reason,
            approved_on=extension.approved_on))
        old, written = write_field(row, DEADLINE, extension.new)
        audit.record(s, action="extend", entity="task", entity_id=row.id, plan_id=row.plan_id,
                     field=DEADLINE.name, old=old, new=f"{written}；理由：{extension.reason}")
        s.flush()
        return read_node(s, row)


def undo_extension(db: Database, task_id: int, *, expected_version: int | None) -> TaskNode:
    """Take back the task's latest 延期: its record removed and the deadline it replaced put back."""
    with conflict_shows_current(db, task_id), db.session() as s:
        row = expected_row(s, task_id, expected_version)
        if not row.extension_rows:
            raise UserError("该任务没有可撤销的延期")
        latest = row.extension_rows.pop()  # deleted as an orphan when the session flushes
        old, new = write_field(row, DEADLINE, extension_of(latest).old)
        audit.record(s, action="update", entity="task", entity_id=row.id, plan_id=row.plan_id,
                     field=DEADLINE.name, old=old, new=new)
        s.flush()
        return read_node(s, row)
