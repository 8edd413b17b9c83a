import datetime as dt

import pytest

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.filters import TaskFilter
from ecodesk.domain.plan import PlanTree, TaskNode, stats_of
from ecodesk.domain.status import Status, display_status, is_due_soon

TODAY = dt.date(2021, 7, 1)


def task(title: str, status: Status = Status.NOT_STARTED, deadline: dt.date | None = None, **kw) -> TaskNode:
    return TaskNode(title=title, status=status, deadline=Deadline(deadline, "") if deadline else None, **kw)


def test_overdue_is_derived_from_deadline_and_status() -> None:
    past = dt.date(2021, 6, 30)
    assert display_status(Status.IN_PROGRESS, past, TODAY) == "已滞后"
    assert display_status(Status.DONE, past, TODAY) == "已完成"
    assert display_status(Status.CANCELLED, past, TODAY) == "已取消"
    assert display_status(Status.NOT_STARTED, None, TODAY) == "未开始"
    assert is_due_soon(Status.IN_PROGRESS, dt.date(2021, 7, 16), TODAY)
    assert not is_due_soon(Status.IN_PROGRESS, dt.date(2021, 7, 17), TODAY)


def test_status_parse_accepts_chinese_and_rejects_unknown() -> None:
    assert Status.parse("已完成") is Status.DONE
    assert Status.parse("done") is Status.DONE
    with pytest.raises(ValueError, match="未知的状态“完了”"):
        Status.parse("完了")


def test_filters_combine() -> None:
    a = task("大气污染防治", Status.IN_PROGRESS, dt.date(2021, 6, 30), lead_units=["综合股"])
    b = task("水污染防治", Status.DONE, dt.date(2021, 6, 30), co_units=["综合股"])
    c = task("土壤", Status.NOT_STARTED, dt.date(2021, 7, 20), lead_units=["生态股"])
    tasks = [a, b, c]
    assert [t for t in tasks if TaskFilter(unit="综合股").matches(t, TODAY)] == [a, b]
    assert [t for t in tasks if TaskFilter(unit="综合股", overdue_only=True).matches(t, TODAY)] == [a]
    assert [t for t in tasks if TaskFilter(due_this_month=True).matches(t, TODAY)] == [c]
    assert [t for t in tasks if TaskFilter(status="已滞后").matches(t, TODAY)] == [a]
    assert [t for t in tasks if TaskFilter(text="污染").matches(t, TODAY)] == [a, b]


def test_renumber_and_stats() -> None:
    plan = PlanTree(year=2021, title="t", tasks=[
        task("一", children=[task("a", Status.DONE), task("b", Status.CANCELLED)]),
        task("二", children=[task("c", children=[task("d", Status.IN_PROGRESS, dt.date(2021, 1, 1))])]),
    ])
    plan.renumber()
    assert [(t.number, t.path) for t in plan.walk()] == [
        ("一、", (1,)), ("（一）", (1, 1)), ("（二）", (1, 2)), ("二、", (2,)), ("（一）", (2, 1)), ("1.", (2, 1, 1)),
    ]
    stats = stats_of(plan.leaves(), TODAY)
    assert (stats.total, stats.done, stats.in_progress, stats.cancelled, stats.overdue) == (3, 1, 1, 1, 1)
    assert stats.completion_rate == 0.5
    assert plan.find((2, 1, 1)).title == "d"
    with pytest.raises(KeyError):
        plan.find((3,))
