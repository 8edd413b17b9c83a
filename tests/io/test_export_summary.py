"""Year-end summary .docx, read back: title, statistics equal to stats_of, unit table, chapters, unfinished."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from ecodesk.domain.plan import PlanTree, stats_of
from ecodesk.domain.status import Status
from ecodesk.io import gongwen
from ecodesk.io.summary_export import export_summary, percent
from tests.io.export_sample import AS_OF, LONG_UNIT, ODD_UNIT, build_plan

plan = pytest.fixture(build_plan, name="plan")


@pytest.fixture
def doc(plan: PlanTree, tmp_path: Path):
    return Document(str(export_summary(plan, tmp_path / "总结.docx", today=AS_OF)))


def _texts(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_title_from_the_plan_in_gongwen_style(doc) -> None:
    title = doc.paragraphs[0]
    assert title.text == "某某县生态环境局\n2025年度工作要点完成情况"  # broken after the bureau: too long for one line
    assert title.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert [round(m.mm) for m in (doc.sections[0].top_margin, doc.sections[0].left_margin)] == [37, 28]


def test_parts_in_order(doc) -> None:
    assert _texts(doc, gongwen.HEADING_1) == ["一、总体完成情况", "二、各单位完成情况", "三、各项任务完成情况",
                                              "四、主要目标", "五、未完成任务及原因"]
    assert _texts(doc, gongwen.HEADING_2) == ["（一）持续深入打好蓝天保卫战", "（二）持续深入打好碧水保卫战",
                                              "（三）全面加强生态环境法治建设", "大气环境", "水环境"]


def test_overview_numbers_equal_stats_of_the_leaves(plan: PlanTree, doc) -> None:
    stats = stats_of(plan.leaves(), AS_OF)
    overview = doc.paragraphs[[p.text for p in doc.paragraphs].index("一、总体完成情况") + 1].text
    assert (stats.total, stats.done, stats.in_progress, stats.overdue) == (7, 2, 3, 2)
    for phrase in (f"共安排重点任务{stats.total}项", f"已完成{stats.done}项", f"正在推进{stats.in_progress}项",
                   f"尚未开始{stats.not_started}项", f"已取消{stats.cancelled}项", f"已滞后{stats.overdue}项",
                   f"完成率{percent(stats.completion_rate)}", "截至2025年7月15日"):
        assert phrase in overview
    assert percent(stats.completion_rate) == "33.3%"


def test_unit_table_counts_leaves_with_inherited_units(doc) -> None:
    rows = _rows(doc.tables[0])
    assert rows[0] == ["序号", "单位", "牵头任务", "配合任务", "已完成", "已滞后", "完成率"]
    by_unit = {r[1]: r[2:] for r in rows[1:]}
    assert by_unit["大气股"] == ["2", "1", "0", "1", "0.0%"]
    # the two sub-items of 开展入河排污口排查整治 name no unit and belong to its 水生态股
    assert by_unit["水生态股"] == ["3", "0", "1", "1", "50.0%"]
    assert by_unit[LONG_UNIT] == ["1", "2", "1", "0", "100.0%"]
    assert by_unit[ODD_UNIT] == ["0", "1", "0", "0", "0.0%"]
    assert "法规股" not in by_unit


def test_chapters_list_leaf_tasks_with_status_and_latest_progress(doc) -> None:
    items = _texts(doc, gongwen.HEADING_3)
    assert items[0] == "1.推进重点行业超低排放改造。【已滞后】6月20日：1家已完工，另1家因设备未到货延期。"
    assert items[1] == "2.=SUM(A1)。【未开始】暂无进展记录"
    assert "1.完成排污口溯源。【已完成】5月10日：溯源工作已完成。" in items
    assert len(items) == 7


def test_targets_listed(doc) -> None:
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("四、主要目标")
    assert texts[start + 1: start + 6] == ["大气环境", "1.PM2.5平均浓度控制在35微克/立方米以内。",
                                           "2.优良天数比例达到85%以上。", "水环境",
                                           "3.国省控断面水质优良比例达到100%。"]


def test_unfinished_tasks_with_reasons(plan: PlanTree, doc) -> None:
    rows = _rows(doc.tables[1])
    assert rows[0] == ["序号", "任务", "牵头单位", "完成时限", "状态", "原因（最新进展）"]
    open_leaves = [t for t in plan.leaves() if t.status not in (Status.DONE, Status.CANCELLED)]
    assert len(rows) - 1 == len(open_leaves) == 4
    assert rows[1] == ["1", "二（一）1.推进重点行业超低排放改造", "大气股", "2025年6月底前", "已滞后",
                       "6月20日：1家已完工，另1家因设备未到货延期。"]
    assert rows[3] == ["3", "三（一）1.2）制定整治方案", "水生态股", "2025年5月底前", "已滞后",
                       "6月1日：方案征求意见中。"]
    assert "截至2025年7月15日，尚有4项任务未完成" in "".join(p.text for p in doc.paragraphs)


def test_header_rows_repeat_and_rows_do_not_split(doc) -> None:
    header = doc.tables[1].rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in doc.tables[1].rows)
