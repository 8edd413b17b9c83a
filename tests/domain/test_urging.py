"""The rules of 督办 without a database: 蓝, 橙, then 红 from the third urging on; only 红 and 黄 tasks urged;
one slip a unit in the bureau's order, numbered on; and the log's flag kept when changes are combined."""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.changes import EVERYTHING, Changes, tasks_changed
from ecodesk.domain.pace import Light, PaceState
from ecodesk.domain.reporting import TaskMark
from ecodesk.domain.urging import Candidate, Level, draft_slips, level_after, slip_code

DAY = dt.date(2021, 6, 30)


def candidate(task_id: int, light: Light, *units: str) -> Candidate:
    mark = TaskMark(PaceState(light, 49.6, 10), reported=True, needs_report=True)
    return Candidate(task_id, f"{task_id}.", f"任务{task_id}", "", units, mark, "6月30日：已部署。")


def test_levels_escalate_and_stay_red() -> None:
    assert [level_after(n) for n in range(5)] == [Level.BLUE, Level.ORANGE, Level.RED, Level.RED, Level.RED]
    assert [lv.slip_name for lv in Level] == ["蓝单", "橙单", "红单"]
    assert slip_code(2021, 3) == "督办〔2021〕第3号"


def test_slips_go_to_the_units_of_red_and_yellow_tasks_in_the_bureaus_order() -> None:
    found = [candidate(1, Light.RED, "生态股"), candidate(2, Light.GREEN, "综合股"), candidate(3, Light.BLUE, "综合股"),
             candidate(4, Light.YELLOW, "综合股", "生态股"), candidate(5, Light.DONE, "水气股"),
             candidate(6, Light.RED)]  # no lead unit: addressed to no one
    slips = draft_slips(found, ["综合股", "生态股", "水气股"], {4: 2}, year=2021, first_number=7, issued_on=DAY)
    assert [(s.code, s.unit, [t.task_id for t in s.tasks]) for s in slips] == [
        ("督办〔2021〕第7号", "综合股", [4]), ("督办〔2021〕第8号", "生态股", [1, 4])]
    assert [(t.times, t.level) for t in slips[1].tasks] == [(1, Level.BLUE), (3, Level.RED)]
    assert slips[1].level is Level.RED  # a slip takes its most escalated task's colour
    assert draft_slips([candidate(2, Light.GREEN, "综合股")], [], {}, year=2021, first_number=1, issued_on=DAY) == []


def test_the_log_flag_survives_combining_changes() -> None:
    combined = tasks_changed(3) | Changes(urgings=True)
    assert combined.urgings and combined.tasks == {3} and not combined.reloads_plan
    assert EVERYTHING.urgings
