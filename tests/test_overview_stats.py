"""unit_stats: the overview tab's per-unit figures."""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.overview import unit_stats
from ecodesk.domain.plan import PlanTree, TaskNode, Unit
from ecodesk.domain.status import Status

TODAY = dt.date(2021, 6, 20)


def test_counts_led_co_done_overdue_in_unit_order() -> None:
    late = Deadline(dt.date(2021, 5, 31), "5月底前")
    plan = PlanTree(2021, "要点", units=[Unit("综合股"), Unit("大气股"), Unit("法规股")], tasks=[
        TaskNode("甲", lead_units=["大气股"], co_units=["综合股"], status=Status.DONE),
        TaskNode("乙", lead_units=["大气股"], deadline=late),
        TaskNode("丙", lead_units=["大气股"], co_units=["大气股", "监测站"], status=Status.CANCELLED),
    ])
    rows = {r.unit: r for r in unit_stats(plan, TODAY)}
    assert list(rows) == ["综合股", "大气股", "监测站"]  # idle 法规股 left out, unlisted 监测站 last
    air = rows["大气股"]
    assert (air.led, air.co, air.done, air.overdue, air.cancelled) == (3, 0, 1, 1, 1)
    assert air.completion_rate == 0.5
    assert rows["综合股"].completion_rate == 1.0
    assert rows["监测站"].completion_rate == 0.0
