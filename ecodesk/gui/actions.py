"""Menu and toolbar actions, made the one way that leaves Qt's namespace unbuilt at start-up.

`QAction.setShortcut` has overloads taking `Qt.Key`, so even a string or a QKeySequence passed to it
makes PySide6 build every enum of Qt's namespace to tell them apart (see gui/qt_values.py);
`setShortcuts` takes a list or a standard key and does not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

Shortcut = QKeySequence | QKeySequence.StandardKey | str


def key_sequences(key: Shortcut) -> list[QKeySequence]:
    """What `setShortcut(key)` would set, as a list; a standard key gives its platform's first binding."""
    if isinstance(key, QKeySequence.StandardKey):
        return QKeySequence.keyBindings(key)[:1]
    return [key if isinstance(key, QKeySequence) else QKeySequence(key)]


def make_action(parent: QObject, text: str, slot: Callable[..., Any], shortcut: Shortcut | None = None) -> QAction:
    action = QAction(parent)  # not QAction(text, parent): telling that from QAction(icon, text, parent)
    action.setText(text)       # would build QIcon's 151-member ThemeIcon enum at start-up
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcuts(key_sequences(shortcut))
    return action
