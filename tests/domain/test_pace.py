"""序时进度 and the lights, for both published rules, at the boundaries the rules name."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import UserError
from ecodesk.domain.pace import (
    PRESETS,
    SUQIAN,
    YINCHUAN,
    Light,
    PaceCount,
    PaceRule,
    expected_percent,
    pace_count,
    pace_state,
)
from ecodesk.domain.status import Status

D = dt.date


def test_expected_percent_is_the_elapsed_share_of_the_window() -> None:
    june = Deadline(D(2021, 6, 30), "6月底前")
    assert expected_percent(june, 2021, D(2021, 1, 1)) == round(100 / 181, 1)
    assert expected_percent(june, 2021, D(2021, 3, 31)) == round(100 * 90 / 181, 1)
    assert expected_percent(june, 2021, D(2021, 6, 30)) == 100.0
    assert expected_percent(june, 2021, D(2021, 9, 1)) == 100.0
    assert expected_percent(june, 2021, D(2021, 4, 1), start=D(2021, 4, 1)) == round(100 / 91, 1)
    assert expected_percent(june, 2021, D(2021, 3, 1), start=D(2021, 4, 1)) == 0.0


def test_without_a_deadline_the_window_ends_with_the_year_and_long_term_tasks_have_none() -> None:
    assert expected_percent(None, 2021, D(2021, 6, 30)) == round(100 * 181 / 365, 1)
    assert expected_percent(Deadline(None, "长期坚持"), 2021, D(2021, 6, 30)) is None


YEAR_END_DAY, MID_YEAR = D(2021, 12, 31), D(2021, 6, 30)


def _light(percent: int, behind: float, rule: PaceRule = YINCHUAN, deadline: dt.date = YEAR_END_DAY,
           as_of: dt.date = MID_YEAR) -> Light:
    return pace_state(Status.IN_PROGRESS, percent, deadline, percent + behind, as_of, rule).light


@pytest.mark.parametrize(("behind", "light"), [(-5, Light.GREEN), (0, Light.GREEN), (9.9, Light.GREEN),
                                               (10, Light.YELLOW), (30, Light.YELLOW), (30.1, Light.RED)])
def test_yinchuan_lights_at_their_boundaries(behind: float, light: Light) -> None:
    assert _light(20, behind) is light


@pytest.mark.parametrize(("behind", "light"), [(-5, Light.GREEN), (0, Light.GREEN), (0.1, Light.YELLOW),
                                               (9.9, Light.YELLOW), (30.1, Light.YELLOW), (60, Light.YELLOW)])
def test_suqian_lights_turn_yellow_on_any_shortfall_and_red_only_when_overdue(behind: float, light: Light) -> None:
    assert _light(20, behind, SUQIAN) is light


@pytest.mark.parametrize("rule", PRESETS)
def test_overdue_is_red_and_near_the_deadline_blue_under_both_rules(rule: PaceRule) -> None:
    deadline = D(2021, 7, 10)
    assert _light(100, 0, rule, deadline, as_of=D(2021, 7, 11)) is Light.RED  # a day past, not done
    assert _light(95, 0, rule, deadline, as_of=D(2021, 6, 25)) is Light.BLUE  # 15 days to go
    assert _light(95, 0, rule, deadline, as_of=D(2021, 6, 24)) is Light.GREEN  # 16 days to go
    assert _light(50, 40, rule, deadline, as_of=D(2021, 6, 25)) is (Light.RED if rule is YINCHUAN else Light.YELLOW)


def test_done_cancelled_and_long_term_tasks() -> None:
    assert pace_state(Status.DONE, 100, D(2021, 3, 1), 100.0, D(2021, 6, 30)).light is Light.DONE
    assert pace_state(Status.CANCELLED, 10, D(2021, 3, 1), 100.0, D(2021, 6, 30)).light is Light.NONE
    assert pace_state(Status.IN_PROGRESS, 10, None, None, D(2021, 6, 30)).light is Light.NONE


def test_the_tree_shows_actual_against_expected() -> None:
    assert pace_state(Status.IN_PROGRESS, 40, None, 50.0, D(2021, 6, 30)).summary == "实际 40% / 应 50%"
    assert pace_state(Status.IN_PROGRESS, 40, None, 49.6, D(2021, 6, 30)).summary == "实际 40% / 应 49.6%"
    assert pace_state(Status.IN_PROGRESS, 40, None, None, D(2021, 6, 30)).summary == "实际 40%"
    assert pace_state(Status.IN_PROGRESS, 40, None, 49.6, D(2021, 6, 30)).short == "40% / 应 49.6%"


@pytest.mark.parametrize(("percent", "expected", "status", "count"), [
    (50, 50.0, Status.IN_PROGRESS, PaceCount.ON_PACE), (60, 50.0, Status.IN_PROGRESS, PaceCount.AHEAD),
    (35, 50.0, Status.IN_PROGRESS, PaceCount.BEHIND), (45, 50.0, Status.IN_PROGRESS, PaceCount.ON_PACE),
    (50, 49.6, Status.IN_PROGRESS, PaceCount.ON_PACE), (54, 49.6, Status.IN_PROGRESS, PaceCount.ON_PACE),
    (55, 50.0, Status.IN_PROGRESS, PaceCount.AHEAD),  # on pace is a little ahead of it; 超进度 is 5 points ahead
    (100, 50.0, Status.DONE, PaceCount.DONE), (0, None, Status.IN_PROGRESS, PaceCount.NO_PACE)])
def test_counts_as_the_bulletins_count(percent: int, expected: float | None, status: Status,
                                      count: PaceCount) -> None:
    state = pace_state(status, percent, D(2021, 12, 31), expected, D(2021, 6, 30))
    assert pace_count(state) is count


def test_a_rule_with_thresholds_out_of_order_is_refused() -> None:
    with pytest.raises(UserError, match=r"阈值.*黄 30.*红 10"):
        PaceRule("自定义", yellow_at=30, red_above=10)
    with pytest.raises(UserError, match="阈值"):
        PaceRule("自定义", yellow_at=0, red_above=None)
    with pytest.raises(UserError, match="红 120"):
        PaceRule("自定义", yellow_at=10, red_above=120)
