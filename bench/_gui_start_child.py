"""The two processes bench/gui_start.py times, kept apart from it so that neither imports the harness.

`window DB` starts EcoDesk's main window the way the `ecodesk` command does; `floor ROWS` is the floor: a
bare PySide6 tree window with as many rows and the same seven columns. Each prints the time of its first
event-loop turn after `show()` and the rows it shows, then quits.
"""

import os
import sys
import time

COLUMNS = 7


def window(db: str) -> None:
    """As `ecodesk --db DB` starts (ecodesk.cli.main): the command module loaded, the garbage collector
    paused until the first paint, the GUI package imported before PySide6 itself (see ecodesk/gui/__init__.py)."""
    import gc

    from ecodesk import cli

    assert cli._window_only(["--db", db]) == db  # the command's own test that this starts the window
    gc.disable()
    from ecodesk.gui.app import build_window, create_application  # isort: skip  (before PySide6, as the command)

    from PySide6.QtCore import QTimer  # isort: skip

    app = create_application()
    shown = build_window(db)
    shown.show()
    QTimer.singleShot(0, lambda: report(app, sum(1 for _ in shown.ws.tree.walk())))
    app.exec()


def floor(rows: int) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem

    app = QApplication([])
    tree = QTreeWidget()
    tree.setHeaderLabels([f"列{c}" for c in range(COLUMNS)])
    tree.addTopLevelItems([QTreeWidgetItem([f"任务{r}-{c}" for c in range(COLUMNS)]) for r in range(rows)])
    tree.resize(1200, 800)
    tree.show()
    QTimer.singleShot(0, lambda: report(app, tree.topLevelItemCount()))
    app.exec()


def report(app, rows: int) -> None:
    if hasattr(os, "getloadavg"):
        os.getloadavg()  # the mark valgrind counts up to (--dump-before=getloadavg): nothing else calls it
    print(f"{time.time():.6f} {rows}", flush=True)
    app.quit()


if __name__ == "__main__":
    mode, arg = sys.argv[1:3]
    window(arg) if mode == "window" else floor(int(arg))
