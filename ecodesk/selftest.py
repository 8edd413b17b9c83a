"""`ecodesk selftest`: the smoke test a freshly installed copy runs (installer CI, a clerk's helpdesk call).

It touches everything an installation can get wrong — bundled resources, migrations, the database driver,
the importer, every export writer, Qt's libraries — in a throw-away folder, never the clerk's database.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ecodesk import __version__
from ecodesk.resources_util import SAMPLE_PLAN, app_icon_path, resources_path
from ecodesk.store.db import Database, open_database


class SelftestFailure(Exception):
    """A step found the installation broken; the message says what, in Chinese."""


@dataclass(slots=True)
class _Run:
    workdir: Path
    out: TextIO
    db: Database | None = None
    plan_id: int | None = None
    failures: list[str] = field(default_factory=list)

    def step(self, label: str, action: Callable[[], str]) -> bool:
        try:
            detail = action()
        except Exception as err:  # any error means the installation is broken: report it, go on
            self.failures.append(label)
            reason = str(err) if isinstance(err, SelftestFailure) else f"{type(err).__name__}: {err}"
            print(f"[失败] {label}：{reason}", file=self.out)
            return False
        print(f"[通过] {label}：{detail}", file=self.out)
        return True

    def resources(self) -> str:
        missing = [p for p in (app_icon_path(), resources_path(SAMPLE_PLAN)) if not p.is_file()]
        if missing:
            raise SelftestFailure("缺少随程序安装的文件：" + "、".join(str(p) for p in missing))
        return str(app_icon_path().parent)

    def database(self) -> str:
        self.db = open_database(str(self.workdir / "selftest.sqlite"))
        return "临时数据库已建立并升级到最新结构"

    def import_sample(self) -> str:
        try:
            from ecodesk.services.importing import import_document
        except ImportError as err:
            raise SelftestFailure(f"本安装缺少导入功能（ecodesk.services.importing）：{err}") from err
        from ecodesk.services.plans import load_plan, resolve_plan

        assert self.db is not None
        import_document(self.db, resources_path(SAMPLE_PLAN))
        plan = resolve_plan(self.db, None)
        tasks = sum(1 for _ in load_plan(self.db, plan.id).walk())
        if tasks == 0:
            raise SelftestFailure("样例文档导入后没有任何任务")
        self.plan_id = plan.id
        return f"{plan.year} 年工作要点，{tasks} 项任务"

    def export_all(self) -> str:
        from ecodesk.services.exporting import EXPORT_KINDS, ExportOptions, export_plan

        if self.db is None or self.plan_id is None:
            raise SelftestFailure("未进行：样例未能导入")
        written = []
        for kind in EXPORT_KINDS.values():
            options = ExportOptions()
            path = export_plan(self.db, self.plan_id, kind.key, self.workdir / f"selftest-{kind.key}"
                               f"{kind.suffix_for(options)}", options)
            if not path.is_file() or path.stat().st_size == 0:
                raise SelftestFailure(f"导出“{kind.label}”没有写出文件")
            written.append(kind.key)
        return f"{len(written)} 种（{'、'.join(written)}）"

    def qt(self) -> str:
        """Load QtGui and QtSvg and draw the icon offscreen: proves the bundled Qt libraries load."""
        from ecodesk.gui.smoke import render_app_icon

        try:
            return render_app_icon()
        except RuntimeError as err:
            raise SelftestFailure(str(err)) from None


def run_selftest(out: TextIO = sys.stdout) -> bool:
    """Run every check, print one line per check and a verdict; True when all passed."""
    print(f"EcoDesk {__version__} 自检（Python {sys.version.split()[0]}，{sys.executable}）", file=out)
    with tempfile.TemporaryDirectory(prefix="ecodesk-selftest-", ignore_cleanup_errors=True) as tmp:
        run = _Run(Path(tmp), out)
        run.step("随程序安装的文件", run.resources)
        if run.step("打开临时数据库", run.database):
            try:
                run.step("导入样例工作要点", run.import_sample)
                run.step("导出全部种类", run.export_all)
            finally:
                assert run.db is not None
                run.db.close()  # Windows cannot delete the folder while the file is open
        run.step("Qt 图形库", run.qt)
    if run.failures:
        print(f"自检失败：{'、'.join(run.failures)}", file=out)
        return False
    print("OK", file=out)
    return True
