"""主要目标 with actual values, on SQLite and PostgreSQL: `ecodesk target set/list` record and show a target's
figure per period with 达标/未达标, a later period's figure never shows as of an earlier one, the window's way
(the whole list, undone by the list as it was) keeps the values, and bad input is refused in Chinese."""

from __future__ import annotations

import re

import pytest

from ecodesk.domain.errors import UserError
from ecodesk.domain.periods import parse_period
from ecodesk.domain.plan import Target, TargetValue
from ecodesk.services import audit, plans, targets
from ecodesk.store.db import Database
from tests.conftest import run_cli


def _plan(db: Database) -> int:
    info = plans.create_plan(db, year=2021, bureau="测试生态环境局")
    plans.set_targets(db, info.id, [Target("PM2.5 年均浓度 34 微克/立方米以下", "环境空气"),
                                    Target("优良天数比例 90%")])
    return info.id


def test_values_by_period_and_as_of(target_db: Database) -> None:
    plan_id = _plan(target_db)
    targets.set_target_value(target_db, plan_id, 1, TargetValue("2021-H1", "26 μg/m³", True))
    targets.set_target_value(target_db, plan_id, 1, TargetValue("2021-Q3", "36 μg/m³", False))
    targets.set_target_value(target_db, plan_id, 1, TargetValue("2021-H1", "27 μg/m³", True))  # corrected
    pm25, good_days = plans.load_targets(target_db, plan_id)
    assert [(v.period, v.value, v.judgement) for v in pm25.values] == [("2021-H1", "27 μg/m³", "达标"),
                                                                       ("2021-Q3", "36 μg/m³", "未达标")]
    assert pm25.value_as_of(parse_period("2021-H1").end).value == "27 μg/m³"  # never the 前三季度 figure
    assert pm25.value_as_of(parse_period("2021-Q1").end) is None
    assert good_days.values == []
    tree = plans.load_plan(target_db, plan_id, as_of=parse_period("2021-H1").end)
    assert [v.value for v in tree.targets[0].values] == ["27 μg/m³", "36 μg/m³"]  # the documents choose
    fields = [(e.field, e.old, e.new) for e in audit.plan_log(target_db, plan_id) if e.entity == "target"]
    assert ("实际值 2021-H1", "26 μg/m³（达标）", "27 μg/m³（达标）") in fields


def test_editing_the_list_keeps_the_values(target_db: Database) -> None:
    plan_id = _plan(target_db)
    targets.set_target_value(target_db, plan_id, 2, TargetValue("2021-H1", "90.1%", True))
    before = plans.load_targets(target_db, plan_id)
    edited = [before[0], Target("优良天数比例力争 90%", "", before[1].id, before[1].values)]
    plans.set_targets(target_db, plan_id, edited)
    assert [v.value for v in plans.load_targets(target_db, plan_id)[1].values] == ["90.1%"]
    plans.set_targets(target_db, plan_id, [before[0], before[1].with_value(TargetValue("2021-H1", ""))])
    assert plans.load_targets(target_db, plan_id)[1].values == []  # an emptied value is gone
    plans.set_targets(target_db, plan_id, before)  # the window's undo
    assert [(t.text, [v.value for v in t.values]) for t in plans.load_targets(target_db, plan_id)] == [
        ("PM2.5 年均浓度 34 微克/立方米以下", []), ("优良天数比例 90%", ["90.1%"])]


BAD = [
    (3, TargetValue("2021-H1", "26"), "没有第 3 项主要目标（2021年度共 2 项"),
    (1, TargetValue("2022-H1", "26"), "报告期“2022-H1”不在2021年度内"),
    (1, TargetValue("2021-H3", "26"), "无法识别的报告期“2021-H3”"),
    (1, TargetValue("2021-H1", "  "), "第 1 项主要目标的实际值为空"),
]


def test_bad_input_is_refused(target_db: Database) -> None:
    plan_id = _plan(target_db)
    for number, value, message in BAD:
        with pytest.raises(UserError, match=re.escape(message)):
            targets.set_target_value(target_db, plan_id, number, value)
    assert all(t.values == [] for t in plans.load_targets(target_db, plan_id))


def test_target_set_and_list_from_the_command_line(target_db: Database, db_target: str) -> None:
    _plan(target_db)
    target_db.close()
    done = run_cli("target", "set", "1", "--year", "2021", "--period", "2021-H1", "--value", "26 μg/m³", "--met",
                   "--db", db_target)
    assert done.returncode == 0, done.stderr
    run_cli("target", "set", "2", "--period", "2021-Q3", "--value", "88.0%", "--not-met", "--db", db_target)
    listed = run_cli("target", "list", "--db", db_target).stdout.splitlines()
    assert listed == ["1\t[环境空气] PM2.5 年均浓度 34 微克/立方米以下\t2021-H1 26 μg/m³ 达标",
                      "2\t优良天数比例 90%\t2021-Q3 88.0% 未达标"]
    as_of_h1 = run_cli("target", "list", "--period", "2021-H1", "--db", db_target).stdout.splitlines()
    assert as_of_h1[1] == "2\t优良天数比例 90%\t未填实际值"
    refused = run_cli("target", "set", "9", "--period", "2021-H1", "--value", "1", "--db", db_target)
    assert refused.returncode != 0 and "没有第 9 项主要目标" in refused.stderr and "Traceback" not in refused.stderr
