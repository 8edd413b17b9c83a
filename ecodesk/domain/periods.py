"""Reporting periods: 一季度, 上半年, 前三季度, 全年 (and months), each reported "as of" its last day.

A bureau's periods are cumulative from the year's first day (前三季度 is January to September), since its
reports are: the plan "as of" a period's end is the plan on that day. Each round of collection covers the
days since the previous period ended (`round_start`): a task without an update dated in that round is 未报.
Each period has a 报送截止 (the day the 股室 return their tables), by default the 5th of the month after it
ends, as the rules found in practice set; the clerk can move it.

Periods are named by keys the command line takes: 2021-Q1, 2021-H1, 2021-Q3 (前三季度), 2021 (全年) and
2021-05 (a month).

A period not yet over is read as the plan stands now: nothing later than today is recorded, and a running
period's report is the latest standing. A period over is read as of its last day (`as_of_for`). A plan of the
current year opens on the period being reported (`current_period`: in early July still 上半年), a past
year's plan on its 全年, a future year's on today (`default_period`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from ecodesk.domain.errors import UserError

DUE_DAY = 5  # 报送截止: this day of the month after the period ends


class PeriodKind(StrEnum):
    Q1 = "Q1"
    H1 = "H1"
    Q3 = "Q3"
    YEAR = "Y"
    MONTH = "M"


_QUARTERLY = ((PeriodKind.Q1, 3, "一季度"), (PeriodKind.H1, 6, "上半年"), (PeriodKind.Q3, 9, "前三季度"),
              (PeriodKind.YEAR, 12, "全年"))
_KEY = r"(\d{4})(?:-(Q1|H1|Q3|\d{2}))?"  # compiled on first use: the window imports this module at start


class Period(NamedTuple):
    """One reporting period of a plan year: cumulative from January 1st to `end`, due on `due`.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    year: int
    kind: PeriodKind
    end: dt.date
    due: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def key(self) -> str:
        """The name the command line takes: 2021-H1, 2021, 2021-05."""
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.end.month:02d}"
        return f"{self.year}-{self.kind.value}"

    @property
    def label(self) -> str:
        """What the window and the documents call it: 2021年上半年, 2021年5月."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}年{self.end.month}月"
        return f"{self.year}年{next(name for kind, _m, name in _QUARTERLY if kind is self.kind)}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def with_due(self, due: dt.date) -> Period:
        """The same period with the 报送截止 the clerk set."""
        if due < self.end:
            raise UserError(f"{self.label}的报送截止日期 {due.isoformat()} 早于该期末 {self.end.isoformat()}")
        return Period(self.year, self.kind, self.end, due)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _default_due(end: dt.date) -> dt.date:
    return end + dt.timedelta(days=DUE_DAY)  # every period ends on a month's last day


def quarterly_periods(year: int) -> list[Period]:
    """The four cumulative periods every plan has: 一季度, 上半年, 前三季度, 全年."""
    return [Period(year, kind, _month_end(year, month), _default_due(_month_end(year, month)))
            for kind, month, _name in _QUARTERLY]


def month_period(year: int, month: int) -> Period:
    end = _month_end(year, month)
    return Period(year, PeriodKind.MONTH, end, _default_due(end))


def plan_periods(year: int, monthly: bool = False, dues: Mapping[str, dt.date] | None = None) -> list[Period]:
    """A plan's periods in the order they end (a quarter's end month before its cumulative period), with
    the 报送截止 the clerk moved (`dues` by key; checked when set)."""
    periods = quarterly_periods(year)
    if monthly:
        periods += [month_period(year, m) for m in range(1, 13)]
    moved = dues or {}
    periods = [Period(p.year, p.kind, p.end, moved.get(p.key, p.due)) for p in periods]
    return sorted(periods, key=lambda p: (p.end, p.kind is not PeriodKind.MONTH))


def parse_period(key: str) -> Period:
    """2021-Q1, 2021-H1, 2021-Q3, 2021 or 2021-05; anything else is refused naming the value."""
    match = re.fullmatch(_KEY, key.strip())
    if match is None:
        raise UserError(f"无法识别的报告期“{key}”，应为 2021-Q1（一季度）、2021-H1（上半年）、"
                        "2021-Q3（前三季度）、2021（全年）或 2021-05（月份）")
    year, part = int(match[1]), match[2]
    if part is None:
        return quarterly_periods(year)[-1]
    if part.isdigit():
        if not 1 <= int(part) <= 12:
            raise UserError(f"报告期“{key}”中的月份 {part} 不存在")
        return month_period(year, int(part))
    return next(p for p in quarterly_periods(year) if p.kind.value == part)


def previous_period(period: Period, periods: list[Period]) -> Period | None:
    """The period of the same kind family reported before `period` (上期): the month before a month, the
    cumulative period before a cumulative one; None for the first of the year."""
    same_family = [p for p in periods if (p.kind is PeriodKind.MONTH) == (period.kind is PeriodKind.MONTH)]
    earlier = [p for p in same_family if p.end < period.end]
    return max(earlier, key=lambda p: p.end, default=None)


def round_start(period: Period, periods: list[Period]) -> dt.date:
    """The first day of this period's round of collection: the day after the previous period ended."""
    before = previous_period(period, periods)
    return before.end + dt.timedelta(days=1) if before is not None else period.start


def period_of_day(periods: list[Period], day: dt.date) -> Period:
    """The period a report as of `day` belongs to: the first to end on or after it (a month before its
    quarter when monthly periods are kept), the last one after the year's end."""
    return next((p for p in periods if day <= p.end), periods[-1])


def period_named(key: str, periods: list[Period]) -> Period:
    """The plan's period `key` names (with the 报送截止 the clerk set); a month the plan does not report
    monthly on is still a period to look at, with the default due date."""
    wanted = parse_period(key)
    return next((p for p in periods if p.key == wanted.key), wanted)


def current_period(periods: list[Period], today: dt.date) -> Period:
    """The period a clerk is reporting on today: the first whose 报送截止 has not passed (the last one after
    the year's last), so that in early July the 上半年 report is still the one being prepared."""
    quarterly = [p for p in periods if p.kind is not PeriodKind.MONTH] or periods
    return next((p for p in quarterly if today <= p.due), quarterly[-1])


def default_progress_date(today: dt.date, year: int | None) -> dt.date:
    """Today when it falls in the plan's year; for another year's plan (a past year's late reports),
    the year's last day, so the clerk is not handed a date outside the plan."""
    return today if year is None or today.year == year else dt.date(year, 12, 31)


def as_of_for(period: Period | None, today: dt.date) -> dt.date | None:
    """The day a period is read as of: its last day once it is over, else None (the plan as it stands)."""
    return period.end if period is not None and period.end < today else None


def default_period(periods: list[Period], year: int, today: dt.date) -> Period | None:
    """The period a plan opens on: this year's period being reported, a past year's 全年, else None (今天)."""
    if year == today.year:
        return current_period(periods, today)
    if year < today.year:
        return next((p for p in periods if p.kind is PeriodKind.YEAR), None)
    return None
