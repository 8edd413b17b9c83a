"""A tab whose contents are built the first time it is shown (or `ensure_built` is called).

The first window shows only the 工作任务 tab; building the other tabs' tables, buttons and charts, and
importing the Qt classes behind them, would cost start-up time nobody sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent  # the event's type is built when a tab is first shown, not at start


class LazyTab(QWidget):
    """Subclasses implement `build_contents()` returning the widget to show, and fill it there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.built = False
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        """Build the contents once; later calls do nothing."""
        if self.built:
            return
        self.built = True
        inner = self.build_contents()
        self._outer.addWidget(inner)
        inner.setVisible(True)  # added while the tab is being shown: show it now, not on the next turn
        self.contents_built()

    def build_contents(self) -> QWidget:
        raise NotImplementedError

    def contents_built(self) -> None:
        """Fill the new contents with what the tab was given before it existed."""
