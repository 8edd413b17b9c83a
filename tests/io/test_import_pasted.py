"""Plans pasted from an OA notice, a web page or a chat: plain text, a copied HTML table (merged cells
included), a tab-separated table, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import import read_pasted, read_plan
from ecodesk.io.plan_import.pasted import MAX_CHARS

TABLE_HTML = """<html><head><style>td {border: 1px}</style></head><body>
<p>某县生态环境局2021年重点工作任务分解表</p>
<table>
 <tr><th>序号</th><th>重点任务</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr>
 <tr><td>1</td><td rowspan="2">大气污染防治</td><td>淘汰燃煤锅炉 <b>10</b> 台</td>
     <td>大气股</td><td>2021年6月底</td></tr>
 <tr><td>2</td><td>开展VOCs&nbsp;治理</td><td>大气股、执法大队</td><td>2021年12月底</td></tr>
 <tr><td>3</td><td>水污染防治</td><td>完成入河排污口排查</td><td>水生态股</td><td>2021年9月底</td></tr>
</table></body></html>"""


def _outline(result) -> list[tuple[str, str, list[str], str]]:  # type: ignore[no-untyped-def]
    return [(t.number, t.title, t.lead_units, t.deadline.text if t.deadline else "") for t in result.plan.walk()]


def test_plain_text_reads_as_the_same_plan_as_its_file(samples_dir: Path) -> None:
    sample = samples_dir / "dalian-2021-gongzuoyaodian.txt"
    pasted = read_pasted(sample.read_text(encoding="utf-8"))
    from_file = read_plan(sample)
    assert _outline(pasted) == _outline(from_file) and pasted.plan.title == from_file.plan.title
    assert pasted.plan.year == 2021 and len(list(pasted.plan.walk())) == 26


def test_a_copied_html_table_keeps_its_columns_and_merged_cells() -> None:
    result = read_pasted("plain text the browser also put on the clipboard", TABLE_HTML)
    assert result.plan.year == 2021
    assert _outline(result) == [
        ("一、", "大气污染防治", [], ""),
        ("（一）", "淘汰燃煤锅炉 10 台", ["大气股"], "2021年6月底"),
        ("（二）", "开展VOCs 治理", ["大气股"], "2021年12月底"),  # the row under the merged 重点任务 cell
        ("二、", "水污染防治", [], ""),
        ("（一）", "完成入河排污口排查", ["水生态股"], "2021年9月底"),
    ]
    assert result.plan.tasks[0].children[1].co_units == ["执法大队"]


def test_a_tab_separated_table_from_a_spreadsheet_reads_as_a_table() -> None:
    text = ("2021年生态环境工作要点\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t推进燃煤锅炉淘汰\t大气股\t执法大队\t2021年6月底\n2\t开展河湖清四乱\t水生态股\t\t2021年10月底\n")
    result = read_pasted(text)
    tasks = list(result.plan.walk())
    assert [(t.title, t.lead_units, t.co_units) for t in tasks] == [
        ("推进燃煤锅炉淘汰", ["大气股"], ["执法大队"]), ("开展河湖清四乱", ["水生态股"], [])]


def test_html_without_a_table_reads_from_the_text() -> None:
    text = "2021年工作要点\n一、大气污染防治\n1.淘汰燃煤锅炉（大气股牵头，2021年6月底前完成）"
    result = read_pasted(text, "<p>2021年工作要点</p><p>一、大气污染防治</p>")
    assert [t.title for t in result.plan.walk()][:1] == ["大气污染防治"] and len(list(result.plan.walk())) == 2


@pytest.mark.parametrize(("text", "html", "message"), [
    ("", "", "剪贴板中没有可导入的文字"),
    ("   \n\t\n", "<p> </p>", "剪贴板中没有可导入的文字"),
    ("今天下午三点开会，请各股室准时参加。", "", "没有找到带编号的条目"),
    ("一、大气污染防治\n1.淘汰燃煤锅炉", "", "无法从文件“粘贴的内容”的标题"),
])
def test_what_does_not_read_as_a_plan_is_told(text: str, html: str, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        read_pasted(text, html)


def test_a_year_given_overrides_a_title_without_one() -> None:
    assert read_pasted("一、大气污染防治\n1.淘汰燃煤锅炉", year=2022).plan.year == 2022


def test_far_too_much_text_is_refused_without_reading_it() -> None:
    with pytest.raises(InputFileError, match="粘贴的内容过长"):
        read_pasted("一、" + "字" * MAX_CHARS)
