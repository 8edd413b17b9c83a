"""The 进展征集 round trip as plain data: the table sent to a 股室, what comes back, and how each row is judged.

A sent table (`Form`) lists the tasks one unit answers for, each with the task's stable id and the version
it had when sent; its checksum binds plan, unit, period and those rows together, so a returned table whose
hidden sheet was edited by hand is not taken for another. A returned row (`FilledRow`) is what the 股室
wrote; `read_fill` checks its percent and status as a clerk would type them, and the service judges each
row one of `RowKind`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ecodesk.domain.periods import Period
from ecodesk.domain.status import Status
from ecodesk.domain.text import clean_text

FILL_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE)  # what a 股室 may report
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')


@dataclass(frozen=True, slots=True)
class FormRow:
    """One task on a sent table, as the 股室 reads it (上期进展 is the latest update as of the last period)."""

    task_id: int
    version: int
    number: str
    title: str
    measures: str
    deadline: str
    role: str  # 牵头, 配合, 牵头（各股室）…
    last_progress: str


@dataclass(frozen=True, slots=True)
class Form:
    """The 进展征集表 of one unit for one period."""

    plan_id: int
    year: int
    bureau: str
    unit: str
    period: Period
    sent_on: dt.date
    rows: tuple[FormRow, ...]

    @property
    def title(self) -> str:
        return f"{self.unit}{self.period.label}重点工作进展征集表"

    @property
    def file_name(self) -> str:
        """综合股-2021年上半年进展征集表.xlsx (a character Windows refuses in a name becomes _)."""
        return _NOT_IN_NAMES.sub("_", f"{self.unit}-{self.period.label}进展征集表.xlsx")

    @property
    def checksum(self) -> str:
        return form_checksum(self.plan_id, self.unit, self.period.key, ((r.task_id, r.version) for r in self.rows))


def form_checksum(plan_id: int, unit: str, period_key: str, rows: Iterable[tuple[int, int]]) -> str:
    """What ties a table's hidden facts together; any of them edited by hand no longer matches."""
    body = "|".join([str(plan_id), unit, period_key, *(f"{t}:{v}" for t, v in sorted(rows))])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class FormMeta:
    """The hidden sheet of a returned table: which plan, unit and period it was sent for, and each row's
    task version when sent."""

    plan_id: int
    unit: str
    period_key: str
    versions: dict[int, int]
    checksum: str

    @property
    def intact(self) -> bool:
        return self.checksum == form_checksum(self.plan_id, self.unit, self.period_key, self.versions.items())


@dataclass(frozen=True, slots=True)
class FilledRow:
    """A row of a returned table as read, before it is matched to a task (`line`: its row in the sheet)."""

    line: int
    task_id: int | None
    number: str
    title: str
    text: str
    percent: object
    status: object
    problems: str
    next_steps: str
    author: str

    @property
    def is_blank(self) -> bool:
        """Nothing filled in: the 股室 had nothing to report on this task."""
        return not (self.text or self.problems or self.next_steps or _filled(self.percent) or _filled(self.status))


@dataclass(frozen=True, slots=True)
class ReturnedTable:
    """A returned workbook as read: its hidden facts (None when the sheet was deleted), the lines above the
    table, and its task rows."""

    file_name: str
    meta: FormMeta | None
    title: str
    unit_line: str
    filled_on: dt.date | None
    rows: tuple[FilledRow, ...]


@dataclass(frozen=True, slots=True)
class Fill:
    """What a row reports, checked: text, percent and status as they will be recorded."""

    text: str
    percent: int | None
    status: Status | None
    problems: str
    next_steps: str

    def key(self) -> tuple[str, int | None, str, str, str]:
        return (self.text, self.percent, self.status.value if self.status else "", self.problems, self.next_steps)


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def tidy(value: object) -> str:
    """A cell's text as stored: control characters gone, line breaks as newlines, edges trimmed."""
    return "" if value is None else clean_text(str(value)).strip()


def read_fill(row: FilledRow) -> Fill:
    """The row's report, checked; ValueError names the cell that is wrong and its value. A row with a
    status or percent but no text is recorded with a line saying what was reported."""
    percent, status = _percent(row.percent), _status(row.status)
    text = row.text or "；".join(part for part in (f"状态：{status.value}" if status else "",
                                                  f"完成进度：{percent}%" if percent is not None else "") if part)
    return Fill(text, percent, status, row.problems, row.next_steps)


def _percent(value: object) -> int | None:
    """80, 80.0, "80", "80%"; a cell formatted as 百分比 holds 0.8."""
    if not _filled(value):
        return None
    if isinstance(value, int | float):
        number = float(value) * 100 if isinstance(value, float) and 0 < value < 1 else float(value)
    else:
        try:
            number = float(str(value).strip().rstrip("%％"))
        except ValueError:
            number = -1.0
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValueError(f"完成进度“{value}”应为 0–100 的整数")
    return int(number)


def _status(value: object) -> Status | None:
    if not _filled(value):
        return None
    try:
        return Status.parse(str(value))
    except ValueError:
        choices = "、".join(s.value for s in FILL_STATUSES)
        raise ValueError(f"状态“{value}”不是可选的状态（{choices}）") from None


class RowKind(StrEnum):
    """How a returned row is judged."""

    NEW = "新进展"
    SAME = "与已接收的相同"
    BLANK = "未填写"
    UNMATCHED = "未匹配"
    CONFLICT = "冲突"


@dataclass(frozen=True, slots=True)
class RowVerdict:
    """A returned row, matched and judged: the task it reports on, what it reports and why it is so judged."""

    line: int
    kind: RowKind
    task_id: int | None = None
    label: str = ""  # 任务编号 and title, as the preview shows the task
    fill: Fill | None = None
    author: str = ""
    reason: str = ""

    @property
    def recordable(self) -> bool:
        """A row the clerk may accept: new, or in conflict (the clerk decides)."""
        return self.fill is not None and self.kind in (RowKind.NEW, RowKind.CONFLICT)


@dataclass(frozen=True, slots=True)
class ReturnPreview:
    """One returned file, judged row by row before anything is written."""

    file_name: str
    plan_id: int
    unit: str
    period: Period
    day: dt.date  # the date its updates take: the date filled in (not after the period's end), else the end
    filled_on: dt.date | None
    digest: str
    received_at: dt.datetime | None  # when the same table was received before
    rows: tuple[RowVerdict, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        """Nothing reported in any row: a table sent back unfilled is no return."""
        return not any(r.fill for r in self.rows)

    def count(self, kind: RowKind) -> int:
        return sum(1 for r in self.rows if r.kind is kind)

    def default_accepted(self) -> frozenset[int]:
        """The lines recorded unless the clerk says otherwise: the new ones (a conflict waits for a tick)."""
        return frozenset(r.line for r in self.rows if r.kind is RowKind.NEW)

    def summary(self) -> str:
        """One line for the command line and the window: unit, period and the rows by kind."""
        counts = "，".join(f"{kind.value} {self.count(kind)} 行" for kind in RowKind if self.count(kind))
        again = f"（已于 {local_minute(self.received_at)} 接收过）" if self.received_at else ""
        return f"{self.file_name}：{self.unit}，{self.period.label}，{counts or '没有任务行'}{again}"


def local_minute(utc: dt.datetime) -> str:
    """A stored (UTC) time as the clerk's clock shows it: 2021-07-03 09:15."""
    return utc.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def return_digest(unit: str, period_key: str, filled_on: dt.date | None,
                  rows: Iterable[tuple[int | None, str, Fill | None, str]]) -> str:
    """What identifies a returned table's content (not its bytes: a re-save in WPS changes every byte)."""
    parts = [unit, period_key, filled_on.isoformat() if filled_on else ""]
    for task_id, label, fill, author in sorted(rows, key=lambda r: (r[0] or 0, r[1])):
        parts.append(repr((task_id, label, fill.key() if fill else None, author)))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
