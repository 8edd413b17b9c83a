"""apply_filter: matches plus their ancestors, so a filtered tree keeps its context."""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.filters import TaskFilter, apply_filter
from ecodesk.domain.plan import TaskNode

TODAY = dt.date(2021, 6, 20)


def outline() -> list[TaskNode]:
    leaf = TaskNode("臭氧治理", lead_units=["大气股"], id=3)
    return [TaskNode("大气", children=[TaskNode("PM2.5", id=2), leaf], id=1), TaskNode("水", id=4)]


def test_parent_of_a_match_is_shown_but_not_matched() -> None:
    result = apply_filter(outline(), TaskFilter(unit="大气股"), TODAY)
    assert [t.title for t in result.matched] == ["臭氧治理"]
    assert result.shown_ids == {1, 3}


def test_empty_filter_matches_everything() -> None:
    result = apply_filter(outline(), TaskFilter(), TODAY)
    assert len(result.matched) == 4 and result.shown_ids == {1, 2, 3, 4}


def test_nothing_matches() -> None:
    result = apply_filter(outline(), TaskFilter(text="土壤"), TODAY)
    assert result.matched == [] and result.shown_ids == frozenset()
