"""The 文件 and 帮助 menus: plans, import, export, database open/backup, about.

Slow work (import, export, backup) goes through `Ops`, so the window never freezes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from ecodesk import APP_TITLE, __version__
from ecodesk.domain.errors import UserError
from ecodesk.gui.actions import Shortcut, make_action
from ecodesk.gui.dialogs import choose, confirm, show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ecodesk.gui.parts import WindowParts
    from ecodesk.gui.workspace import Workspace
    from ecodesk.services.exporting import ExportKind, ExportOptions
    from ecodesk.services.importing import ImportOutcome

DOCUMENT_FILTER = "工作要点文档 (*.docx *.doc *.wps *.rtf *.txt *.pdf *.xlsx *.xls *.et);;所有文件 (*)"
DATABASE_FILTER = "EcoDesk 数据库 (*.sqlite *.db);;所有文件 (*)"
SERVER_PROMPT = "服务器数据库地址（由管理员提供），如：\npostgresql://用户名:密码@服务器:5432/ecodesk"
# Dialog classes are imported where used: the first touch of a Qt class builds its Python enums, and the
# window should not pay for dialogs at start-up.


UNIT_SHEET_TYPES = {"xlsx": "Excel 工作簿，每个股室一个工作表 (*.xlsx)", "docx": "Word 文档，每个股室一页 (*.docx)"}


def unit_sheets_target(path: str, chosen_type: str) -> tuple[Path | None, str]:
    """The file and format of the per-unit sheets: the suffix typed, else the file type chosen (then added
    to the name); None when the save dialog was cancelled."""
    by_type = {label: fmt for fmt, label in UNIT_SHEET_TYPES.items()}
    fmt = by_type.get(chosen_type, "xlsx")
    if not path:
        return None, fmt
    typed = Path(path).suffix.lower().lstrip(".")
    if typed in UNIT_SHEET_TYPES:
        return Path(path), typed
    return Path(f"{path}.{fmt}"), fmt


class FileActions:
    """Controller of the file-level actions: works on the Workspace, speaks through the window's parts."""

    def __init__(self, ws: Workspace, parts: WindowParts) -> None:
        self.ws = ws
        self.parts = parts
        self.window = parts.parent  # the parent of its dialogs

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self._action("新建年度计划…", self.new_plan))
        menu.addAction(self._action("导入文档…", self.import_document, QKeySequence("Ctrl+I")))
        self.export_menu = menu.addMenu("导出")
        self.export_menu.aboutToShow.connect(self._fill_export_menu)
        menu.addSeparator()
        menu.addAction(self._action("打开数据库…", self.open_database, QKeySequence.StandardKey.Open))
        menu.addAction(self._action("备份与恢复…", self.backups))
        menu.addAction(self._action("另存数据库副本…", self.backup))
        menu.addAction(self._action("导出修改记录…", self.export_log))

    def _fill_export_menu(self) -> None:
        """The 导出 menu lists the export registry, so kinds added later appear by themselves; it is filled
        when first opened, the first window having no need of services.exporting."""
        if not self.export_menu.isEmpty():
            return
        from ecodesk.services.exporting import EXPORT_KINDS

        for kind in EXPORT_KINDS.values():
            self.export_menu.addAction(self._action(kind.label, lambda _c=False, k=kind.key: self.export(k)))

    def _action(self, text: str, slot: Any, shortcut: Shortcut | None = None) -> QAction:
        return make_action(self.window, text, slot, shortcut)

    # -- plans -------------------------------------------------------------------------------------

    def offer_first_plan(self) -> None:
        """On an empty database, offer what a clerk does first: a new plan for this year, or an import."""
        if self.ws.plans():
            return
        year = self.ws.today().year
        answer = choose(self.window, "欢迎使用 EcoDesk", "数据库中还没有年度工作要点。请选择：",
                        [f"新建 {year} 年工作要点", "导入工作要点文档…", "稍后再说"])
        if answer == 0:
            self._create_plan(year)
        elif answer == 1:
            self.import_document()

    def new_plan(self) -> None:
        this_year = self.ws.today().year
        from PySide6.QtWidgets import QInputDialog

        year, ok = QInputDialog.getInt(self.window, "新建年度计划", "年份：", this_year, 1990, 2100)
        if ok:
            self._create_plan(year)

    def _create_plan(self, year: int) -> None:
        from ecodesk.services.plans import create_plan

        try:
            info = create_plan(self.ws.db, year=year)
        except UserError as err:
            show_error(self.window, err)
            return
        self.ws.announce_plans(info.id)

    # -- import ------------------------------------------------------------------------------------

    def import_document(self) -> None:
        from ecodesk.gui.file_dialogs import open_file_name

        path = open_file_name(self.window, "导入工作要点文档", DOCUMENT_FILTER)
        if path:
            self.run_import(Path(path))

    def run_import(self, path: Path) -> None:
        """Read the document first (a dry run); a year already in the database is replaced only if the clerk agrees."""
        self._import_step(path, dry_run=True, replace=False)

    def _import_step(self, path: Path, *, dry_run: bool, replace: bool) -> None:
        db = self.ws.db

        def work() -> ImportOutcome:
            from ecodesk.services.importing import import_document

            return import_document(db, path, dry_run=dry_run, replace=replace)

        on_done: Callable[[ImportOutcome], None] = (
            (lambda outcome: self._checked(path, outcome)) if dry_run else self._imported)
        self.parts.run(self.window, f"正在导入“{path.name}”…", work, on_done=on_done,
                            on_error=lambda err: show_error(self.window, err))

    def _checked(self, path: Path, outcome: ImportOutcome) -> None:
        exists = any(p.year == outcome.year for p in self.ws.plans())
        question = (f"数据库中已有 {outcome.year} 年的工作要点。\n\n要用“{path.name}”的内容替换它吗？"
                    "原有任务和进展将被删除（替换前会自动备份数据库）。")
        if not exists or confirm(self.window, "替换已有年度", question):
            self._import_step(path, dry_run=False, replace=exists)

    def _imported(self, result: ImportOutcome) -> None:
        self.ws.announce_plans(result.plan_id)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.window, "导入完成", "\n".join(result.summary_lines) or "导入完成")

    # -- export ------------------------------------------------------------------------------------

    def export(self, key: str) -> None:
        """Ask what the kind of export offers (gui/export_dialog.py), then the file name; write in the
        background and open the file."""
        tree = self.ws.tree
        if tree is None:
            show_error(self.window, UserError("请先选择或新建一个年度工作要点，再导出"))
            return
        from ecodesk.gui.export_dialog import ask_export_options
        from ecodesk.services.exporting import EXPORT_KINDS, ExportOptions, export_plan

        try:
            shown = ExportOptions(as_of=self.ws.pace_day(), period=self.ws.period)  # the 本期 the window shows
            options = ask_export_options(self.window, key, tree, shown)
        except UserError as err:
            show_error(self.window, err)
            return
        if options is None:
            return
        target, options = self._export_target(EXPORT_KINDS[key], tree.title, options)
        if target is None:
            return
        db, plan_id = self.ws.db, self.ws.plan_id
        self.parts.run(self.window, "正在导出…", lambda: export_plan(db, plan_id, key, target, options),
                            on_done=self._exported, on_error=lambda err: show_error(self.window, err))

    def _export_target(self, kind: ExportKind, title: str,
                       options: ExportOptions) -> tuple[Path | None, ExportOptions]:
        """The file to write (None when cancelled); for the unit sheets, the file type chosen decides the
        format: a sheet a unit in Excel, or a page a unit in Word."""
        from dataclasses import replace

        from ecodesk.gui.file_dialogs import save_file_name

        suggested = Path.home() / f"{title}{kind.suffix_for(options)}"
        if kind.key != "units":
            path, _ = save_file_name(self.window, f"导出{kind.label}", suggested)
            return (Path(path) if path else None), options
        path, chosen_type = save_file_name(self.window, f"导出{kind.label}", suggested,
                                           ";;".join(UNIT_SHEET_TYPES.values()))
        target, fmt = unit_sheets_target(path, chosen_type)
        return target, replace(options, format=fmt)

    def _exported(self, path: Path) -> None:
        self.parts.show_status(f"已导出：{path}")
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- database ----------------------------------------------------------------------------------

    def open_database(self) -> None:
        """A SQLite file or a PostgreSQL server, both opened by `switch_to` (lock, checks, restore offer)."""
        kind = choose(self.window, "打开数据库", "要打开哪种数据库？",
                      ["本机或共享文件夹中的数据库文件…", "服务器数据库（PostgreSQL）…", "取消"])
        if kind == 0:
            from ecodesk.gui.file_dialogs import open_file_name

            target = open_file_name(self.window, "打开数据库", DATABASE_FILTER)
        elif kind == 1:
            from PySide6.QtWidgets import QInputDialog, QLineEdit

            target, ok = QInputDialog.getText(self.window, "打开服务器数据库", SERVER_PROMPT, QLineEdit.EchoMode.Normal,
                                              "postgresql://")
            target = target.strip() if ok and target.strip() != "postgresql://" else ""
        else:
            return
        if target:
            self.switch_to(target)

    def switch_to(self, target: str) -> None:
        """Open `target` in this window instead of the current database (whose lock is then released)."""
        from ecodesk.store.location import sqlite_path

        current = self.ws.db.path if self.ws.is_open else None
        if current is not None and sqlite_path(target) == current:
            self.parts.show_status("该数据库已在本窗口中打开")
            return
        from ecodesk.gui.guard import OpenDeclined, open_target

        try:
            db, lock = open_target(target, self.window)
        except OpenDeclined:
            return
        except UserError as err:
            show_error(self.window, err)
            return
        from ecodesk.gui.backup_dialog import leave_database

        leave_database(self.window, self.ws)
        self.ws.switch_database(db, lock)
        self.ws.announce_plans(None)

    def backups(self) -> None:
        from ecodesk.gui.backup_dialog import BackupDialog

        BackupDialog(self.ws, self.parts).exec()

    def export_log(self) -> None:
        """The whole plan's 修改记录 (its tasks, progress and the units) as a CSV file."""
        tree = self.ws.tree
        if tree is None or self.ws.plan_id is None:
            show_error(self.window, UserError("请先选择或新建一个年度工作要点，再导出修改记录"))
            return
        from ecodesk.gui.audit_view import export_log
        from ecodesk.services.audit import plan_log

        export_log(self.window, plan_log(self.ws.db, self.ws.plan_id), f"{tree.title}-修改记录.csv")

    def backup(self) -> None:
        db = self.ws.db
        if not db.is_sqlite or db.path is None:
            show_error(self.window, UserError("服务器数据库（PostgreSQL）请由管理员用 pg_dump 备份"))
            return
        suggested = db.path.with_name(f"{db.path.stem}-备份-{dt.date.today():%Y%m%d}.sqlite")
        from ecodesk.gui.file_dialogs import save_file_name

        path, _ = save_file_name(self.window, "备份数据库", suggested, DATABASE_FILTER)
        if not path:
            return

        def work() -> Path:
            from ecodesk.store.backup import copy_database

            return copy_database(db.path, Path(path))

        self.parts.run(self.window, "正在备份数据库…", work,
                            on_done=lambda p: self.parts.show_status(f"已备份到：{p}"),
                            on_error=lambda err: show_error(self.window, err))

    def about(self) -> None:
        text = (f"<b>{APP_TITLE}</b><br>版本 {__version__}<br><br>生态环境局年度工作要点的任务、进展与报表。"
                f"<br><br>数据库：{self.ws.display_name}")
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self.window, "关于 EcoDesk", text)
