"""Year-end summary .docx on the export sample, read back: title, parts, statistics equal to stats_of, the unit
table, sections with their points, targets, problems (the 新建 year: tests/io/test_year_documents.py)."""

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
    assert title.text == "某某县生态环境局2025年工作总结"
    assert title.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert [round(m.mm) for m in (doc.sections[0].top_margin, doc.sections[0].left_margin)] == [37, 28]


def test_parts_in_order(doc) -> None:
    assert _texts(doc, gongwen.HEADING_1) == ["一、主要工作成效", "二、主要工作开展情况", "三、存在问题",
                                              "四、下一步工作打算"]
    assert _texts(doc, gongwen.HEADING_2) == ["（一）主要目标完成情况", "（二）重点任务完成情况",
                                              "（一）持续深入打好蓝天保卫战", "（二）持续深入打好碧水保卫战",
                                              "（三）全面加强生态环境法治建设"]
    assert not _texts(doc, gongwen.HEADING_3) and not _texts(doc, gongwen.HEADING_4)  # points are body text


def test_overview_numbers_equal_stats_of_the_leaves(plan: PlanTree, doc) -> None:
    stats = stats_of(plan.leaves(), AS_OF)
    overview = doc.paragraphs[[p.text for p in doc.paragraphs].index("（二）重点任务完成情况") + 1].text
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


def test_sections_list_their_items_with_every_update_merged(doc) -> None:
    body = _texts(doc, gongwen.BODY)
    point = next(t for t in body if t.startswith("1.强化工业源治理。"))
    assert point == ("1.强化工业源治理。已完成1家企业改造方案评审。1家已完工，另1家因设备未到货延期。"
                     "两家企业均已完工。")  # the plan is read as of the day by export_plan; this one is not
    assert "1.全面加强生态环境法治建设。未报送进展情况。" in body  # a chapter without sections lists itself
    lead = next(p for p in doc.paragraphs if p.text.startswith("1.强化工业源治理。"))
    assert [r.bold for r in lead.runs] == [True, None]


def test_targets_with_their_values(doc) -> None:
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("（一）主要目标完成情况")
    assert texts[start + 1: start + 5] == ["3项主要目标中，达标0项、未达标0项、暂无实际值或未评定3项。",
                                           "1.大气环境方面：PM2.5平均浓度控制在35微克/立方米以内。截至7月15日暂无实际值。",
                                           "2.大气环境方面：优良天数比例达到85%以上。截至7月15日暂无实际值。",
                                           "3.水环境方面：国省控断面水质优良比例达到100%。截至7月15日暂无实际值。"]


def test_problems_name_the_open_tasks_with_their_last_report(plan: PlanTree, doc) -> None:
    texts = [p.text for p in doc.paragraphs]
    problems = texts[texts.index("三、存在问题") + 1: texts.index("四、下一步工作打算")]
    open_leaves = [t for t in plan.leaves() if t.status not in (Status.DONE, Status.CANCELLED)]
    assert f"截至2025年7月15日，尚有{len(open_leaves)}项任务未完成：" in problems
    assert "2.=SUM(A1)（完成进度0%）。未报送进展情况。" in problems
    assert "3.制定整治方案（完成进度0%）。最新进展：方案征求意见中。" in problems
    coming = texts[texts.index("四、下一步工作打算") + 1:]
    assert coming[0].startswith("2026年，我局将") and len(coming) == 1 + len(open_leaves)


def test_header_rows_repeat_and_rows_do_not_split(doc) -> None:
    header = doc.tables[0].rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in doc.tables[0].rows)
