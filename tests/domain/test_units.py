"""Unit names keep what the clerk typed: bracket pairs and their width; identity ignores the width."""

import pytest

from ecodesk.domain.units import normalize_unit_name, unit_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("环境监测站（临时）", "环境监测站（临时）"),
        ("环境监测站(临时)", "环境监测站(临时)"),
        ("生态股（法规）；", "生态股（法规）"),
        ("（临时）监测站", "（临时）监测站"),
        ("（综合股", "综合股"),
        ("综合股）", "综合股"),
        ("环境监测站（临时））", "环境监测站（临时）"),
        (" 综合 股， ", "综合股"),
        ("ＡＢ股", "AB股"),
    ],
)
def test_balanced_brackets_are_kept_as_typed(typed: str, stored: str) -> None:
    assert normalize_unit_name(typed) == stored


def test_both_bracket_widths_are_one_unit() -> None:
    assert unit_key("环境监测站（临时）") == unit_key("环境监测站(临时)") == unit_key("环境监测站 ( 临时 )")
    assert unit_key("环境监测站（临时）") != unit_key("环境监测站")
