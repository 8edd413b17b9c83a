"""A plan's periods and pace rule, stored: due dates moved, monthly on and off, the rule chosen; bad input
named in Chinese with nothing changed; the plan read with them."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.changes import PERIODS
from ecodesk.domain.errors import UserError
from ecodesk.domain.pace import SUQIAN, YINCHUAN, custom_rule
from ecodesk.services import periods, plans
from ecodesk.store.db import Database
from tests.services.test_audit_coverage import snapshot

D = dt.date


def test_the_default_periods_and_rule(db: Database) -> None:
    plan = plans.create_plan(db, year=2021)
    assert [(p.key, p.label, p.end, p.due) for p in periods.list_periods(db, plan.id)] == [
        ("2021-Q1", "2021年一季度", D(2021, 3, 31), D(2021, 4, 5)),
        ("2021-H1", "2021年上半年", D(2021, 6, 30), D(2021, 7, 5)),
        ("2021-Q3", "2021年前三季度", D(2021, 9, 30), D(2021, 10, 5)),
        ("2021", "2021年全年", D(2021, 12, 31), D(2022, 1, 5))]
    assert periods.pace_rule(db, plan.id) == YINCHUAN == plans.load_plan(db, plan.id).pace_rule


def test_due_dates_monthly_and_the_rule_are_kept(db: Database) -> None:
    plan = plans.create_plan(db, year=2021)
    assert periods.set_period_due(db, plan.id, "2021-H1", D(2021, 7, 10)) == PERIODS
    assert periods.set_monthly(db, plan.id, True) == PERIODS
    periods.set_period_due(db, plan.id, "2021-05", D(2021, 6, 3))
    periods.set_pace_rule(db, plan.id, custom_rule(5, 20, 10))
    listed = periods.list_periods(db, plan.id)
    assert len(listed) == 16 and [p.key for p in listed[:4]] == ["2021-01", "2021-02", "2021-03", "2021-Q1"]
    dues = {p.key: p.due for p in listed}
    assert (dues["2021-H1"], dues["2021-05"], dues["2021-06"]) == (D(2021, 7, 10), D(2021, 6, 3), D(2021, 7, 5))
    tree = plans.load_plan(db, plan.id)
    assert tree.periods == listed
    assert (tree.pace_rule.yellow_at, tree.pace_rule.red_above, tree.pace_rule.blue_within_days) == (5, 20, 10)
    periods.set_pace_rule(db, plan.id, SUQIAN)
    periods.set_period_due(db, plan.id, "2021-H1", D(2021, 7, 5))  # back to the default
    periods.set_monthly(db, plan.id, False)
    assert plans.load_plan(db, plan.id).pace_rule == SUQIAN
    assert [p.due for p in periods.list_periods(db, plan.id)][1] == D(2021, 7, 5)


@pytest.mark.parametrize(("call", "message"), [
    (lambda db, pid: periods.set_period_due(db, pid, "2021-H3", D(2021, 7, 9)), "无法识别的报告期“2021-H3”"),
    (lambda db, pid: periods.set_period_due(db, pid, "2022-H1", D(2022, 7, 9)), "报告期“2022-H1”不属于 2021 年"),
    (lambda db, pid: periods.set_period_due(db, pid, "2021-05", D(2021, 6, 9)), "未启用按月报告"),
    (lambda db, pid: periods.set_period_due(db, pid, "2021-H1", D(2021, 6, 29)), "2021-06-29 早于该期末"),
    (lambda db, pid: periods.set_period_due(db, pid, "2021", D(2023, 1, 5)), "2023-01-05 不在 2021 年或次年内"),
    (lambda db, pid: periods.set_pace_rule(db, pid, custom_rule(30, 10)), "黄 30，红 10"),
    (lambda db, pid: periods.set_pace_rule(db, pid, custom_rule(10, 130)), "红 130"),
])
def test_bad_input_is_named_and_changes_nothing(db: Database, call, message: str) -> None:  # type: ignore[no-untyped-def]
    plan = plans.create_plan(db, year=2021)
    before = snapshot(db)
    with pytest.raises(UserError, match=message):
        call(db, plan.id)
    assert snapshot(db) == before
