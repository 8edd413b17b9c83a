"""The per-unit sheets (Word and Excel) and the 进展情况表 of the 新建 sample with a year of updates
(tests/year_of_updates.py), exported as of 上半年 from the 导出 registry and read back: structure, headings,
labels, counts, lights, print setup, document properties, and nothing dated after the as-of day.

The expected values come from the plan and the rules that made its updates, not from a run's output.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.domain.numbering import task_label
from ecodesk.domain.periods import plan_periods
from ecodesk.domain.plan import PlanTree, TaskNode
from ecodesk.domain.status import Status
from ecodesk.io import excel_export, gongwen, unit_sheets
from ecodesk.io.xlsx_style import MAX_ROW_HEIGHT
from ecodesk.services.exporting import ExportOptions, export_plan
from ecodesk.services.plans import load_plan
from ecodesk.store.db import open_database
from tests.io.conftest import libreoffice_convert
from tests.year_of_updates import ReportedYear, make_reported_year

H1 = plan_periods(2021)[1]
BUREAU = "南昌市新建生态环境局"
UNITS = ["综合股", "监测站", "生态股", "水气股", "环评与辐射股", "执法分局", "办公室", "局党组", "局党总支"]
LATER = re.compile(r"(?:[7-9]|1[0-2])月\d{1,2}日|第[34]季度")  # any day or quarter after 6-30


@dataclass(frozen=True, slots=True)
class Year:
    """The exported documents and the plan as of 6-30 they were made from."""

    reported: ReportedYear
    plan: PlanTree
    word: Path
    sheets: Path
    table: Path


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Year:
    folder = tmp_path_factory.mktemp("year")
    db = open_database(str(folder / "year.sqlite"))
    try:
        reported = make_reported_year(db, samples_dir)
        made = {name: export_plan(db, reported.plan_id, kind, folder / name, ExportOptions(period=H1, format=fmt))
                for name, kind, fmt in (("units.docx", "units", "docx"), ("units.xlsx", "units", "xlsx"),
                                        ("table.xlsx", "excel", "xlsx"))}
        plan = load_plan(db, reported.plan_id, as_of=H1.end)
    finally:
        db.close()
    return Year(reported, plan, made["units.docx"], made["units.xlsx"], made["table.xlsx"])


def _expected(plan: PlanTree, unit: str) -> tuple[list[str], list[str]]:
    """Labels of the tasks `unit` leads and those it only co-works on, cancelled ones left out (各股室 counts
    for it)."""
    live = [t for t in plan.walk() if t.status is not Status.CANCELLED]
    led = [task_label(plan, t) for t in live if t.leads(unit)]
    return led, [task_label(plan, t) for t in live if t.supports(unit) and not t.leads(unit)]


def _by_id(plan: PlanTree) -> dict[int | None, TaskNode]:
    return {t.id: t for t in plan.walk()}


# --- the numbering ------------------------------------------------------------------------------------


def test_every_task_is_numbered_after_the_preambles_two_chapters(year: Year) -> None:
    plan = year.plan
    assert task_label(plan, plan.find((1,))) == "三、"  # 一、总体要求 二、主要目标 come first, as in the source
    assert task_label(plan, plan.find((1, 3, 2, 4))) == "三（三）2.4）"
    assert plan.find((1,)).number == "三、"  # the window's tree shows the same chapter number


# --- Word per-unit sheets -----------------------------------------------------------------------------


def _sections(doc) -> list[list]:
    """The body's paragraphs and tables, cut at each section break."""
    sections: list[list] = [[]]
    for child in doc.element.body.iterchildren():
        sections[-1].append(child)
        if child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            sections.append([])
    return [s for s in sections if s]


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_word_sheets_a_landscape_section_per_unit_numbered_from_one(year: Year) -> None:
    doc = Document(str(year.word))
    assert len(doc.sections) == len(UNITS)
    assert all(s.page_width > s.page_height for s in doc.sections)
    restarts = [s._sectPr.find(qn("w:pgNumType")) for s in doc.sections]
    assert all(r is not None and r.get(qn("w:start")) == "1" for r in restarts[1:])
    titles = [p.text for p in doc.paragraphs if p.style.name == gongwen.TITLE]
    assert titles == [f"{unit}2021年上半年重点工作任务清单" for unit in UNITS]


def test_word_sheets_list_each_units_tasks_by_label_under_counted_headings(year: Year) -> None:
    doc = Document(str(year.word))
    for unit, section in zip(UNITS, _sections(doc), strict=True):
        led, co = _expected(year.plan, unit)
        headings = [_text(e) for e in section if e.tag == qn("w:p") and _text(e).startswith(("一、", "二、"))]
        assert headings == [f"一、牵头任务（{len(led)}项）", f"二、配合任务（{len(co)}项）"], unit
        tables = [e for e in section if e.tag == qn("w:tbl")]
        shown = [[_text(row.findall(qn("w:tc"))[0]) for row in t.findall(qn("w:tr"))[1:]] for t in tables]
        assert shown == [labels for labels in (led, co) if labels], unit
        assert not set(led) & set(co), unit  # a task it leads is not listed again when 各股室 co-work it
    everyone = [task_label(year.plan, t) for t in year.plan.walk() if "各股室" in t.co_units]
    assert len(everyone) == 4 and all(set(everyone) <= set(_expected(year.plan, u)[1]) for u in UNITS[:7])


def test_word_rows_split_under_a_repeated_header_with_lights(year: Year) -> None:
    doc = Document(str(year.word))
    table = doc.tables[0]
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None for r in rows[1:])
    assert [c.text for c in table.rows[0].cells] == ["任务编号", "重点任务及具体措施", "责任单位及完成时限", "序时状态",
                                                     "最新进展"]
    widths = [round(c.width.mm) for c in table.rows[0].cells]
    assert widths[1] == max(widths) and widths[1] > sum(widths) / 2 - 5  # 具体措施 takes the most of the width
    tasks, lights = _by_id(year.plan), {}
    for t in doc.tables:
        for row in t.rows[1:]:
            lights[row.cells[0].text] = row.cells[3].text.split("\n")
    for task_id in year.reported.behind:  # 10% at 6-30 against about half the year: behind the pace
        assert lights[task_label(year.plan, tasks[task_id])][0] in ("红灯", "黄灯")
    for task_id in year.reported.silent:
        assert lights[task_label(year.plan, tasks[task_id])][-1] == "本期未报"
    for task_id in year.reported.early:
        assert lights[task_label(year.plan, tasks[task_id])][0] == "已完成"


def test_word_sheets_say_nothing_dated_after_the_as_of_day(year: Year) -> None:
    text = "\n".join(_text(e) for e in Document(str(year.word)).element.body.iter(qn("w:p")))
    assert f"{BUREAU}　　2021年上半年　　截至2021年6月30日" in text
    assert LATER.search(text) is None
    assert "6月30日：第2季度" in text


# --- Excel per-unit sheets ----------------------------------------------------------------------------


def _labels(ws: Worksheet, first: int = 4) -> list[str]:
    """Column A of the task rows (not group rows, not （续） rows)."""
    merged = {r.min_row for r in ws.merged_cells.ranges}
    return [str(ws.cell(r, 1).value) for r in range(first, ws.max_row + 1)
            if r not in merged and not str(ws.cell(r, 1).value).endswith("（续）")]


def test_excel_sheets_one_per_unit_with_its_tasks_and_lights(year: Year) -> None:
    wb = load_workbook(year.sheets)
    assert wb.sheetnames == UNITS
    for unit in UNITS:
        ws = wb[unit]
        assert ws["A1"].value == f"{unit}2021年上半年重点工作任务清单"
        led, co = _expected(year.plan, unit)
        assert _labels(ws) == led + co, unit
        assert [c.value for c in ws[3]][unit_sheets.STATUS_INDEX] == "序时状态"
        assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
        assert max(ws.row_dimensions[r].height or 0 for r in range(1, ws.max_row + 1)) <= MAX_ROW_HEIGHT
        cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
        assert LATER.search(cells) is None, unit


# --- the 进展情况表 -------------------------------------------------------------------------------------


def test_progress_table_groups_every_parent_and_lists_every_leaf_by_label(year: Year) -> None:
    plan = year.plan
    ws = load_workbook(year.table).active
    assert ws["A1"].value == f"{BUREAU}2021年上半年重点工作任务进展情况表"
    assert ws["A2"].value == "截至2021年6月30日"
    merged = sorted(r.min_row for r in ws.merged_cells.ranges if r.min_row > 3)
    groups = [str(ws.cell(r, 1).value) for r in merged]
    assert groups == [f"{task_label(plan, t)}{t.title}" for t in plan.walk() if t.children]
    assert all(ws.cell(r, excel_export.STATUS_INDEX + 1).value is None for r in merged)  # no status of their own
    assert _labels(ws) == [task_label(plan, t) for t in plan.leaves()]


def test_progress_table_percent_problems_and_next_steps_of_the_day(year: Year) -> None:
    plan, ws = year.plan, load_workbook(year.table).active
    headers = [c.value for c in ws[3]]
    rows = {str(r[0].value): [c.value for c in r] for r in ws.iter_rows(min_row=4)}
    tasks = _by_id(plan)
    for task_id in year.reported.with_problems:
        task = tasks[task_id]
        row = rows[task_label(plan, task)]
        latest = task.latest_progress(H1.end)
        assert latest is not None and latest.date <= H1.end
        assert row[headers.index("存在问题")] == latest.problems and row[headers.index("下步打算")] == latest.next_steps
        assert row[headers.index("完成进度")] == f"{task.percent}%"
    for task_id in year.reported.behind:
        assert rows[task_label(plan, tasks[task_id])][headers.index("完成进度")] == "10%"  # its 6-30 report
    cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert LATER.search(cells) is None


def test_progress_table_prints_within_the_page(year: Year) -> None:
    ws = load_workbook(year.table).active
    [validation] = ws.data_validations.dataValidation
    assert "已滞后" not in validation.formula1
    assert max(ws.row_dimensions[r].height or 0 for r in range(1, ws.max_row + 1)) <= MAX_ROW_HEIGHT
    assert ws.page_setup.scale is not None and not ws.sheet_properties.pageSetUpPr.fitToPage
    merged = {r.min_row for r in ws.merged_cells.ranges}
    for brk in ws.row_breaks.brk:  # each manual break falls just before a group row, never after one
        assert brk.id + 1 in merged and brk.id not in merged - {1, 2}


# --- document properties ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["word", "sheets", "table"])
def test_document_properties_name_the_document_and_the_bureau(year: Year, name: str) -> None:
    path: Path = getattr(year, name)
    with zipfile.ZipFile(path) as archive:
        core, app = archive.read("docProps/core.xml").decode(), archive.read("docProps/app.xml").decode()
        assert not any("thumbnail" in n for n in archive.namelist())
    assert f"<dc:creator>{BUREAU}</dc:creator>" in core.replace(' xmlns:dc="http://purl.org/dc/elements/1.1/"', "")
    assert "2021年上半年" in core and "<Application>EcoDesk</Application>" in app and BUREAU in app
    for leftover in ("python-docx", "openpyxl", "Openpyxl", "2013-12-23", "Microsoft"):
        assert leftover not in core + app
    created = re.search(r"<dcterms:created[^>]*>([^<]+)<", core)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert created and abs(dt.datetime.fromisoformat(created[1].rstrip("Z")) - now) < dt.timedelta(hours=1)


# --- printed through LibreOffice (slow) ----------------------------------------------------------------


@pytest.mark.slow
def test_the_nine_units_word_sheets_print_on_at_most_forty_pages(year: Year, tmp_path: Path) -> None:
    from pdfminer.pdfpage import PDFPage

    pdf = libreoffice_convert(year.word, "pdf", tmp_path)
    with pdf.open("rb") as fh:
        pages = sum(1 for _ in PDFPage.get_pages(fh))
    assert len(UNITS) <= pages <= 40  # 121 before the sheets were laid out to print
