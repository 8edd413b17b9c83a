"""Per-unit task sheets (xlsx and docx), read back: which units, safe sheet names, led vs co-worked."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import PlanTree
from ecodesk.io import gongwen
from ecodesk.io.unit_sheets import export_unit_sheets
from ecodesk.io.xlsx_style import safe_sheet_title
from tests.io.export_sample import AS_OF, LONG_UNIT, ODD_UNIT, build_plan

plan = pytest.fixture(build_plan, name="plan")


def _parts(ws: Worksheet) -> dict[str, list[str]]:
    """Task titles under each 一、牵头任务 / 二、配合任务 group row (“无” when empty)."""
    parts: dict[str, list[str]] = {}
    current = None
    for row in range(4, ws.max_row + 1):
        first, title = ws.cell(row, 1).value, ws.cell(row, 2).value
        if isinstance(first, str) and first.startswith(("一、", "二、")):
            current = parts.setdefault(first, [])
        elif first == "无":
            current.append("无")
        else:
            current.append(title)
    return parts


def test_one_sheet_per_busy_unit_with_safe_names(plan: PlanTree, tmp_path: Path) -> None:
    wb = load_workbook(export_unit_sheets(plan, tmp_path / "分单位.xlsx", as_of=AS_OF))
    assert wb.sheetnames == ["综合股", "大气股", "水生态股", "大气_水_监测_站", LONG_UNIT[:31]]
    assert "法规股" not in wb.sheetnames  # no task: skipped when the plan chooses the units
    assert wb["大气_水_监测_站"]["A1"].value == f"{ODD_UNIT}2025年前三季度重点工作任务清单"  # 7-15: in Q3's round


def test_led_and_co_worked_tasks_are_separate(plan: PlanTree, tmp_path: Path) -> None:
    wb = load_workbook(export_unit_sheets(plan, tmp_path / "分单位.xlsx", as_of=AS_OF))
    assert _parts(wb["大气股"]) == {"一、牵头任务（2项）": ["推进重点行业超低排放改造", "=SUM(A1)"],
                                   "二、配合任务（1项）": ["淘汰老旧柴油货车"]}
    assert _parts(wb["水生态股"]) == {  # its cancelled 专项行动 is on no sheet
        "一、牵头任务（1项）": ["开展入河排污口排查整治"], "二、配合任务（0项）": ["无"]}


def test_rows_carry_number_units_deadline_light_and_progress(plan: PlanTree, tmp_path: Path) -> None:
    ws = load_workbook(export_unit_sheets(plan, tmp_path / "分单位.xlsx", as_of=AS_OF))["大气股"]
    assert [c.value for c in ws[3]] == ["任务编号", "重点任务", "具体措施", "牵头/配合单位", "完成时限", "序时状态",
                                        "最新进展"]
    row = [c.value for c in ws[5]]
    # chapters follow the 主要目标 chapter the Word export prints first: 二、, as in every document
    assert row == ["二（一）1.", "推进重点行业超低排放改造", "完成2家水泥企业超低排放改造。",
                   f"牵头：大气股\n配合：综合股、{ODD_UNIT}", "2025年6月底前", "红灯\n实际0%\n序时100%\n本期未报",
                   "6月20日：1家已完工，另1家因设备未到货延期。"]
    assert ws.cell(5, 6).fill.fgColor.rgb[-6:] == "F4B6B6"  # the red light
    assert ws.cell(6, 2).data_type == "s" and ws.cell(6, 2).value == "=SUM(A1)"
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"


def test_empty_unit_list_means_every_busy_unit(plan: PlanTree, tmp_path: Path) -> None:
    wb = load_workbook(export_unit_sheets(plan, tmp_path / "a.xlsx", units=(), as_of=AS_OF))
    assert len(wb.sheetnames) == 5


def test_named_unit_without_tasks_gets_a_sheet_saying_none(plan: PlanTree, tmp_path: Path) -> None:
    wb = load_workbook(export_unit_sheets(plan, tmp_path / "a.xlsx", units=["法规股", " 大气股 "], as_of=AS_OF))
    assert wb.sheetnames == ["法规股", "大气股"]
    assert _parts(wb["法规股"]) == {"一、牵头任务（0项）": ["无"], "二、配合任务（0项）": ["无"]}


def test_unknown_unit_is_a_user_error_and_writes_nothing(plan: PlanTree, tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    with pytest.raises(UserError, match="单位“宣传股”不在2025年工作要点的单位名单中"):
        export_unit_sheets(plan, target, units=["宣传股"])
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_a_user_error(plan: PlanTree, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="不支持的导出格式“pdf”"):
        export_unit_sheets(plan, tmp_path / "a.pdf", fmt="pdf")  # type: ignore[arg-type]


def test_sheet_names_are_safe_short_and_unique() -> None:
    taken: set[str] = set()
    names = [safe_sheet_title(n, taken) for n in ("a/b", "a_b", "A_B", "x" * 40, "x" * 40, "'引号'", "History", "")]
    assert names == ["a_b", "a_b(2)", "A_B(3)", "x" * 31, "x" * 28 + "(2)", "引号", "History_", "Sheet"]
    assert all(len(n) <= 31 for n in names)


def test_docx_has_a_page_per_unit_with_both_tables(plan: PlanTree, tmp_path: Path) -> None:
    doc = Document(str(export_unit_sheets(plan, tmp_path / "分单位.docx", fmt="docx", as_of=AS_OF)))
    titles = [p for p in doc.paragraphs if p.style.name == gongwen.TITLE]
    assert [t.text for t in titles][:2] == [f"{unit}2025年前三季度重点工作任务清单" for unit in ("综合股", "大气股")]
    assert len(titles) == 5 == len(doc.sections)  # a section per unit
    assert all(s.page_width > s.page_height for s in doc.sections)  # landscape for the wide table
    air_led, air_co = doc.tables[2], doc.tables[3]  # 综合股 has the first two
    assert [c.text for c in air_led.rows[0].cells] == ["任务编号", "重点任务及具体措施", "责任单位及完成时限",
                                                       "序时状态", "最新进展"]
    assert [r.cells[1].text for r in air_led.rows[1:]] == ["推进重点行业超低排放改造。完成2家水泥企业超低排放改造。",
                                                           "=SUM(A1)。-开展挥发性有机物综合治理。"]
    assert [r.cells[1].text for r in air_co.rows[1:]] == ["淘汰老旧柴油货车。"]
    assert air_led.rows[1].cells[2].text == f"牵头：大气股\n配合：综合股、{ODD_UNIT}\n时限：2025年6月底前"


# A 12 pt Chinese character is two Excel width units (the width of a “0” in the sheet's default font) and one
# more pads the cell; a 五号 (10.5 pt) one is 3.7 mm in Word, within the small table's 1 mm margins either side.
XLSX_UNITS_PER_CHAR, XLSX_PADDING = 2, 1
DOCX_MM_PER_CHAR, DOCX_MARGINS_MM = 10.5 * 25.4 / 72, 2


def test_a_unit_name_is_never_broken_across_lines() -> None:
    """The units cell reads “牵头：环评与辐射股”: a name broken in two lines (“环评与辐 / 射股”) reads as two
    units, so the column holds such a line whole, in the Excel sheet and in the Word print."""
    from ecodesk.io.unit_sheets import COLUMNS, DOCX_COLUMNS

    line = "牵头：环评与辐射股"  # the longest unit of the 新建 sample
    assert COLUMNS[3].header == "牵头/配合单位" and DOCX_COLUMNS[2][0] == "责任单位及完成时限"
    assert COLUMNS[3].width >= len(line) * XLSX_UNITS_PER_CHAR + XLSX_PADDING
    assert DOCX_COLUMNS[2][1] >= len(line) * DOCX_MM_PER_CHAR + DOCX_MARGINS_MM
    assert sum(width for _header, width in DOCX_COLUMNS) == 247  # the landscape A4 text block

