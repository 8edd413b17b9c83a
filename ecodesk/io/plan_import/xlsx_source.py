"""Excel task tables: each visible sheet read row by row (read-only mode) and handed to table.py."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.rawtree import SourceLine
from ecodesk.io.plan_import.table import table_lines

_ROW_STRIDE = 100000  # line numbers of later sheets start at 100001, 200001…


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_lines(data: bytes, name: str) -> list[SourceLine]:
    """Lines of all visible sheets; a line number is the sheet's row number (offset per later sheet)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise InputFileError(f"文件“{name}”已损坏或不是有效的 Excel 工作簿（.xlsx），无法读取") from exc
    lines: list[SourceLine] = []
    try:
        sheets = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        for index, sheet in enumerate(sheets):
            rows = (
                (index * _ROW_STRIDE + no, [_cell_text(v) for v in values])
                for no, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            )
            lines.extend(table_lines(rows))
    finally:
        workbook.close()
    return lines
