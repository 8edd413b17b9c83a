"""Read-only tables of the dialogs and tabs: 修改记录, 备份与恢复, the edit conflict, 统计概览.

Not imported by the first window (building QTableWidget's enums would cost start-up time nobody sees);
each dialog and lazily built tab imports it when it is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem


def read_only_table(header: Sequence[str], rows: Sequence[Iterable[str]] = ()) -> QTableWidget:
    """A table the clerk reads but does not edit: one row per item of `rows`, no row numbers."""
    table = QTableWidget(len(rows), len(header))
    table.setHorizontalHeaderLabels(list(header))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(text))
    return table
