"""Excel task tables: title row, header row, merged 重点任务 cells as parents."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook

from ecodesk.io.plan_import import read_plan
from tests.io.zips import members, with_member


def test_task_table_with_merged_cells(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["某县生态环境局2021年重点工作任务分解表"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "重点任务", "工作任务", "牵头单位", "配合单位", "完成时限"])
    june = dt.datetime(2021, 6, 30)
    ws.append([1, "大气污染防治", "完成5家企业整治。巩固成果。", "综合股", "生态股、监测站", june])
    ws.append([2, None, "加强扬尘管控", "执法分局", None, "年底前"])
    ws.append([3, "水污染防治", "整治排污口", "水气股", "各股室", "第三季度"])
    ws.merge_cells("B3:B4")
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    result = read_plan(path)
    plan = result.plan
    assert (plan.year, plan.bureau) == (2021, "某县生态环境局")
    assert plan.title == "某县生态环境局2021年重点工作任务分解表"
    assert [t.title for t in plan.tasks] == ["大气污染防治", "水污染防治"]
    first, second = plan.tasks[0].children
    assert (first.title, first.measures) == ("完成5家企业整治", "巩固成果。")
    assert (first.lead_units, first.co_units) == (["综合股"], ["生态股", "监测站"])
    assert first.deadline.date == dt.date(2021, 6, 30)
    assert second.deadline.date == dt.date(2021, 12, 31) and second.co_units == []
    water = plan.find((2, 1))
    assert water.deadline.date == dt.date(2021, 9, 30) and water.co_units == ["各股室"]
    assert [u.name for u in plan.units] == ["综合股", "生态股", "监测站", "执法分局", "水气股"]
    assert result.summary().leaf_tasks == 3


def _single_level_table(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["2022年工作要点"])
    ws.append(["序号", "具体措施", "责任股室"])
    ws.append([1, "开展监测。", "监测站"])
    ws.append([2, "加强执法。", "执法分局"])
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    return path


def test_single_level_table(tmp_path: Path) -> None:
    plan = read_plan(_single_level_table(tmp_path)).plan
    tasks = [(t.title, t.lead_units) for t in plan.tasks]
    assert tasks == [("开展监测", ["监测站"]), ("加强执法", ["执法分局"])]


def test_a_stale_dimension_loses_no_row_or_column(tmp_path: Path) -> None:
    path = _single_level_table(tmp_path)
    sheet = members(path.read_bytes())["xl/worksheets/sheet1.xml"]
    stale = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', sheet)
    path.write_bytes(with_member(path.read_bytes(), "xl/worksheets/sheet1.xml", stale))
    tasks = [(t.title, t.lead_units) for t in read_plan(path).plan.tasks]
    assert tasks == [("开展监测", ["监测站"]), ("加强执法", ["执法分局"])]
