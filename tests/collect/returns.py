"""Returned 进展征集表 made as a 股室 makes them: the sent workbook opened with openpyxl, the fill-in cells
typed in, saved; re-saved by LibreOffice (standing in for WPS), rows moved, the hidden sheet deleted."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecodesk.io.collect_xlsx import COLUMNS, META_SHEET
from ecodesk.services.importing import import_document
from ecodesk.store.db import Database
from tests.conftest import SAMPLES

XINJIAN = SAMPLES / "xinjian-2021-gongzuoyaodian.docx"
HEADERS = [c.header for c in COLUMNS]


def xinjian(db: Database) -> int:
    outcome = import_document(db, XINJIAN)
    assert outcome.plan_id is not None
    return outcome.plan_id


def header_row(ws: Worksheet) -> int:
    return next(r for r in range(1, 12) if ws.cell(r, 2).value == "任务编号")


def task_rows(ws: Worksheet) -> list[int]:
    head = header_row(ws)
    return [r for r in range(head + 1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]


def fill(path: Path, rows: dict[int, tuple[str, int | None, str | None]], *, author: str = "李四",
         filled_on: dt.date | None = None, problems: str = "", next_steps: str = "") -> Path:
    """Type into the fill-in cells of the n-th task rows (0-based): text, percent, status."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    if filled_on is not None:
        ws.cell(header_row(ws) - 2, 11).value = filled_on
    lines = task_rows(ws)
    col = {h: i + 1 for i, h in enumerate(HEADERS)}
    for n, (text, percent, status) in rows.items():
        r = lines[n]
        ws.cell(r, col["本期进展情况"]).value = text
        ws.cell(r, col["完成进度(%)"]).value = percent
        ws.cell(r, col["状态"]).value = status
        ws.cell(r, col["存在问题"]).value = problems or None
        ws.cell(r, col["下步打算"]).value = next_steps or None
        ws.cell(r, col["填报人"]).value = author
    wb.save(path)
    return path


def reverse_rows(path: Path) -> Path:
    """The task rows in the opposite order, as a 股室 that sorted its table would return it."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    lines = task_rows(ws)
    values = [[ws.cell(r, c).value for c in range(1, len(HEADERS) + 1)] for r in lines]
    for r, row in zip(lines, reversed(values), strict=True):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c).value = v
    wb.save(path)
    return path


def drop_meta(path: Path) -> Path:
    wb = load_workbook(path)
    del wb[META_SHEET]
    wb.save(path)
    return path


def resave_in_libreoffice(path: Path) -> Path:
    """What WPS does to a table: every byte rewritten by another office suite."""
    return convert_in_libreoffice(path, "xlsx", path)


def convert_in_libreoffice(path: Path, suffix: str, target: Path) -> Path:
    """`path` saved by LibreOffice as `suffix` (xlsx, or xls: Excel 97-2003) at `target`."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to",
                        suffix, "--outdir", out, str(path)], check=True, capture_output=True, timeout=120)
        shutil.copy(Path(out) / f"{path.stem}.{suffix}", target)
    return target
