"""The 文件 and 帮助 menus: plans, import, export, database open/backup, about.

Slow work (import, export, backup) goes through `Ops`, so the window never freezes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from ecodesk import APP_TITLE, __version__
from ecodesk.domain.changes import plan_made
from ecodesk.domain.errors import UserError
from ecodesk.gui.actions import Shortcut, make_action
from ecodesk.gui.dialogs import choose, confirm, show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ecodesk.gui.parts import WindowParts
    from ecodesk.gui.workspace import Workspace
    from ecodesk.services.importing import ImportOutcome
    from ecodesk.services.progress_report import ReportMatch
    from ecodesk.services.rollover import Rollover

DOCUMENT_FILTER = "工作要点文档 (*.docx *.doc *.wps *.rtf *.txt *.pdf *.xlsx *.xls *.et);;所有文件 (*)"
REPORT_FILTER = "进展报告 (*.docx *.doc *.wps *.rtf *.txt *.pdf);;所有文件 (*)"
DATABASE_FILTER = "EcoDesk 数据库 (*.sqlite *.db);;所有文件 (*)"
LEDGER_LABEL = "工作台账（附件 ZIP）…"  # the 导出 menu's last entry, after the export kinds
# Dialog classes are imported where used: the first touch of a Qt class builds its Python enums, and the
# window should not pay for dialogs at start-up.


class FileActions:
    """Controller of the file-level actions: works on the Workspace, speaks through the window's parts."""

    def __init__(self, ws: Workspace, parts: WindowParts) -> None:
        self.ws = ws
        self.parts = parts
        self.window = parts.parent  # the parent of its dialogs

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self._action("新建年度计划…", self.new_plan))
        menu.addAction(self._action("新建下一年度计划…", self.next_year_plan))
        menu.addAction(self._action("计划属性…", self.plan_properties))
        menu.addAction(self._action("导入文档…", self.import_document, QKeySequence("Ctrl+I")))
        menu.addAction(self._action("从剪贴板导入…", self.import_pasted))
        menu.addAction(self._action("导入进展报告…", self.import_report))
        menu.addAction(self._action("进展征集…", self.collect))
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
        from ecodesk.gui import urgings

        self.export_menu.addSeparator()  # the 督办 documents of the 本期 shown (gui/urgings.py)
        self.export_menu.addAction(self._action(urgings.NOTICES_LABEL,
                                                lambda: urgings.issue_notices(self.ws, self.parts)))
        self.export_menu.addAction(self._action(urgings.BULLETIN_LABEL,
                                                lambda: urgings.export_bulletin(self.ws, self.parts)))
        self.export_menu.addAction(self._action(LEDGER_LABEL, self.export_ledger))

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
        """Year, bureau and title asked in one form (gui/plan_dialog.py)."""
        from ecodesk.gui.plan_dialog import new_plan_fields

        fields = new_plan_fields(self.window, self.ws.plans(), self.ws.today().year)
        if fields is not None:
            self._create_plan(fields.year, fields.title, fields.bureau)

    def next_year_plan(self) -> None:
        """A draft of next year's plan from the plan shown (gui/rollover_dialog.py); a year that has a plan
        is replaced only if the clerk agrees."""
        source = next((p for p in self.ws.plans() if p.id == self.ws.plan_id), None)
        if source is None:
            show_error(self.window, UserError("请先选择一个年度工作要点，再由它新建下一年度计划"))
            return
        from ecodesk.gui.rollover_dialog import RolloverDialog

        chosen = RolloverDialog.ask(self.window, source)
        replace = self._replaces(chosen.year, f" {source.year} 年工作要点") if chosen is not None else None
        if chosen is None or replace is None:
            return
        from ecodesk.services.rollover import roll_over

        db = self.ws.db
        self.ws.perform(lambda: roll_over(db, source, chosen.year, carry=chosen.carry, replace=replace),
                        lambda done: plan_made(done.plan.id), then=self._rolled_over, busy="正在新建下一年度计划…")

    def _rolled_over(self, done: Rollover) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.window, "新建下一年度计划", "\n".join(done.summary_lines()))

    def plan_properties(self) -> None:
        from ecodesk.gui.plan_dialog import edit_plan_properties

        edit_plan_properties(self.ws, self.window)

    def _create_plan(self, year: int, title: str = "", bureau: str | None = None) -> None:
        from ecodesk.services.plans import create_plan

        db = self.ws.db
        self.ws.perform(lambda: create_plan(db, year=year, title=title, bureau=bureau or None),
                        lambda info: plan_made(info.id))

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
        """The dry run only reads (off the GUI thread); the import itself is a write through the door."""
        db = self.ws.db

        def work() -> ImportOutcome:
            from ecodesk.services.importing import import_document

            return import_document(db, path, dry_run=dry_run, replace=replace)

        label = f"正在导入“{path.name}”…"
        if dry_run:
            self.parts.run(self.window, label, work, on_done=lambda outcome: self._checked(path, outcome),
                           on_error=lambda err: show_error(self.window, err))
        else:
            self.ws.perform(work, lambda outcome: plan_made(outcome.plan_id), then=self._imported, busy=label)

    def _checked(self, path: Path, outcome: ImportOutcome) -> None:
        replace = self._replaces(outcome.year, f"“{path.name}”")
        if replace is not None:
            self._import_step(path, dry_run=False, replace=replace)

    def _replaces(self, year: int, source: str) -> bool | None:
        """Whether saving a plan of `year` replaces one (asked first); None when the clerk declines."""
        exists = any(p.year == year for p in self.ws.plans())
        question = (f"数据库中已有 {year} 年的工作要点。\n\n要用{source}的内容替换它吗？"
                    "原有任务和进展将被删除（替换前会自动备份数据库）。")
        return exists if not exists or confirm(self.window, "替换已有年度", question) else None

    def import_pasted(self) -> None:
        """A plan copied from a notice, a web page or a chat: previewed, then saved as an import."""
        from ecodesk.gui.paste_import import ask_pasted

        chosen = ask_pasted(self.window)
        replace = self._replaces(chosen.plan_year, "粘贴") if chosen is not None else None
        if chosen is None or replace is None:
            return
        from ecodesk.services.importing import import_pasted

        db = self.ws.db
        self.ws.perform(lambda: import_pasted(db, chosen.text, chosen.html, year=chosen.year, replace=replace),
                        lambda outcome: plan_made(outcome.plan_id), then=self._imported, busy="正在导入粘贴的内容…")

    def _imported(self, result: ImportOutcome) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.window, "导入完成", "\n".join(result.summary_lines) or "导入完成")

    def import_report(self) -> None:
        """A 进展 report back into updates: matched off the GUI thread, confirmed by the clerk, then recorded."""
        tree, plan_id = self.ws.tree, self.ws.plan_id
        if tree is None or plan_id is None:
            show_error(self.window, UserError("请先选择或新建一个年度工作要点，再导入进展报告"))
            return
        from ecodesk.gui.file_dialogs import open_file_name

        path = open_file_name(self.window, "导入进展报告", REPORT_FILTER)
        if not path:
            return
        from ecodesk.services.progress_report import match_report

        db, year = self.ws.db, tree.year
        self.parts.run(self.window, f"正在读取“{Path(path).name}”…", lambda: match_report(db, plan_id, Path(path)),
                       on_done=lambda matches: self._confirm_report(matches, year, Path(path).name),
                       on_error=lambda err: show_error(self.window, err))

    def _confirm_report(self, matches: list[ReportMatch], year: int, name: str) -> None:
        from PySide6.QtWidgets import QDialog

        from ecodesk.gui.report_import import ReportImportDialog
        from ecodesk.services.progress import add_reported

        dialog = ReportImportDialog(matches, year, self.ws.today(), self.window, name)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.reported:
            return
        db, plan_id, reported, day = self.ws.db, self.ws.plan_id, dialog.reported, dialog.period.end
        assert plan_id is not None
        self.ws.perform(lambda: add_reported(db, plan_id, reported, date=day), lambda changes: changes,
                        then=lambda changes: self.parts.show_status(
                            f"已记录 {len(changes.tasks)} 项任务的进展（{day.month}月{day.day}日）"))

    def collect(self) -> None:
        """The 进展征集 dialog of the shown plan (gui/collect_dialog.py)."""
        if self.ws.tree is None or self.ws.plan_id is None:
            show_error(self.window, UserError("请先选择或新建一个年度工作要点，再进行进展征集"))
            return
        from ecodesk.gui.collect_dialog import CollectDialog

        CollectDialog(self.ws, self.parts).exec()

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
            options = ask_export_options(self.window, key, tree, shown, self.ws.plans())
        except UserError as err:
            show_error(self.window, err)
            return
        if options is None:
            return
        from ecodesk.gui.save_names import export_target

        target, options = export_target(self.window, EXPORT_KINDS[key], tree, options)
        if target is None:
            return
        db, plan_id = self.ws.db, self.ws.plan_id
        self.parts.run(self.window, "正在导出…", lambda: export_plan(db, plan_id, key, target, options),
                            on_done=self._exported, on_error=lambda err: show_error(self.window, err))

    def export_ledger(self) -> None:
        """The 台账 zip of the files the clerk chooses (gui/export_dialog.LedgerDialog), written in the
        background (a big ledger takes a while), then offered to open."""
        tree = self.ws.tree
        if tree is None or self.ws.plan_id is None:
            show_error(self.window, UserError("请先选择或新建一个年度工作要点，再导出台账"))
            return
        from ecodesk.gui.export_dialog import LedgerDialog
        from ecodesk.gui.save_names import ask_save_path

        chosen = LedgerDialog.ask(self.window, tree)
        if chosen is None:
            return
        period, unit = chosen
        scope = "".join(f"（{part}）" for part in (period.label if period else "", unit or "") if part)
        target, _ = ask_save_path(self.window, "导出工作台账", f"{tree.bureau}{tree.year}年工作台账{scope}.zip",
                                  "ZIP 压缩包 (*.zip)")
        if target is None:
            return
        db, plan_id = self.ws.db, self.ws.plan_id

        def work() -> Path:
            from ecodesk.services.ledger import export_ledger

            return export_ledger(db, plan_id, target, period=period, unit=unit)

        self.parts.run(self.window, "正在导出台账…", work, on_done=self._exported,
                       on_error=lambda err: show_error(self.window, err))

    def _exported(self, path: Path) -> None:
        self.parts.show_status(f"已导出：{path}")
        from ecodesk.gui.export_done import offer_to_open

        offer_to_open(self.window, path)

    # -- database ----------------------------------------------------------------------------------

    def open_database(self) -> None:
        """A SQLite file or a PostgreSQL server, both opened by `switch_to` (lock, checks, restore offer)."""
        kind = choose(self.window, "打开数据库", "要打开哪种数据库？",
                      ["本机或共享文件夹中的数据库文件…", "服务器数据库（PostgreSQL）…", "取消"])
        if kind == 0:
            from ecodesk.gui.file_dialogs import open_file_name

            target = open_file_name(self.window, "打开数据库", DATABASE_FILTER)
        elif kind == 1:
            from ecodesk.gui.server_dialog import ask_server  # the password asked, the address remembered

            target = ask_server(self.window) or ""
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
        from ecodesk.gui.save_names import log_name
        from ecodesk.services.audit import plan_log

        export_log(self.window, plan_log(self.ws.db, self.ws.plan_id), log_name(tree))

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
