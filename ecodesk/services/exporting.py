"""Exports by kind, for the CLI (`ecodesk export KIND`) and the GUI's 导出 menu alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanTree

if TYPE_CHECKING:
    from ecodesk.store.db import Database


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Everything an export may be asked for; each kind reads what applies to it."""

    as_of: dt.date | None = None  # the day the plan is shown as of (the period's end when `period` is given)
    period: Period | None = None  # the round 未报 is judged on (default: the period `as_of` falls in)
    units: tuple[str, ...] = ()
    format: str = "xlsx"
    include_units: bool = True
    include_deadlines: bool = True
    include_targets: bool = True
    include_preamble: bool = True
    plain_fonts: bool = False
    next_plan_year: int | None = None  # the summary: next year's 工作要点 appended as its second part
    next_plan: PlanTree | None = None  # that plan, read by export_plan


@dataclass(frozen=True, slots=True)
class ExportKind:
    """An entry of the 导出 menu: label, default file suffix and the function that writes it."""

    key: str
    label: str
    suffix: str
    write: Callable[[PlanTree, Path, ExportOptions], Path]
    dated: bool = False  # shows the plan as of a day, today unless one is given

    def suffix_for(self, options: ExportOptions) -> str:
        return f".{options.format}" if self.key == "units" else self.suffix


def _json(plan: PlanTree, path: Path, options: ExportOptions) -> Path:
    from ecodesk.io.json_export import export_json

    return export_json(plan, path, period=options.period)


def _word(plan: PlanTree, path: Path, options: ExportOptions) -> Path:
    from ecodesk.io.word_export import WordOptions, export_word

    return export_word(plan, path, WordOptions(
        units=options.include_units, deadlines=options.include_deadlines, targets=options.include_targets,
        preamble=options.include_preamble, plain_fonts=options.plain_fonts,
    ))


def _excel(plan: PlanTree, path: Path, options: ExportOptions) -> Path:
    from ecodesk.io.excel_export import export_progress_table

    return export_progress_table(plan, path, as_of=plan.as_of, period=options.period)


def _units(plan: PlanTree, path: Path, options: ExportOptions) -> Path:
    from ecodesk.io.unit_sheets import export_unit_sheets

    return export_unit_sheets(plan, path, units=list(options.units) or None, fmt=options.format, as_of=plan.as_of,
                              period=options.period)


def report_period(plan: PlanTree, options: ExportOptions) -> Period:
    """The period a period report covers: the one asked for, else the one its day falls in (today's)."""
    from ecodesk.domain.periods import period_of_day

    return options.period or period_of_day(plan.reporting_periods(), options.as_of or plan.as_of or dt.date.today())


def _report(plan: PlanTree, path: Path, options: ExportOptions) -> Path:
    from ecodesk.io.report_export import export_report

    return export_report(plan, path, report_period(plan, options))


def _summary(plan: PlanTree, path: Path, options: ExportOptions) -> Path:
    from ecodesk.io.summary_export import export_summary

    return export_summary(plan, path, today=plan.as_of, next_plan=options.next_plan)


EXPORT_KINDS: dict[str, ExportKind] = {
    kind.key: kind
    for kind in (
        ExportKind("word", "工作要点（Word 公文）", ".docx", _word),
        ExportKind("excel", "重点工作任务进展情况表（Excel）", ".xlsx", _excel, dated=True),
        ExportKind("units", "各股室任务清单", ".xlsx", _units, dated=True),
        ExportKind("report", "阶段工作进展情况和工作安排（Word）", ".docx", _report, dated=True),
        ExportKind("summary", "年度工作总结（Word）", ".docx", _summary, dated=True),
        ExportKind("json", "JSON 数据（供其他系统读取）", ".json", _json),
    )
}


def unit_sheet_units(plan: PlanTree) -> list[str]:
    """The units that get a 各股室任务清单 sheet when none is named: every 股室 with a task to answer for
    (UserError, in Chinese, when there is none)."""
    from ecodesk.io.unit_sheets import collect

    return [sheet.unit for sheet in collect(plan)]


def export_plan(db: Database, plan_id: int, kind: str, path: Path, options: ExportOptions | None = None) -> Path:
    """Write one export of the plan to `path` (atomically) and return the path written: the plan as of
    `options.as_of` (domain/reporting: no status, percent or progress dated later), or for the dated
    kinds as of today; the JSON and the Word plan without a day as stored."""
    from ecodesk.services.plans import load_plan  # here: the GUI lists the kinds before SQLAlchemy is loaded

    chosen, options = EXPORT_KINDS[kind], options or ExportOptions()
    day = options.as_of or (options.period.end if options.period else None)
    if day is None and chosen.dated:
        day = dt.date.today()
    plan = load_plan(db, plan_id, as_of=day)
    if options.next_plan_year is not None:
        options = replace(options, next_plan=_next_plan(db, plan, options.next_plan_year))
    return chosen.write(plan, Path(path), options)


def _next_plan(db: Database, plan: PlanTree, year: int) -> PlanTree:
    """The same bureau's plan of a later year, as stored (UserError, in Chinese, when there is none)."""
    from ecodesk.domain.errors import UserError
    from ecodesk.services.plans import load_plan, resolve_plan

    if year <= plan.year:
        raise UserError(f"--with-next-plan 的年份 {year} 应晚于总结的年份 {plan.year}")
    return load_plan(db, resolve_plan(db, year, plan.bureau).id)
