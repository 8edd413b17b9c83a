"""Read-only tables of the dialogs and tabs: 修改记录, 备份与恢复, the edit conflict, 统计概览, and the grouped
trees of 本期与上期 and 催办记录.

Not imported by the first window (building QTableWidget's enums would cost start-up time nobody sees);
each dialog and lazily built tab imports it when it is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QLayout,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)


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


def grouped_tree(headers: Sequence[str], widths: Sequence[int]) -> QTreeWidget:
    """A tree of groups and their rows (本期与上期: units and tasks; 催办记录: slips and tasks), the first
    columns `widths` pixels wide."""
    tree = QTreeWidget()
    tree.setHeaderLabels(list(headers))
    tree.setAlternatingRowColors(True)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    return tree


def tab_page(top: QLayout, body: QWidget) -> QWidget:
    """A lazily built tab's contents: its line of heading and buttons over `body`."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.addLayout(top)
    column.addWidget(body)
    return page
