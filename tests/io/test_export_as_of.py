"""Exports as of a day, on the 新建 2021 plan (the real sample) after a year of reports: the June table,
summary and unit sheets never show a status, percent or progress dated later; December's show them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from ecodesk.domain.status import Status
from ecodesk.io.excel_export import COLUMNS
from ecodesk.services import plans, progress
from ecodesk.services.exporting import ExportOptions, export_plan
from ecodesk.services.importing import import_document
from ecodesk.store.db import Database

JUNE, DECEMBER = dt.date(2021, 6, 30), dt.date(2021, 12, 31)
FINISHED = {8: "8月", 9: "9月", 10: "10月", 11: "11月", 12: "12月"}  # five tasks finished after June


@pytest.fixture
def reported(db: Database, samples_dir: Path) -> tuple[int, list[str]]:
    """The sample imported, five of its tasks reported through the year and finished after June."""
    plan_id = import_document(db, samples_dir / "xinjian-2021-gongzuoyaodian.docx").plan_id
    assert plan_id is not None
    leaves = list(plans.load_plan(db, plan_id).leaves())[:5]
    for leaf, month in zip(leaves, FINISHED, strict=True):
        assert leaf.id is not None
        progress.add_progress(db, leaf.id, date=dt.date(2021, 4, 15), text="已制定方案", percent=30, unit="综合股")
        progress.add_progress(db, leaf.id, date=dt.date(2021, month, 20), text=f"{FINISHED[month]}完成验收",
                              percent=100)
    return plan_id, [leaf.title for leaf in leaves]


def status_column(path: Path) -> dict[str, str]:
    """重点任务 → 完成状态 of the 进展情况表 (task titles may carry their number)."""
    ws = load_workbook(path).active
    column = COLUMNS.index(next(c for c in COLUMNS if c.header == "完成状态"))
    return {str(row[1].value): str(row[column].value) for row in ws.iter_rows(min_row=4) if row[column].value}


def test_the_june_table_never_shows_a_later_status(db: Database, reported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan_id, titles = reported
    june = export_plan(db, plan_id, "excel", tmp_path / "六月.xlsx", ExportOptions(as_of=JUNE))
    ws = load_workbook(june).active
    assert ws["A2"].value == "截至2021年6月30日"
    shown = status_column(june)
    finished = [status for title, status in shown.items() if any(title.endswith(t) for t in titles)]
    assert finished == [Status.IN_PROGRESS.value] * 5
    assert Status.DONE.value not in shown.values()
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "完成验收" not in text and "已制定方案" in text
    december = status_column(export_plan(db, plan_id, "excel", tmp_path / "全年.xlsx",
                                         ExportOptions(as_of=DECEMBER)))
    assert [s for t, s in december.items() if any(t.endswith(x) for x in titles)] == [Status.DONE.value] * 5


def test_the_june_summary_and_unit_sheets_say_june(db: Database, reported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan_id, titles = reported
    summary = Document(str(export_plan(db, plan_id, "summary", tmp_path / "总结.docx", ExportOptions(as_of=JUNE))))
    body = "\n".join(p.text for p in summary.paragraphs)
    assert "截至2021年6月30日，已完成0项" in body
    assert "【" not in body and "完成验收" not in body
    assert all(title in body for title in titles[:1])
    year_end = Document(str(export_plan(db, plan_id, "summary", tmp_path / "年终.docx",
                                        ExportOptions(as_of=DECEMBER))))
    assert "已完成5项" in "\n".join(p.text for p in year_end.paragraphs)
    sheets = load_workbook(export_plan(db, plan_id, "units", tmp_path / "股室.xlsx", ExportOptions(as_of=JUNE)))
    cells = [str(c.value) for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("截至2021年6月30日" in c for c in cells) and not any("完成验收" in c for c in cells)
