"""Importing a plan document into the database, for `ecodesk import` and the GUI's 导入文档….

Reading happens first and touches nothing; the save is one transaction. Replacing a year keeps the
old plan in a backup copy of the database (SQLite) and in the audit log; the clerk is told, after the
save, which plan was replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ecodesk.domain.plan import PlanInfo
from ecodesk.io.plan_import import ImportResult, read_pasted, read_plan
from ecodesk.services.plans import plan_to_replace, save_plan
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
    """Read `path` into a plan and (unless `dry_run`) save it; an existing year needs `replace`
    (save_plan refuses it otherwise)."""
    return save_import(db, read_plan(Path(path), year), replace=replace, dry_run=dry_run)


def import_pasted(db: Database, text: str, html: str = "", *, year: int | None = None, replace: bool = False,
                  dry_run: bool = False) -> ImportOutcome:
    """As import_document, for text copied from a notice, a web page or a chat (文件 ▸ 从剪贴板导入…)."""
    return save_import(db, read_pasted(text, html, year), replace=replace, dry_run=dry_run)


def save_import(db: Database, result: ImportResult, *, replace: bool, dry_run: bool) -> ImportOutcome:
    """Save a plan read from a document (unless `dry_run`), in place of its year's plan when `replace`."""
    lines = result.summary_lines()
    if dry_run:
        return ImportOutcome(None, result.plan.year, [*lines, "（试运行：未写入数据库）"])
    old = plan_to_replace(db, result.plan.year, result.plan.bureau) if replace else None
    backup = copy_database(db.path, backup_name(db.path, "before-replace")) if old and db.path else None
    info = save_plan(db, result.plan, replace=old)
    if old is not None:
        lines.extend(_replaced_lines(old, result.plan.bureau, backup))
    return ImportOutcome(info.id, info.year, lines, backup)


def _replaced_lines(old: PlanInfo, named: str, backup: Path | None) -> list[str]:
    """What the clerk is told once the plan is replaced: which one it was, and where its copy is."""
    lines = [f"已替换原有的 {old.year} 年工作要点“{old.title}”（{old.bureau}）"]
    if named and named != old.bureau:
        lines.append(f"文档中的单位“{named}”与原有工作要点的单位不同，导入的工作要点仍属于“{old.bureau}”")
    if backup is not None:
        lines.append(f"原有内容已备份到：{backup}")
    return lines
