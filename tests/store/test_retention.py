"""The backup retention rule: today and yesterday in full, then daily, weekly and monthly copies."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ecodesk.store.retention import backups_to_keep

NOW = dt.datetime(2026, 11, 23, 16, 0)  # a Monday


def hourly(days: int, now: dt.datetime = NOW) -> list[dt.datetime]:
    return [now - dt.timedelta(hours=h) for h in range(days * 24)]


def test_keeps_everything_from_today_and_yesterday() -> None:
    times = [dt.datetime(2026, 11, 22, 0, 0), dt.datetime(2026, 11, 22, 0, 1), NOW, NOW - dt.timedelta(minutes=5)]
    assert backups_to_keep(times, NOW) == set(times)


def test_a_year_of_hourly_copies_thins_out_to_the_schedule() -> None:
    kept = sorted(backups_to_keep(hourly(400), NOW), reverse=True)
    recent = [t for t in kept if t.date() >= dt.date(2026, 11, 22)]
    assert len(recent) == 17 + 24  # today until 16:00, all of yesterday
    older = [t for t in kept if t.date() < dt.date(2026, 11, 22)]
    daily = older[:12]
    assert [t.date() for t in daily] == [dt.date(2026, 11, 21) - dt.timedelta(days=i) for i in range(12)]
    assert all(t.hour == 23 for t in daily)  # the newest copy of each day
    weekly = [t for t in older[12:] if t.date() >= dt.date(2026, 8, 31)]
    sundays = [t for t in weekly if t.weekday() == 6 and t.hour == 23]  # Sunday 23:00 closes each week
    assert len(sundays) == 10
    # the last copy of a month is kept even inside the weekly window, so it is still there when it leaves it
    assert [t for t in weekly if t not in sundays] == [
        dt.datetime(2026, 10, 31, 23), dt.datetime(2026, 9, 30, 23), dt.datetime(2026, 8, 31, 23)]
    monthly = [t for t in older if t.date() < dt.date(2026, 8, 31)]
    assert len(monthly) == 9
    assert all((t + dt.timedelta(hours=1)).day == 1 for t in monthly)  # the last hour of each month
    assert len(kept) == len(recent) + 12 + len(weekly) + 9


def test_nothing_older_than_the_monthly_window_survives() -> None:
    ancient = NOW - dt.timedelta(days=800)
    assert backups_to_keep([ancient, ancient + dt.timedelta(days=1), NOW], NOW) == {NOW}
    assert backups_to_keep([ancient, ancient - dt.timedelta(days=1)], NOW) == {ancient}


def test_future_copies_from_a_wrong_clock_are_kept() -> None:
    future = NOW + dt.timedelta(days=3)
    assert future in backups_to_keep([future], NOW)


moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=NOW)


@settings(max_examples=100, deadline=None)
@given(times=st.lists(moments, max_size=60), later=st.timedeltas(min_value=dt.timedelta(0),
                                                                  max_value=dt.timedelta(days=500)))
def test_pruning_early_loses_nothing_a_later_pruning_keeps(times: list[dt.datetime], later: dt.timedelta) -> None:
    """Daily pruning equals one late pruning: a copy dropped today would never be wanted later."""
    first = backups_to_keep(times, NOW)
    assert first <= set(times)
    assert backups_to_keep(first, NOW) == first
    assert backups_to_keep(first, NOW + later) == backups_to_keep(times, NOW + later)


@settings(max_examples=50, deadline=None)
@given(times=st.lists(moments, min_size=1, max_size=60))
def test_the_newest_copy_is_always_kept(times: list[dt.datetime]) -> None:
    assert max(times) in backups_to_keep(times, NOW)
