"""Small editor widgets the detail panel is made of: text that commits on leaving, a date field with a
calendar built on first use, and unit checklists.

Event handlers are overridden rather than event filters installed: an override runs only for its own
kind of event, once the clerk acts, while a filter sees every event from the first show on and would
build the 179-member QEvent.Type enum before the first paint (see gui/qt_values.py for why that counts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from ecodesk.domain.deadlines import format_cn_date, may_become_date, parse_typed_date
from ecodesk.domain.plan import Unit
from ecodesk.gui.qt_values import CHECK_STATE_ROLE, CHECKED, UNCHECKED

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent


class CommitTextEdit(QPlainTextEdit):
    """A multi-line field that emits `committed(text)` when focus leaves it with a changed text.

    One edit, one transaction, one undo step: committing per keystroke would flood the undo stack.
    """

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._loaded = ""

    def load(self, text: str) -> None:
        """Show `text` as the task's; a field already showing it keeps its document (and cursor): setting
        it again would lay the text out and repaint it for nothing, after every edit of the task."""
        self._loaded = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def commit(self) -> None:
        text = self.toPlainText()
        if text != self._loaded:
            self._loaded = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


def show_line(edit: QLineEdit, text: str) -> None:
    """Show `text` in a one-line field from its beginning (a long title shows how it starts); a field already
    showing it is left alone, its cursor too: QLineEdit lays out and repaints even the same text again."""
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


class ChineseDateEdit(QDateEdit):
    """A date field that shows 2021年6月30日 and takes a whole date typed over it (2021-05-10, 2021/5/10,
    2021年5月10日), with a calendar popup.

    QDateEdit's own typing works section by section of its display format: typing 2021-05-10 over a
    selected 2026-12-02 kept the year 2026, and a format with 年/月/日 takes no typed '-' at all. So the
    text is read as a whole here; the arrow keys still step the section under the cursor. On leaving,
    the text is shown again in the Chinese form (a typed impossible date falls back to the last good one).
    """

    def __init__(self, day: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-M-d")  # the sections the arrow keys step; the text is textFromDateTime's
        if day is not None:
            self.setDate(day)
        self.editingFinished.connect(self._show_chinese)

    def _show_chinese(self) -> None:
        """The date taken, shown again the Chinese way (QDateEdit keeps the text as typed)."""
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))

    def textFromDateTime(self, value: QDateTime) -> str:
        return format_cn_date(value.date().toPython())  # type: ignore[arg-type]

    def dateTimeFromText(self, text: str) -> QDateTime:
        """The typed day, else the current value."""
        day = parse_typed_date(text)
        current = self.dateTime()
        return current if day is None else current.addDays(current.date().daysTo(QDate(day)))

    def validate(self, text: str, pos: int) -> object:
        from PySide6.QtGui import QValidator

        if parse_typed_date(text) is not None:
            return QValidator.State.Acceptable, text, pos
        state = QValidator.State.Intermediate if may_become_date(text) else QValidator.State.Invalid
        return state, text, pos

    def fixup(self, text: str) -> str:
        return self.textFromDateTime(self.dateTime())


class CalendarDateEdit(ChineseDateEdit):
    """A Chinese date field that emits `picked` when the clerk clicks a day in the calendar.

    The popup's QCalendarWidget is slow to build, so it is made when the clerk first clicks or types in
    the field (which is what opens it), and only then is its `clicked` connected.
    """

    picked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self._armed = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._arm()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._arm()
        super().keyPressEvent(event)

    def _arm(self) -> None:
        if not self._armed:
            self._armed = True
            self.calendarWidget().clicked.connect(lambda _day: self.picked.emit())


class UnitChecklist(QListWidget):
    """The bureau's units with check boxes; emits `picked(names)` after the clerk ticks or unticks one.

    Deactivated units are offered only while a task still names them, so old assignments stay visible.
    Ticking is the only thing to do with a unit here, so nothing is ever selected.
    """

    picked = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # the units listed and those ticked, kept here as the list changes: what `load` compares after every
        # edit of the task, without reading each row back through PySide6
        self._shown: tuple[list[str], list[str]] = ([], [])
        self.itemChanged.connect(self._ticked)

    def load(self, units: list[Unit], chosen: list[str]) -> None:
        """List the units, `chosen` ticked; a list already showing just that is left alone (rebuilding it
        after every edit of the task would cost its rows and a repaint)."""
        names = [u.name for u in units if u.active or u.name in chosen]
        names += [n for n in chosen if n not in names]
        shown = (names, [n for n in names if n in chosen])
        if self._shown == shown:
            return
        self.blockSignals(True)
        self.clear()
        for name in names:
            item = QListWidgetItem(self)  # checkable by default; not (name, self): see gui/actions.py
            item.setText(name)
            item.setData(CHECK_STATE_ROLE, CHECKED if name in chosen else UNCHECKED)  # ints: see gui/qt_values.py
        self.blockSignals(False)
        self._shown = shown

    def checked(self) -> list[str]:
        return list(self._shown[1])

    def _ticked(self, _item: QListWidgetItem) -> None:
        """A unit ticked or unticked (by the clerk, or `set_checked`): the rows read again, then said."""
        items = [self.item(row) for row in range(self.count())]
        self._shown = [i.text() for i in items], [i.text() for i in items if i.data(CHECK_STATE_ROLE) == CHECKED]
        self.picked.emit(self.checked())

    def set_checked(self, name: str, on: bool) -> None:
        """Tick or untick a unit by name, as a click would."""
        for row in range(self.count()):
            if self.item(row).text() == name:
                self.item(row).setData(CHECK_STATE_ROLE, CHECKED if on else UNCHECKED)
