"""Work that may take longer than a blink (import, export, backup) runs on a QThreadPool.

The window stays responsive; a busy dialog appears only if the work lasts over 0.3 s. Results and errors
come back to the GUI thread through queued signals. Never touch widgets inside `work`.
Tests construct `Ops(synchronous=True)`, which runs the work inline (Picard's FakeThreadPool idea).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

BUSY_DELAY_MS = 300


class _Job(QObject):
    """Lives on the GUI thread; the runnable emits into it, so its slots run on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
                 busy: QProgressDialog | None) -> None:
        super().__init__()
        self.on_done, self.on_error, self.busy = on_done, on_error, busy
        self.succeeded.connect(self._done, QtCore.Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._error, QtCore.Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _done(self, result: Any) -> None:
        self._close()
        self.on_done(result)

    @Slot(object)
    def _error(self, err: Exception) -> None:
        self._close()
        self.on_error(err)

    def _close(self) -> None:
        if self.busy is not None:
            self.busy.reset()
            self.busy.deleteLater()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], job: _Job) -> None:
        super().__init__()
        self.work, self.job = work, job

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as err:  # every failure goes back to the GUI thread to be shown, never lost
            self.job.failed.emit(err)
        else:
            self.job.succeeded.emit(result)


class Ops:
    """Starts background work; keeps each job alive until it reports back."""

    def __init__(self, *, synchronous: bool = False) -> None:
        self.synchronous = synchronous
        self._jobs: set[_Job] = set()

    def run(self, parent: QWidget, label: str, work: Callable[[], Any], *, on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None]) -> None:
        if self.synchronous:
            try:
                result = work()
            except Exception as err:
                on_error(err)
            else:
                on_done(result)
            return
        job = _Job(lambda r: self._finish(job, on_done, r), lambda e: self._finish(job, on_error, e),
                   _busy_dialog(parent, label))
        self._jobs.add(job)
        QThreadPool.globalInstance().start(_Runnable(work, job))

    def _finish(self, job: _Job, callback: Callable[[Any], None], value: Any) -> None:
        self._jobs.discard(job)
        callback(value)


def _busy_dialog(parent: QWidget, label: str) -> QProgressDialog:
    from PySide6.QtWidgets import QProgressDialog  # only when work is slow: not needed at start

    busy = QProgressDialog(label, "", 0, 0, parent)
    busy.setCancelButton(None)
    busy.setWindowTitle("请稍候")
    busy.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(BUSY_DELAY_MS)
    busy.setValue(0)
    return busy
