"""Message boxes in one place, so every window speaks the same Chinese and tests can replace one function."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecodesk.domain.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

# QMessageBox is imported where a box is shown: the first touch of a Qt class builds its Python enums,
# which start-up should not pay for a box it does not show.


def show_error(parent: QWidget | None, err: UserError | Exception) -> None:
    """A UserError's own sentence says what to do; anything else gets a plain apology, never a traceback."""
    from PySide6.QtWidgets import QMessageBox

    if isinstance(err, UserError):
        QMessageBox.warning(parent, "无法完成操作", str(err))
    else:
        advice = "数据未被改动。请重试；如仍失败，请联系系统管理员。"
        QMessageBox.critical(parent, "操作失败", f"操作未能完成：{err}\n\n{advice}")


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def choose(parent: QWidget | None, title: str, text: str, options: list[str]) -> int | None:
    """Ask the clerk to pick one of `options` (buttons, first is the default); None when closed."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in options]
    box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def close_box() -> QDialogButtonBox:
    """A button row with a Chinese 关闭 (the standard Close button is English without Qt's translations);
    its `rejected` closes the dialog, action buttons are added next to it."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox()
    box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
    return box


def ok_cancel_box(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK and 取消 buttons wired to `dialog`, the OK one saying what it does (添加, 导出…)."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
