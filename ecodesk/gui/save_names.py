"""Where an export is saved: a name of its own per kind, its file type, and the folder used last.

Each kind gets a name a clerk would give it (南昌市新建生态环境局2021年重点工作任务进展情况表（截至6月30日）
.xlsx), from the plan's bureau and year and the date it is as of, so that accepting the suggestion never
overwrites another kind's file. The save dialog offers the kind's type only and adds its suffix when the
clerk types a name without one; the folder of the last export is offered again (QSettings
"export/folder"), the home folder the first time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from ecodesk.domain.plan import PlanTree
from ecodesk.io.plan_text import bureau_name
from ecodesk.services.exporting import ExportKind, ExportOptions, report_period

FOLDER_KEY = "export/folder"
UNIT_SHEET_TYPES = {"xlsx": "Excel 工作簿，每个股室一个工作表 (*.xlsx)", "docx": "Word 文档，每个股室另起一页 (*.docx)"}
KIND_TYPES = {".docx": "Word 文档 (*.docx)", ".xlsx": "Excel 工作簿 (*.xlsx)", ".json": "JSON 数据文件 (*.json)",
              ".csv": "CSV 文件 (*.csv)"}
# What each kind is called in its file name; the as-of date is added to those that report on a day.
KIND_NAMES = {"word": "年工作要点", "excel": "年重点工作任务进展情况表", "units": "年各股室任务清单",
              "summary": "年度工作总结", "json": "年工作要点数据"}
DATED = frozenset({"excel", "units", "summary"})
# The kinds whose documents name the period they report on (“2021年上半年重点工作任务进展情况表”): so does the file.
PERIOD_NAMES = {"excel": "重点工作任务进展情况表", "units": "各股室任务清单"}


def type_filter(suffix: str) -> str:
    """The save dialog's one file type for `suffix` (“Word 文档 (*.docx)”)."""
    return KIND_TYPES.get(suffix, f"{suffix.lstrip('.').upper()} 文件 (*{suffix})")


def suggested_name(kind: ExportKind, plan: PlanTree, options: ExportOptions) -> str:
    """The file name offered for `kind`: bureau, year, what it is, and “（截至6月30日）” when the export
    reports as of a day before the year's end (a summary made during the year is a 工作进展情况); a period
    report, or a summary with next year's plan, is named by its title (…2021年上半年工作进展情况和下半年工作
    安排.docx, …2021年工作总结和2022年工作要点.docx)."""
    if kind.key == "report":
        from ecodesk.domain.report_text import report_title

        return f"{report_title(plan, report_period(plan, options), bureau_name(plan))}{kind.suffix}"
    if kind.key == "summary" and options.next_plan_year:
        from ecodesk.io.summary_export import summary_title

        return f"{summary_title(plan, options.next_plan_year)}{kind.suffix}"
    what = f"{plan.year}{KIND_NAMES.get(kind.key, f'年{kind.label}')}"
    as_of = options.as_of
    when = ""
    if kind.key in DATED and as_of is not None and as_of < dt.date(plan.year, 12, 31):
        what = f"{plan.year}年工作进展情况" if kind.key == "summary" else what
        when = f"（截至{as_of.month}月{as_of.day}日）"
    if kind.key in PERIOD_NAMES and options.period is not None:
        what = f"{options.period.label}{PERIOD_NAMES[kind.key]}"
    return f"{bureau_name(plan)}{what}{when}{kind.suffix_for(options)}"


def log_name(plan: PlanTree) -> str:
    """The 修改记录 CSV's name, in the same scheme."""
    return f"{bureau_name(plan)}{plan.year}年工作要点修改记录.csv"


def last_folder() -> Path:
    """The folder the last export went to, while it still exists; else the home folder."""
    stored = QSettings().value(FOLDER_KEY)
    folder = Path(str(stored)) if stored else Path.home()
    return folder if folder.is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    QSettings().setValue(FOLDER_KEY, str(path.parent))


def ask_save_path(parent: QWidget | None, caption: str, name: str, filters: str) -> tuple[Path | None, str]:
    """The file the clerk names in the last folder used (None when cancelled) and the type chosen; the
    folder is remembered for the next save."""
    from ecodesk.gui.file_dialogs import save_file_name

    path, chosen = save_file_name(parent, caption, last_folder() / name, filters)
    if not path:
        return None, chosen
    remember_folder(Path(path))
    return Path(path), chosen


def export_target(parent: QWidget | None, kind: ExportKind, plan: PlanTree,
                  options: ExportOptions) -> tuple[Path | None, ExportOptions]:
    """The file to write (None when cancelled); for the unit sheets, the file type chosen decides the
    format: a sheet a unit in Excel, or a page a unit in Word."""
    name = suggested_name(kind, plan, options)
    if kind.key != "units":
        path, _ = ask_save_path(parent, f"导出{kind.label}", name, type_filter(kind.suffix))
        return path, options
    path, chosen_type = ask_save_path(parent, f"导出{kind.label}", name, ";;".join(UNIT_SHEET_TYPES.values()))
    target, fmt = unit_sheets_target(str(path or ""), chosen_type)
    return target, replace(options, format=fmt)


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
