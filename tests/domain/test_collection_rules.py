"""What a returned row may say, as 股室 type it, and the sent table's name."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.collection import FilledRow, Form, read_fill
from ecodesk.domain.periods import parse_period
from ecodesk.domain.status import Status


def _row(text: str = "", percent: object = None, status: object = None) -> FilledRow:
    return FilledRow(5, 1, "一（一）1.", "任务", text, percent, status, "", "", "")


@pytest.mark.parametrize("typed", [80, 80.0, "80", "80%", " 80％ ", 0.8])
def test_a_percent_is_taken_as_typed_or_as_a_percent_cell_holds_it(typed: object) -> None:
    assert read_fill(_row("有进展", typed)).percent == 80


@pytest.mark.parametrize("typed", [101, -5, "八成", 50.5])
def test_a_percent_that_is_not_0_to_100_names_its_value(typed: object) -> None:
    with pytest.raises(ValueError, match=f"完成进度“{typed}”"):
        read_fill(_row("有进展", typed))


def test_a_status_without_text_is_recorded_with_a_line_saying_so() -> None:
    fill = read_fill(_row("", 100, "已完成"))
    assert (fill.text, fill.status) == ("状态：已完成；完成进度：100%", Status.DONE)
    with pytest.raises(ValueError, match="状态“差不多”"):
        read_fill(_row("有进展", None, "差不多"))


def test_a_table_is_named_for_its_unit_and_period_without_characters_windows_refuses() -> None:
    form = Form(1, 2021, "局", "执法/大队", parse_period("2021-H1"), dt.date(2021, 6, 20), ())
    assert form.file_name == "执法_大队-2021年上半年进展征集表.xlsx"
