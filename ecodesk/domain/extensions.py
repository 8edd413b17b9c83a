"""延期: a deadline moved by approval, the original kept on record, and the words reports print for it.

A 延期 is asked for before the deadline, with a reason and a new date (../shared/docs/reporting-year.md);
the task's deadline becomes the new one, so the pace of the year (序时) and 逾期 follow it, while each
extension keeps the deadline it replaced. Reports print both: “原定6月底前，经批准延期至9月底前”.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from ecodesk.domain.deadlines import Deadline, format_cn_date
from ecodesk.domain.errors import UserError
from ecodesk.domain.text import clean_text


class Extension(NamedTuple):
    """One approved 延期: the deadline before it, the new one, why, and the day it was approved.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    old: Deadline | None
    new: Deadline
    reason: str
    approved_on: dt.date | None = None
    id: int | None = None


def deadline_words(deadline: Deadline | None) -> str:
    """A deadline as a document prints it: its wording, else its date (2021年9月30日), else nothing."""
    if deadline is None:
        return ""
    if deadline.text:
        return deadline.text
    return format_cn_date(deadline.date) if deadline.date else ""


def shown_deadline(deadline: Deadline | None, extensions: Sequence[Extension]) -> str:
    """The 完成时限 every export prints: the deadline's words, or after a 延期 the first deadline on record
    and the one now in force, “原定6月底前，经批准延期至9月底前”."""
    now = deadline_words(deadline)
    if not extensions:
        return now
    return f"原定{deadline_words(extensions[0].old)}，经批准延期至{now}"


def checked_extension(current: Deadline | None, new: Deadline, reason: str,
                      approved_on: dt.date | None) -> Extension:
    """An extension as it may be recorded: of a dated deadline, to a later date, for a reason. A task
    without a dated deadline (长期坚持) has nothing to extend: its deadline is simply edited."""
    reason = clean_text(reason).strip()
    if current is None or current.date is None:
        words = f"“{current.text}”" if current is not None and current.text else ""
        raise UserError(f"该任务的完成时限{words}没有具体日期，无法延期；如需设定时限，请直接修改完成时限")
    if not reason:
        raise UserError("延期须写明理由")
    if new.date is None:
        raise UserError(f"延期后的完成时限“{new.text}”没有具体日期，请写明日期，例如 2021-09-30")
    if new.date <= current.date:
        raise UserError(f"延期后的完成时限 {new.date.isoformat()} 应晚于原完成时限 {current.date.isoformat()}")
    return Extension(current, Deadline(new.date, clean_text(new.text).strip()), reason, approved_on)


def extension_line(extension: Extension) -> str:
    """One line of a task's 延期 history, as the detail panel lists it."""
    approved = f"{format_cn_date(extension.approved_on)}批准，" if extension.approved_on else ""
    return (f"{approved}由“{deadline_words(extension.old)}”延期至“{deadline_words(extension.new)}”："
            f"{extension.reason}")
