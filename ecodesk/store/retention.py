"""Which automatic backups to keep: everything from today and yesterday, then one a day for 12 days,
one a week for 10 weeks and one a month for 9 months; the newest copy is never deleted.

Buckets are calendar days, ISO weeks (Monday first) and calendar months, and each keeps its newest copy.
Because the newest copy of a month is also the newest of its week and of its day, a copy kept today is
exactly one that later rotations still want: pruning every day loses nothing a single late pruning would keep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

DAILY_DAYS = 12
WEEKLY_WEEKS = 10
MONTHLY_MONTHS = 9

_ONE_DAY = dt.timedelta(days=1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def window_starts(today: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """First day kept entirely, then the first day of the daily, weekly and monthly windows.

    Each window holds its full count of whole buckets before the next finer window begins; the week
    (month) in which that finer window starts is covered by the finer copies.
    """
    keep_all = today - _ONE_DAY
    daily = keep_all - dt.timedelta(days=DAILY_DAYS)
    weekly = _monday(daily) - dt.timedelta(weeks=WEEKLY_WEEKS)
    monthly = _months_back(_month_start(weekly), MONTHLY_MONTHS)
    return keep_all, daily, weekly, monthly


def _newest_per_bucket(
    newest_first: list[dt.datetime], bucket: Callable[[dt.date], dt.date], since: dt.date
) -> set[dt.datetime]:
    kept: dict[dt.date, dt.datetime] = {}
    for moment in newest_first:
        if moment.date() >= since:
            kept.setdefault(bucket(moment.date()), moment)
    return set(kept.values())


def backups_to_keep(times: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """The subset of backup times to keep at `now`; the rest may be deleted."""
    newest_first = sorted(set(times), reverse=True)
    keep_all, daily, weekly, monthly = window_starts(now.date())
    keep = set(newest_first[:1])  # however old: the only copy of a database left unused for years
    keep |= {t for t in newest_first if t.date() >= keep_all}
    keep |= _newest_per_bucket(newest_first, lambda d: d, daily)
    keep |= _newest_per_bucket(newest_first, _monday, weekly)
    keep |= _newest_per_bucket(newest_first, _month_start, monthly)
    return keep
