"""A task in a reporting period: its light and 序时 under the plan's rule, and 未报 (no update in the
period's round); and a plan shown as of a day, parents derived from their children."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.history import Standing, StatusChange
from ecodesk.domain.pace import SUQIAN, YINCHUAN, Light, PaceRule
from ecodesk.domain.periods import parse_period, plan_periods
from ecodesk.domain.plan import PlanTree, ProgressEntry, TaskNode
from ecodesk.domain.reporting import plan_marks, show_as_of, task_mark
from ecodesk.domain.status import Status

D = dt.date
DAY = D(2021, 5, 30)  # day 150 of a 300-day window ending 10-27: 序时 50 %
DEADLINE = Deadline(D(2021, 10, 27), "10月底前")
PERIODS = plan_periods(2021, monthly=True)


def mark(percent: int, rule: PaceRule, progress: list[ProgressEntry] | None = None, status: Status = Status.IN_PROGRESS,
         period: str = "2021-05", day: dt.date = DAY):  # type: ignore[no-untyped-def]
    task = TaskNode("任务", deadline=DEADLINE, status=status, percent=percent, progress=progress or [])
    return task_mark(task, year=2021, as_of=day, rule=rule, period=parse_period(period), periods=PERIODS)


@pytest.mark.parametrize(("percent", "yinchuan", "suqian"), [
    (60, Light.GREEN, Light.GREEN), (50, Light.GREEN, Light.GREEN), (41, Light.GREEN, Light.YELLOW),
    (40, Light.YELLOW, Light.YELLOW), (20, Light.YELLOW, Light.YELLOW), (19, Light.RED, Light.YELLOW)])
def test_lights_of_a_task_for_both_presets(percent: int, yinchuan: Light, suqian: Light) -> None:
    assert mark(percent, YINCHUAN).expected == 50.0
    assert (mark(percent, YINCHUAN).light, mark(percent, SUQIAN).light) == (yinchuan, suqian)


def test_unreported_is_no_update_in_the_round() -> None:
    march = [ProgressEntry(D(2021, 3, 15), "三月")]
    assert mark(50, YINCHUAN, march, period="2021-Q1", day=D(2021, 3, 31)).reported
    h1 = mark(70, YINCHUAN, march, period="2021-H1", day=D(2021, 6, 30))  # round: 4-1 … 6-30
    assert (h1.reported, h1.unreported, h1.light) == (False, True, Light.GREEN)  # 未报 is its own count
    assert mark(50, YINCHUAN, march, period="2021-03", day=D(2021, 3, 31)).reported
    assert not mark(50, YINCHUAN, march, period="2021-04", day=D(2021, 4, 30)).reported
    done = mark(100, YINCHUAN, march, status=Status.DONE, period="2021-H1", day=D(2021, 6, 30))
    assert (done.light, done.reported, done.unreported) == (Light.DONE, False, False)  # closed: nothing to report


def test_a_plan_as_of_a_day_and_its_marks() -> None:
    changes = [StatusChange(D(2021, 2, 1), 1, Standing(Status.IN_PROGRESS, 40)),
               StatusChange(D(2021, 8, 1), 2, Standing(Status.DONE, 100))]
    child = TaskNode("子任务", id=2, deadline=DEADLINE, status=Status.DONE, percent=100, history=changes,
                     progress=[ProgressEntry(D(2021, 5, 2), "五月"), ProgressEntry(D(2021, 8, 1), "完成")])
    idle = TaskNode("未动", id=3, deadline=DEADLINE)
    parent = TaskNode("父任务", id=1, status=Status.DONE, percent=100, children=[child, idle])
    tree = PlanTree(2021, "2021年工作要点", tasks=[parent], pace_rule=SUQIAN, as_of=D(2021, 6, 30))
    show_as_of(tree.tasks, D(2021, 6, 30))
    assert [(t.status, t.percent) for t in tree.walk()] == [
        (Status.IN_PROGRESS, 20), (Status.IN_PROGRESS, 40), (Status.NOT_STARTED, 0)]
    assert [p.text for p in child.progress] == ["五月"] and child.history == changes[:1]
    marks = plan_marks(tree)  # the plan's rule (宿迁) and the period 6-30 falls in (上半年)
    assert [marks[i].light for i in (1, 2, 3)] == [Light.YELLOW] * 3
    assert [marks[i].reported for i in (1, 2, 3)] == [True, True, False]  # a parent reports through its children
    with pytest.raises(ValueError, match="needs the day"):
        plan_marks(PlanTree(2021, "无日期"))


def test_a_plan_as_of_a_day_has_the_deadlines_then_in_force() -> None:
    """A 延期 approved on 6-20 had not moved the deadline by 3-31: the 一季度 view prints 6月底前 and measures
    its 序时 against it; the 上半年 view (6-30) prints the extension."""
    from ecodesk.domain.extensions import Extension

    june, sept, dec = (Deadline(D(2021, m, d), f"{m}月底前") for m, d in ((6, 30), (9, 30), (12, 31)))
    moved = [Extension(june, sept, "资金未到位", D(2021, 6, 20)), Extension(sept, dec, "施工延误", D(2021, 9, 10))]

    def as_of(day: dt.date) -> TaskNode:
        task = TaskNode("完成农村生活污水治理", id=1, deadline=dec, extensions=list(moved))
        show_as_of([task], day)
        return task

    march = as_of(D(2021, 3, 31))
    assert (march.deadline, march.extensions, march.deadline_shown) == (june, [], "6月底前")
    assert as_of(D(2021, 6, 30)).deadline_shown == "原定6月底前，经批准延期至9月底前"
    assert as_of(D(2021, 12, 31)).deadline_shown == "原定6月底前，经批准延期至12月底前"
    march_mark = task_mark(march, year=2021, as_of=D(2021, 3, 31), rule=YINCHUAN, period=parse_period("2021-Q1"),
                           periods=PERIODS)
    assert march_mark.expected == pytest.approx(100 * 89 / 180, abs=1)  # 1-1 … 3-31 of 1-1 … 6-30
