"""序时进度: the pace of the year, and the lights a bureau's 通报 colours tasks by.

A task is on pace when its percent is at least the elapsed share of its window: from its start (the plan
year's first day unless set) to its deadline, or to the year's end when it has none. A task to be kept up
all year (长期坚持, a deadline wording without a date) has no pace. Days count whole: on its deadline a
task is expected at 100 %, on its first day at one day's share.

The lights follow the rules bureaus publish. 银川 (the default): 黄 when 10 to 30 points behind, 红 when
more than 30 behind or overdue. 宿迁: 黄 as soon as it falls behind, 红 only when overdue. Both: 蓝 when due
within 15 days and not yet done (unless already 黄 or 红), 绿 otherwise; done tasks are 已完成.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import UserError
from ecodesk.domain.status import Status, is_closed


class Light(StrEnum):
    """A task's light; the value is the `light` key of `export json`."""

    DONE = "done"
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    GREEN = "green"
    NONE = "none"  # 长期坚持: no pace to be measured against

    @property
    def label(self) -> str:
        return _LIGHT_LABELS[self]


_LIGHT_LABELS = {Light.DONE: "已完成", Light.RED: "红", Light.YELLOW: "黄", Light.BLUE: "蓝", Light.GREEN: "绿",
                 Light.NONE: "无序时要求"}


@dataclass(frozen=True, slots=True)
class PaceRule:
    """When a light turns: 黄 from `yellow_at` points behind, 红 beyond `red_above` points (None: only when
    overdue), 蓝 within `blue_within_days` of the deadline. Points are compared to one decimal."""

    name: str
    yellow_at: float
    red_above: float | None
    blue_within_days: int = 15

    def __post_init__(self) -> None:
        red_ok = self.red_above is None or self.yellow_at <= self.red_above <= 100
        if not 0 < self.yellow_at <= 100 or not red_ok or not 0 <= self.blue_within_days <= 366:
            raise UserError(f"序时进度规则“{self.name}”的阈值不合理：黄 {self.yellow_at}，红 {self.red_above}，"
                            f"蓝 {self.blue_within_days} 天（应满足 0 < 黄 ≤ 红 ≤ 100，蓝为 0 至 366 天）")


YINCHUAN = PaceRule("银川（落后10–30个百分点为黄，30以上为红）", yellow_at=10, red_above=30)
SUQIAN = PaceRule("宿迁（落后即黄，逾期为红）", yellow_at=0.1, red_above=None)
PRESETS = (YINCHUAN, SUQIAN)
PRESET_KEYS = {"yinchuan": YINCHUAN, "suqian": SUQIAN}  # as a plan stores its choice
CUSTOM = "custom"


def custom_rule(yellow_at: float, red_above: float | None, blue_within_days: int = 15) -> PaceRule:
    """A plan's own thresholds; out of order or outside 0–100 points is refused naming the values."""
    return PaceRule(f"自定义（落后{yellow_at:g}个百分点为黄" + ("" if red_above is None else f"，{red_above:g}以上为红")
                    + "）", yellow_at, red_above, blue_within_days)


def stored_rule(preset: str, yellow_at: float | None, red_above: float | None, blue_days: int | None) -> PaceRule:
    """The rule a plan keeps: a preset by its key, else its custom thresholds."""
    if preset in PRESET_KEYS or yellow_at is None:
        return PRESET_KEYS.get(preset, YINCHUAN)
    return custom_rule(yellow_at, red_above, blue_days if blue_days is not None else 15)


def rule_key(rule: PaceRule) -> str:
    """The key a plan stores for `rule`: a preset's, or CUSTOM."""
    return next((key for key, preset in PRESET_KEYS.items() if preset == rule), CUSTOM)


def expected_percent(deadline: Deadline | None, year: int, as_of: dt.date,
                     start: dt.date | None = None) -> float | None:
    """The percent a task should have reached by the end of `as_of`, to one decimal; None for 长期坚持
    (a deadline wording without a date). `start` defaults to the plan year's first day."""
    if deadline is not None and deadline.is_open_ended:
        return None
    first = start or dt.date(year, 1, 1)
    end = deadline.date if deadline is not None and deadline.date is not None else dt.date(year, 12, 31)
    if as_of < first:
        return 0.0
    if as_of >= end or end <= first:
        return 100.0
    elapsed = (as_of - first).days + 1
    return round(100 * elapsed / ((end - first).days + 1), 1)


class PaceState(NamedTuple):
    """What a task looks like against the pace of the year as of one day.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    light: Light
    expected: float | None
    actual: int

    @property
    def behind(self) -> float | None:
        """Points behind the pace (negative: ahead); None without a pace."""
        return None if self.expected is None else round(self.expected - self.actual, 1)

    @property
    def summary(self) -> str:
        """实际 40% / 应 50%: what `ecodesk task list` shows."""
        return f"实际 {self.short}"

    @property
    def short(self) -> str:
        """40% / 应 50%: the tree's 序时 cell, narrow enough for a small screen (its header's tooltip says
        which is which)."""
        return f"{self.actual}%" + ("" if self.expected is None else f" / 应 {self.expected:g}%")


def pace_state(status: Status, percent: int, deadline: dt.date | None, expected: float | None,
               as_of: dt.date, rule: PaceRule = YINCHUAN) -> PaceState:
    """The light of a task with this status and percent as of `as_of` (see the module docstring)."""
    if status is Status.DONE:
        return PaceState(Light.DONE, expected, percent)
    state = PaceState(Light.NONE, expected, percent)
    if is_closed(status) or expected is None:
        return state
    behind = state.behind or 0.0
    overdue = deadline is not None and as_of > deadline
    if overdue or (rule.red_above is not None and behind > rule.red_above):
        return PaceState(Light.RED, expected, percent)
    if behind >= rule.yellow_at:
        return PaceState(Light.YELLOW, expected, percent)
    due_soon = deadline is not None and (deadline - as_of).days <= rule.blue_within_days
    return PaceState(Light.BLUE if due_soon else Light.GREEN, expected, percent)


class PaceCount(StrEnum):
    """How a 通报 counts tasks: 欠进度 / 达进度 / 超进度 / 已完成, and those without a pace."""

    BEHIND = "欠进度"
    ON_PACE = "达进度"
    AHEAD = "超进度"
    DONE = "已完成"
    NO_PACE = "无序时要求"


# Points ahead of the pace that make a task 超进度. The pace moves every day while percents are reported in
# round steps, so nearly every task on pace is a little ahead of it (50% against 49.6%): a 通报 that called
# them all 超进度 would say nothing (金寨's counts 162 达进度 to 10 超进度). Half a yellow light's 10 points.
AHEAD_BY = 5.0


def pace_count(state: PaceState) -> PaceCount:
    """欠进度 for a 黄 or 红 light; 超进度 for an open task at least AHEAD_BY points ahead of the pace; 达进度
    for the rest."""
    if state.light is Light.DONE:
        return PaceCount.DONE
    if state.light is Light.NONE:
        return PaceCount.NO_PACE
    if state.light in (Light.RED, Light.YELLOW):
        return PaceCount.BEHIND
    return PaceCount.AHEAD if (state.behind or 0) <= -AHEAD_BY else PaceCount.ON_PACE
