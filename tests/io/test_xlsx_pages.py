"""Printed Excel tables: a text too long for one page runs on over （续） rows, and no group row is left
alone at a page's foot (io/xlsx_style), on the 进展情况表 as a clerk prints it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.io import xlsx_style as xs
from ecodesk.io.excel_export import export_progress_table

COLUMNS = (xs.Column("编号", 10), xs.Column("具体措施", 30), xs.Column("完成时限", 10))
LONG = "".join(f"第{n}条措施：加强监管，落实责任，确保按期完成。\n" for n in range(1, 121)).strip()


def test_a_text_taller_than_the_page_runs_on_over_continued_rows_without_losing_a_character() -> None:
    wb = xs.new_workbook()
    ws = wb.create_sheet("表")
    xs.set_columns(ws, COLUMNS)
    last = xs.data_row(ws, ["三（五）2.", LONG, "年底前"], COLUMNS)
    rows = list(ws.iter_rows(min_row=1, max_row=last, values_only=True))
    assert len(rows) > 3
    assert [r[0] for r in rows] == ["三（五）2.", *["三（五）2.（续）"] * (len(rows) - 1)]
    assert [r[2] for r in rows] == ["年底前", *[None] * (len(rows) - 1)]
    assert "".join(r[1] for r in rows).replace("\n", "") == LONG.replace("\n", "")  # nothing lost
    assert all(xs.line_count(r[1], 30) <= (xs.MAX_ROW_HEIGHT - xs.ROW_PADDING) // xs.LINE_HEIGHT for r in rows)
    assert all(ws.row_dimensions[r].height <= xs.MAX_ROW_HEIGHT for r in range(1, last + 1))


def test_a_wrapped_paragraph_is_cut_between_lines_not_inside_one() -> None:
    text = "甲" * 100  # one paragraph of 100 wide characters: 10 to a line at width 23
    chunks = xs.wrap_chunks(text, 23.0, 4)
    assert "".join(chunks) == text and [len(c) for c in chunks] == [40, 40, 20]


def _plan(sections: int) -> PlanTree:
    """Chapters of sections of tasks tall enough that some section heading would land at a page's foot."""
    tasks = [TaskNode(f"第{c}章", children=[
        TaskNode(f"第{c}.{s}节", children=[TaskNode(f"任务{c}.{s}.{t}", measures="落实责任。" * 60) for t in range(2)])
        for s in range(sections)]) for c in range(3)]
    plan = PlanTree(2021, "某局2021年工作要点", bureau="某局", tasks=tasks)
    plan.renumber()
    return plan


def test_no_group_row_is_the_last_on_a_printed_page(tmp_path: Path) -> None:
    path = export_progress_table(_plan(4), tmp_path / "表.xlsx", as_of=dt.date(2021, 6, 30))
    ws = load_workbook(path).active
    groups = {r.min_row for r in ws.merged_cells.ranges if r.min_row > 3}
    breaks = {b.id for b in ws.row_breaks.brk}
    assert breaks and all(b + 1 in groups for b in breaks)  # each break goes just before a group row
    room = xs.PRINTABLE_HEIGHT * 100 / int(ws.page_setup.scale)
    header = ws.row_dimensions[3].height
    used, last = sum(ws.row_dimensions[r].height for r in (1, 2, 3)), 3
    for row in range(4, ws.max_row + 1):  # paginate as a printer would, honouring the manual breaks
        height = ws.row_dimensions[row].height
        if row - 1 in breaks or used + height > room:
            assert last not in groups, f"group row {last} left at the foot of a page"
            used = header
        used, last = used + height, row
