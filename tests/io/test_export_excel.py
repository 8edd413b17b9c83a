"""重点工作任务进展情况表, read back with openpyxl: layout, content, validation, print setup, safe text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.plan import PlanTree
from ecodesk.io.excel_export import COLUMNS, export_progress_table
from ecodesk.io.xlsx_style import fit_scale
from tests.io.export_sample import AS_OF, ODD_UNIT, build_plan

plan = pytest.fixture(build_plan, name="plan")
HEADERS = ["编号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限", "进展情况", "完成进度", "完成状态",
           "序时状态", "存在问题", "下步打算", "备注"]


@pytest.fixture
def ws(plan: PlanTree, tmp_path: Path) -> Worksheet:
    return load_workbook(export_progress_table(plan, tmp_path / "进展.xlsx", as_of=AS_OF)).active


def _row_of(ws: Worksheet, title: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == title)


def _merged(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_title_names_the_period_as_of_and_header_rows(ws: Worksheet) -> None:
    assert ws.title == "2025年进展情况"
    assert ws["A1"].value == "某某县生态环境局2025年前三季度重点工作任务进展情况表"  # 7-15 is in Q3's round
    assert ws["A1"].font.name == "方正小标宋简体"
    assert ws["A2"].value == "截至2025年7月15日"
    assert {"A1:M1", "A2:M2"} <= _merged(ws)
    assert [c.value for c in ws[3]] == HEADERS
    assert ws["A3"].font.name == "黑体"


def test_every_parent_is_a_merged_group_row_without_a_status(ws: Worksheet) -> None:
    groups = [(r, ws.cell(r, 1).value) for r in range(4, ws.max_row + 1) if f"A{r}:M{r}" in _merged(ws)]
    # chapters numbered after the 主要目标 chapter the Word export prints first, as every document does
    assert [text for _, text in groups] == [
        "二、持续深入打好蓝天保卫战", "二（一）强化工业源治理", "二（二）加强移动源管控",
        "三、持续深入打好碧水保卫战", "三（一）推进水污染防治", "三（一）1.开展入河排污口排查整治"]
    assert groups[0][0] == 4
    fills = {ws.cell(r, 1).fill.fgColor.rgb[-6:] for r, _ in groups}
    assert fills == {"D9D9D9", "F2F2F2"} | {"000000"}  # chapters, sections; an item's group row is bold, unfilled
    assert all(ws.cell(r, 9).value is None for r, _ in groups)


def test_task_rows_carry_their_label(ws: Worksheet) -> None:
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(4, ws.max_row + 1)
            if f"A{r}:M{r}" not in _merged(ws)]
    assert rows == [("二（一）1.", "推进重点行业超低排放改造"), ("二（一）2.", "=SUM(A1)"),
                    ("二（二）1.", "淘汰老旧柴油货车"), ("三（一）1.1）", "完成排污口溯源"),
                    ("三（一）1.2）", "制定整治方案"), ("三（一）2.", "+开展饮用水水源地环境保护专项行动"),
                    ("四、", "全面加强生态环境法治建设")]


def test_latest_progress_up_to_as_of_percent_status_and_light(ws: Worksheet) -> None:
    row = _row_of(ws, "推进重点行业超低排放改造")
    values = [c.value for c in ws[row]]
    progress = "6月20日：1家已完工，另1家因设备未到货延期。"
    assert values[3:10] == ["大气股", f"综合股、{ODD_UNIT}", "2025年6月底前", progress, "0%", "推进中",
                            "红灯\n实际0%\n序时100%\n本期未报"]
    assert ws.cell(row, 10).fill.fgColor.rgb[-6:] == "F4B6B6"
    done = _row_of(ws, "淘汰老旧柴油货车")
    assert (ws.cell(done, 9).value, ws.cell(done, 10).value.split("\n")[0]) == ("已完成", "已完成")
    assert ws.cell(_row_of(ws, "=SUM(A1)"), 7).value is None  # no update yet: left blank to fill in


def test_overdue_rows_are_filled_and_others_not(ws: Worksheet) -> None:
    overdue = _row_of(ws, "推进重点行业超低排放改造")
    assert {ws.cell(overdue, c).fill.fgColor.rgb[-6:] for c in range(1, 10)} == {"FFC7CE"}
    on_time = _row_of(ws, "=SUM(A1)")
    assert ws.cell(on_time, 2).fill.fill_type is None


def test_formula_looking_text_stays_text(ws: Worksheet) -> None:
    row = _row_of(ws, "=SUM(A1)")
    cell = ws.cell(row, 2)
    assert cell.value == "=SUM(A1)" and cell.data_type == "s"
    assert ws.cell(row, 3).value == "-开展挥发性有机物综合治理。" and ws.cell(row, 3).data_type == "s"
    plus = _row_of(ws, "+开展饮用水水源地环境保护专项行动")
    assert ws.cell(plus, 13).value == "@已并入省级专项" and ws.cell(plus, 13).data_type == "s"
    # marked as Excel marks “'=…” typed by hand, so editing the cell in Excel keeps it text
    assert cell.quotePrefix and ws.cell(plus, 13).quotePrefix and ws.cell(plus, 2).quotePrefix
    assert not ws.cell(_row_of(ws, "推进重点行业超低排放改造"), 2).quotePrefix


def test_status_drop_down_offers_what_a_clerk_may_set_not_the_computed_lateness(ws: Worksheet) -> None:
    [validation] = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"未开始,推进中,已完成,已取消"'
    assert str(validation.sqref) == f"I4:I{ws.max_row}"


def test_freeze_filter_and_print_setup(ws: Worksheet) -> None:
    assert ws.freeze_panes == "C4"
    assert ws.auto_filter.ref == f"A3:M{ws.max_row}"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    # one page wide by a fixed zoom (Excel drops manual page breaks under 调整为 1 页宽)
    assert int(ws.page_setup.scale) == fit_scale(COLUMNS) < 100
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_cells_wrap_with_borders_and_rows_fit_their_text(ws: Worksheet) -> None:
    row = _row_of(ws, "淘汰老旧柴油货车")
    cell = ws.cell(row, 4)  # a 29-character unit name in a 10-wide column
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    assert ws.row_dimensions[row].height >= 4 * 18
    widths = [ws.column_dimensions[get_column_letter(i + 1)].width for i in range(len(COLUMNS))]
    assert widths == [c.width for c in COLUMNS]


def test_default_as_of_is_today(plan: PlanTree, tmp_path: Path) -> None:
    ws = load_workbook(export_progress_table(plan, tmp_path / "a.xlsx")).active
    today = dt.date.today()
    assert ws["A2"].value == f"截至{today.year}年{today.month}月{today.day}日"


def test_the_bureau_is_named_once_the_plan_names_it(plan: PlanTree, tmp_path: Path) -> None:
    plan.bureau = "本局"  # a database begun with a blank plan, before any document named the bureau
    ws = load_workbook(export_progress_table(plan, tmp_path / "a.xlsx", as_of=AS_OF)).active
    assert ws["A1"].value == "某某县生态环境局2025年前三季度重点工作任务进展情况表"  # from the plan's title
    plan.title = "2025年工作要点"
    ws = load_workbook(export_progress_table(plan, tmp_path / "b.xlsx", as_of=AS_OF)).active
    assert ws["A1"].value == "本局2025年前三季度重点工作任务进展情况表"
