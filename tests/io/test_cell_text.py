"""The one rule for formula-like text, as the CSV export applies it (OWASP CSV injection)."""

import pytest

from ecodesk.io.cell_text import csv_text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_formula_like_text_gets_an_apostrophe(text: str) -> None:
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "推进大气污染防治", "1+1", "'已是文本", "（一）=说明"])
def test_other_text_is_written_as_it_is(text: str) -> None:
    assert csv_text(text) == text
