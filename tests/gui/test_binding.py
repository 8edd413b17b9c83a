"""The installed PySide6 keeps Python's reference counts: the reason pyproject.toml holds it below 6.12.

PySide6 6.12.0 returns None from every Qt method that returns nothing without taking a reference to it;
on Python 3.11, where None is counted like any object, the interpreter aborts once the count reaches zero.
A window that lives through a working day makes millions of such calls.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QApplication, QLabel

CALLS = 10_000


def test_calls_returning_nothing_keep_none_alive(qapp: QApplication) -> None:
    label, item = QLabel(), QStandardItem()
    before = sys.getrefcount(None)
    for n in range(CALLS):
        label.setText(str(n))
        item.setText(str(n))
        item.setEditable(n % 2 == 0)
    assert sys.getrefcount(None) - before > -CALLS // 10
