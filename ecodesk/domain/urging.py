"""督办 and 催办: which tasks a 督办通知单 urges, how the urging escalates, how the slips are numbered.

A run of notices as of a day sends each 股室 one slip listing its tasks whose light is 红 or 黄 that day
(domain/reporting marks); a unit with none gets none. Slips are numbered in one sequence per plan, the
way 一事一单 offices number theirs: 督办〔2021〕第3号. Each urged task escalates as 三明's rule does: the
first slip on it is 蓝, the second 橙 (the 蓝 was not heeded), the third and later 红 — counted over the
earlier runs that urged the same task, whichever unit received them. A slip takes the colour of its most
escalated task.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from ecodesk.domain.pace import Light
from ecodesk.domain.reporting import TaskMark

URGED_LIGHTS = frozenset({Light.RED, Light.YELLOW})


class Level(IntEnum):
    """A slip's colour; the value is stored in the 催办 log."""

    BLUE = 1
    ORANGE = 2
    RED = 3

    @property
    def label(self) -> str:
        return "蓝橙红"[self - 1]

    @property
    def slip_name(self) -> str:
        return f"{self.label}单"


def level_after(times_urged: int) -> Level:
    """The level of a task urged `times_urged` times before: 蓝, then 橙, then 红 from the third on."""
    return Level(min(times_urged + 1, Level.RED))


def slip_code(year: int, number: int) -> str:
    return f"督办〔{year}〕第{number}号"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A leaf task as of the run's day, with the units that answer for it and its printed wording."""

    task_id: int
    label: str  # the number a clerk quotes, 三（三）2.5）
    title: str
    deadline: str
    units: tuple[str, ...]  # its lead units (inherited; 各股室 stands for every unit)
    mark: TaskMark
    last_report: str


@dataclass(frozen=True, slots=True)
class UrgedTask:
    """A task on a slip, at the level this run urges it."""

    task_id: int
    label: str
    title: str
    deadline: str
    expected: float | None
    actual: int
    last_report: str
    times: int  # this slip urges the task for the times-th time
    light: Light

    @property
    def level(self) -> Level:
        return level_after(self.times - 1)


@dataclass(frozen=True, slots=True)
class Slip:
    """One 督办通知单: to one unit, numbered, dated, listing its urged tasks in plan order."""

    unit: str
    year: int
    number: int
    issued_on: dt.date
    tasks: tuple[UrgedTask, ...]

    @property
    def level(self) -> Level:
        return max(t.level for t in self.tasks)

    @property
    def code(self) -> str:
        return slip_code(self.year, self.number)


def draft_slips(candidates: Iterable[Candidate], units: Sequence[str], urged_before: Mapping[int, int], *,
                year: int, first_number: int, issued_on: dt.date) -> list[Slip]:
    """The slips of one run: per unit (in the bureau's order `units`, then any other), its candidates whose
    light is 红 or 黄, numbered from `first_number`; `urged_before` counts each task's earlier runs."""
    by_unit: dict[str, list[UrgedTask]] = {}
    for c in candidates:
        if c.mark.light not in URGED_LIGHTS:
            continue
        urged = UrgedTask(c.task_id, c.label, c.title, c.deadline, c.mark.expected, c.mark.pace.actual,
                          c.last_report, urged_before.get(c.task_id, 0) + 1, c.mark.light)
        for unit in c.units:
            by_unit.setdefault(unit, []).append(urged)
    order = {name: i for i, name in enumerate(units)}
    chosen = sorted(by_unit, key=lambda u: (order.get(u, len(order)), u))
    return [Slip(unit, year, first_number + i, issued_on, tuple(by_unit[unit])) for i, unit in enumerate(chosen)]
