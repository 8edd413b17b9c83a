"""Which period a plan opens on, the day a period is read as of, and 本期 vs 上期 per 股室."""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.pace import Light, PaceState
from ecodesk.domain.period_report import NO_LEAD, ChangeKind, PeriodComparison, compare_periods
from ecodesk.domain.periods import as_of_for, default_period, parse_period, plan_periods
from ecodesk.domain.plan import PlanTree, TaskNode, Unit
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.status import Status

D = dt.date
PERIODS = plan_periods(2021)


def test_a_period_over_is_read_as_of_its_last_day_and_a_running_one_as_it_stands() -> None:
    h1 = parse_period("2021-H1")
    assert as_of_for(h1, D(2021, 7, 3)) == D(2021, 6, 30)
    assert as_of_for(h1, D(2021, 6, 30)) is None  # its last day is today: nothing later is recorded
    assert as_of_for(None, D(2021, 7, 3)) is None  # 今天


def test_this_year_opens_on_the_period_being_reported_a_past_year_on_its_whole_year() -> None:
    assert default_period(PERIODS, 2021, D(2021, 6, 20)).key == "2021-H1"
    assert default_period(PERIODS, 2021, D(2021, 7, 3)).key == "2021-H1"  # 报送截止 7月5日 not yet passed
    assert default_period(PERIODS, 2021, D(2021, 7, 6)).key == "2021-Q3"
    assert default_period(plan_periods(2020), 2020, D(2021, 7, 6)).key == "2020"
    assert default_period(plan_periods(2022), 2022, D(2021, 7, 6)) is None


def _task(task_id: int, title: str, status: Status, percent: int, lead: list[str]) -> TaskNode:
    return TaskNode(title, lead_units=lead, deadline=Deadline(D(2021, 12, 31), "年底前"), status=status,
                    percent=percent, id=task_id, path=(task_id,))


def _mark(light: Light, reported: bool = True, open_: bool = True) -> TaskMark:
    return TaskMark(PaceState(light, 50.0, 0), reported, open_)


def _tree(*tasks: TaskNode) -> PlanTree:
    return PlanTree(2021, "计划", bureau="某局", tasks=list(tasks), units=[Unit("综合股"), Unit("大气股")])


def test_changes_are_listed_per_lead_unit_with_their_counts() -> None:
    both, air, general = ["综合股", "大气股"], ["大气股"], ["综合股"]
    before = _tree(_task(1, "甲", Status.IN_PROGRESS, 40, air), _task(2, "乙", Status.IN_PROGRESS, 20, general),
                   _task(3, "丙", Status.NOT_STARTED, 0, both), _task(4, "丁", Status.IN_PROGRESS, 50, []))
    after = _tree(_task(1, "甲", Status.DONE, 100, air), _task(2, "乙", Status.IN_PROGRESS, 20, general),
                  _task(3, "丙", Status.IN_PROGRESS, 30, both), _task(4, "丁", Status.IN_PROGRESS, 50, []),
                  _task(5, "戊", Status.NOT_STARTED, 0, general))
    before_marks = {1: _mark(Light.GREEN), 2: _mark(Light.GREEN), 3: _mark(Light.RED), 4: _mark(Light.GREEN)}
    after_marks = {1: _mark(Light.DONE, open_=False), 2: _mark(Light.YELLOW, reported=False), 3: _mark(Light.RED),
                   4: _mark(Light.GREEN), 5: _mark(Light.GREEN)}
    units = compare_periods(before, after, before_marks, after_marks)
    assert [u.unit for u in units] == ["综合股", "大气股"]  # the bureau's order; 丁 and 戊 changed nothing
    kinds = {(u.unit, t.title): t.kinds for u in units for t in u.tasks}
    assert kinds == {
        ("综合股", "乙"): {ChangeKind.BEHIND, ChangeKind.UNREPORTED},
        ("综合股", "丙"): {ChangeKind.STATUS, ChangeKind.PERCENT},  # red before: not newly behind
        ("大气股", "甲"): {ChangeKind.DONE, ChangeKind.PERCENT},
        ("大气股", "丙"): {ChangeKind.STATUS, ChangeKind.PERCENT},
    }
    zonghe = units[0]
    assert [zonghe.count(kind) for kind in (ChangeKind.PERCENT, ChangeKind.UNREPORTED, ChangeKind.DONE)] == [1, 1, 0]
    assert next(t for t in units[1].tasks if t.title == "甲").percent_change == 60
    comparison = PeriodComparison("某局", 2021, PERIODS[1], PERIODS[0], D(2021, 6, 30), D(2021, 3, 31), units)
    assert comparison.total(ChangeKind.STATUS) == 1  # 丙 once, though two units lead it
    assert comparison.title == "某局2021年上半年与一季度工作任务进展对比"


def test_a_task_without_a_lead_unit_is_listed_last_under_its_own_heading() -> None:
    before = _tree(_task(1, "甲", Status.NOT_STARTED, 0, []), _task(2, "乙", Status.NOT_STARTED, 0, ["综合股"]))
    after = _tree(_task(1, "甲", Status.IN_PROGRESS, 10, []), _task(2, "乙", Status.IN_PROGRESS, 10, ["综合股"]))
    marks = {1: _mark(Light.GREEN), 2: _mark(Light.GREEN)}
    assert [u.unit for u in compare_periods(before, after, marks, marks)] == ["综合股", NO_LEAD]
