"""The floor under EcoDesk's start-up: a bare PySide6 tree window showing the same number of rows.

No database, no services: only Python, Qt and the rows. gui_start.py's figure minus this one is what
EcoDesk itself costs.
"""

from __future__ import annotations

import sys

from _coldstart import REPORT_SHOWN, cold_start_ms, rows

WINDOW = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem
app = QApplication(sys.argv)
tree = QTreeWidget()
tree.setHeaderLabels(["编号", "任务", "牵头股室", "状态", "完成时限"])
row = ["综合股", "推进中", "6月底前"]
tree.addTopLevelItems([QTreeWidgetItem([str(i), f"任务 {{i}}", *row]) for i in range({rows()})])
tree.resize(1200, 800)
tree.show()
{REPORT_SHOWN}
sys.exit(app.exec())
"""


def main() -> None:
    ms = cold_start_ms([sys.executable, "-c", WINDOW])
    print(f"BENCH\tcold start to first shown window: bare PySide6 tree, {rows():,} rows (floor)\t{ms:.0f}\tms")


if __name__ == "__main__":
    main()
