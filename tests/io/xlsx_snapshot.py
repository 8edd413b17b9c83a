"""Everything a clerk sees or prints in an exported workbook, as plain data to compare against a stored copy.

The Excel exports write cells through hand-tuned fast paths; this snapshot, read back with openpyxl, pins
what they produce (values, types, fonts, alignment, borders, fills, merges, heights, widths, print setup,
panes, validation) so that a speed-up cannot change the file unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet


def _style(cell: Cell | MergedCell) -> dict[str, Any]:
    font, align, border, fill = cell.font, cell.alignment, cell.border, cell.fill
    return {
        "font": [font.name, font.sz, font.b],
        "align": [align.horizontal, align.vertical, align.wrap_text],
        "border": [side.style if side else None for side in (border.left, border.right, border.top, border.bottom)],
        "fill": [fill.fill_type, fill.fgColor.rgb if fill.fill_type else None],
        "named": cell.style,
    }


def _sheet(ws: Worksheet) -> dict[str, Any]:
    cells = [[[cell.value, cell.data_type, _style(cell)] for cell in row] for row in ws.iter_rows()]
    setup = ws.page_setup
    return {
        "title": ws.title,
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "heights": {str(r): d.height for r, d in sorted(ws.row_dimensions.items())},
        "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
        "print": [setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight,
                  ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows, ws.print_area,
                  ws.print_options.horizontalCentered, ws.page_margins.left, ws.page_margins.right,
                  ws.page_margins.top, ws.page_margins.bottom, ws.page_margins.footer,
                  ws.oddFooter.center.text, ws.oddFooter.center.font],
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "validation": [[v.type, v.formula1, str(v.sqref), v.allow_blank, v.showErrorMessage, v.errorTitle, v.error]
                       for v in ws.data_validations.dataValidation],
    }


def snapshot(path: Path) -> list[dict[str, Any]]:
    """The workbook's sheets, in order, as JSON-ready data."""
    return [_sheet(ws) for ws in load_workbook(path).worksheets]
