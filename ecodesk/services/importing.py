"""Importing a plan document into the database, for `ecodesk import` and the GUI's 导入文档….

Reading happens first and touches nothing; the save is one transaction. Replacing a year keeps the
old plan in a backup copy of the database (SQLite) and in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.errors import UserError
from ecodesk.io.plan_import import read_plan
from ecodesk.services.plans import list_plans, save_plan
from ecodesk.store.backup import backup_name, copy_database
from ecodesk.store.db import Database


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did: the plan written (None on a dry run) and the report for the clerk."""

    plan_id: int | None
    year: int
    summary_lines: list[str]
    backup: Path | None = None


def import_document(
    db: Database, path: Path, *, year: int | None = None, replace: bool = False, dry_run: bool = False
) -> ImportOutcome:
    """Read `path` into a plan and (unless `dry_run`) save it; an existing year needs `replace`."""
    result = read_plan(Path(path), year)
    lines = result.summary_lines()
    if dry_run:
        return ImportOutcome(None, result.plan.year, [*lines, "（试运行：未写入数据库）"])
    exists = any(p.year == result.plan.year for p in list_plans(db))
    if exists and not replace:
        raise UserError(f"{result.plan.year} 年的工作要点已存在；如要用导入的内容替换它，请加 --replace")
    backup = None
    if exists and db.path is not None:
        backup = copy_database(db.path, backup_name(db.path, "before-replace"))
        lines.append(f"原有的 {result.plan.year} 年工作要点已备份到：{backup}")
    info = save_plan(db, result.plan, replace=replace)
    return ImportOutcome(info.id, info.year, lines, backup)
