"""Task status: the four stored states and the derived 已滞后 (overdue)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Status(StrEnum):
    """A stored task status; the value is what clerks read and what exports print."""

    NOT_STARTED = "未开始"
    IN_PROGRESS = "推进中"
    DONE = "已完成"
    CANCELLED = "已取消"

    @classmethod
    def parse(cls, text: str) -> Status:
        """Accept the Chinese label or the English member name (for scripts)."""
        cleaned = text.strip()
        for status in cls:
            if cleaned in (status.value, status.name, status.name.lower()):
                return status
        choices = "、".join(s.value for s in cls)
        raise ValueError(f"未知的状态“{text}”，可选：{choices}")


OVERDUE_LABEL = "已滞后"
DUE_SOON_DAYS = 15


def is_closed(status: Status) -> bool:
    """Done and cancelled tasks can no longer fall behind."""
    return status in (Status.DONE, Status.CANCELLED)


def is_overdue(status: Status, deadline: dt.date | None, today: dt.date) -> bool:
    """已滞后: the deadline has passed and the task is not closed."""
    return deadline is not None and deadline < today and not is_closed(status)


def is_due_soon(status: Status, deadline: dt.date | None, today: dt.date) -> bool:
    """Due within DUE_SOON_DAYS and still open: the amber mark in the tree."""
    if deadline is None or is_closed(status):
        return False
    return today <= deadline <= today + dt.timedelta(days=DUE_SOON_DAYS)


def display_status(status: Status, deadline: dt.date | None, today: dt.date) -> str:
    """The label a clerk sees: the stored status, or 已滞后 when overdue."""
    return OVERDUE_LABEL if is_overdue(status, deadline, today) else status.value
