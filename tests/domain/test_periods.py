"""Reporting periods: their names, ends, 报送截止, the period before, and each round's first day."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.errors import UserError
from ecodesk.domain.periods import (
    PeriodKind,
    current_period,
    parse_period,
    plan_periods,
    previous_period,
    quarterly_periods,
    round_start,
)

D = dt.date


def test_the_four_cumulative_periods_of_a_year() -> None:
    periods = quarterly_periods(2021)
    assert [(p.key, p.label, p.start, p.end, p.due) for p in periods] == [
        ("2021-Q1", "2021年一季度", D(2021, 1, 1), D(2021, 3, 31), D(2021, 4, 5)),
        ("2021-H1", "2021年上半年", D(2021, 1, 1), D(2021, 6, 30), D(2021, 7, 5)),
        ("2021-Q3", "2021年前三季度", D(2021, 1, 1), D(2021, 9, 30), D(2021, 10, 5)),
        ("2021", "2021年全年", D(2021, 1, 1), D(2021, 12, 31), D(2022, 1, 5)),
    ]


@pytest.mark.parametrize(("key", "end", "kind"), [("2021-Q1", D(2021, 3, 31), PeriodKind.Q1),
                                                  ("2021-H1", D(2021, 6, 30), PeriodKind.H1),
                                                  ("2021-Q3", D(2021, 9, 30), PeriodKind.Q3),
                                                  ("2021", D(2021, 12, 31), PeriodKind.YEAR),
                                                  ("2024-02", D(2024, 2, 29), PeriodKind.MONTH),
                                                  (" 2021-05 ", D(2021, 5, 31), PeriodKind.MONTH)])
def test_period_names_the_command_line_takes(key: str, end: dt.date, kind: PeriodKind) -> None:
    period = parse_period(key)
    assert (period.end, period.kind) == (end, kind)
    assert parse_period(period.key) == period


@pytest.mark.parametrize("key", ["2021-Q2", "2021-H2", "2021-13", "2021-00", "21-H1", "上半年", ""])
def test_unknown_period_names_are_refused_naming_the_value(key: str) -> None:
    with pytest.raises(UserError, match=f"“{key}”" if key else "报告期"):
        parse_period(key)


def test_monthly_periods_sort_before_the_cumulative_period_ending_with_them() -> None:
    keys = [p.key for p in plan_periods(2021, monthly=True)]
    assert keys[:4] == ["2021-01", "2021-02", "2021-03", "2021-Q1"]
    assert keys[-2:] == ["2021-12", "2021"] and len(keys) == 16


def test_the_period_before_and_the_rounds_first_day() -> None:
    periods = plan_periods(2021, monthly=True)
    h1, q1 = parse_period("2021-H1"), parse_period("2021-Q1")
    assert previous_period(h1, periods) == q1
    assert previous_period(q1, periods) is None
    assert previous_period(parse_period("2021-05"), periods) == parse_period("2021-04")
    assert round_start(h1, periods) == D(2021, 4, 1)
    assert round_start(q1, periods) == D(2021, 1, 1)
    assert round_start(parse_period("2021"), periods) == D(2021, 10, 1)


def test_a_clerk_moves_the_due_date_but_not_before_the_periods_end() -> None:
    h1 = parse_period("2021-H1")
    assert h1.with_due(D(2021, 7, 10)).due == D(2021, 7, 10)
    with pytest.raises(UserError, match="早于"):
        h1.with_due(D(2021, 6, 29))


@pytest.mark.parametrize(("today", "key"), [(D(2021, 2, 1), "2021-Q1"), (D(2021, 4, 5), "2021-Q1"),
                                            (D(2021, 4, 6), "2021-H1"), (D(2021, 7, 3), "2021-H1"),
                                            (D(2021, 12, 20), "2021"), (D(2022, 3, 1), "2021")])
def test_the_period_being_reported_on_until_its_due_date(today: dt.date, key: str) -> None:
    assert current_period(plan_periods(2021, monthly=True), today).key == key
